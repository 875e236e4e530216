package dev.bulwark.retry;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of synchronous hedged attempts when a {@link Hedge} has none configured: a cached
 * pool of daemon threads named {@code bulwark-hedge-N}, created on first use (holder idiom) and
 * shared by every hedge of the class loader. Threads are created as hedges need them (at most
 * {@code maxAttempts - 1} per hedged call in flight) and end after 60 s idle. A
 * {@link ThreadPoolExecutor} clears a thread's interrupt between tasks, so a cancelled loser's
 * interrupt does not reach the next attempt.
 */
final class DefaultHedgeExecutor {

  private DefaultHedgeExecutor() {}

  private static final class Holder {
    static final Executor INSTANCE = create();

    private static Executor create() {
      AtomicInteger threads = new AtomicInteger();
      return new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          task -> {
            Thread thread = new Thread(task, "bulwark-hedge-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
    }
  }

  static Executor get() {
    return Holder.INSTANCE;
  }
}
