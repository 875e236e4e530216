package dev.bulwark.circuitbreaker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: it records one-shot tasks with their delays, and the test
 * runs them with {@link #runAll()}. After {@link #shutdown()} it refuses new tasks.
 */
final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  /** A recorded task. */
  static final class Task implements ScheduledFuture<Object> {
    final Runnable action;
    final long delayNanos;
    private boolean cancelled;
    private boolean done;

    Task(Runnable action, long delayNanos) {
      this.action = action;
      this.delayNanos = delayNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = !done;
      return cancelled;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private boolean shutdown;

  /** Returns the delays of the pending tasks, in nanoseconds. */
  synchronized List<Long> pendingDelays() {
    List<Long> delays = new ArrayList<>();
    for (Task t : tasks) {
      delays.add(t.delayNanos);
    }
    return delays;
  }

  /** Runs and forgets every pending task that was not cancelled. */
  void runAll() {
    List<Task> due;
    synchronized (this) {
      due = new ArrayList<>(tasks);
      tasks.clear();
    }
    for (Task t : due) {
      if (!t.cancelled) {
        t.done = true;
        t.action.run();
      }
    }
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    Task t = new Task(command, unit.toNanos(delay));
    tasks.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return isShutdown();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  @Override
  public void execute(Runnable command) {
    throw new UnsupportedOperationException();
  }
}
