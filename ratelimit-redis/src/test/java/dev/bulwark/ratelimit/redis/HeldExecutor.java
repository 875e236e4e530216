package dev.bulwark.ratelimit.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test says so: shows which thread makes a Redis call. */
final class HeldExecutor implements Executor {

  private final List<Runnable> held = new ArrayList<>();

  @Override
  public synchronized void execute(Runnable task) {
    held.add(task);
  }

  /** Runs every task held now, on the calling thread. */
  void runAll() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(held);
      held.clear();
    }
    now.forEach(Runnable::run);
  }

  synchronized int waiting() {
    return held.size();
  }
}
