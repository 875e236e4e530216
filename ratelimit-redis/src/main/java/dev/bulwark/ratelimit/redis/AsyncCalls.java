package dev.bulwark.ratelimit.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a limiter's asynchronous decisions: each one is a blocking Jedis round trip handed to an
 * executor, at most {@code maxInFlight} at a time.
 *
 * <h2>How it works, and why</h2>
 * Jedis is blocking, so an asynchronous decision is a synchronous one run on another thread; what
 * the caller gains is that <em>its</em> thread (an event loop) never waits for Redis. The bound is
 * one atomic counter: a decision that finds {@code maxInFlight} calls running is not queued (a
 * queue behind a slow Redis only grows the wait) but returned as null, and the caller decides it by
 * the failure policy at once. The default executor creates daemon threads on demand, up to
 * {@code maxInFlight}, and lets them die after 60 s idle (a slot is freed before the decision
 * completes, so a caller that starts its next decision on completion finds it free), so a limiter that is never used
 * asynchronously costs no thread and needs no {@code close()}.
 */
final class AsyncCalls {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Executor executor;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  AsyncCalls(@Nullable Executor executor, int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.executor = executor != null ? executor : defaultExecutor(maxInFlight);
  }

  private static Executor defaultExecutor(int threads) {
    ThreadFactory daemons = task -> {
      Thread t = new Thread(task, "bulwark-redis-async-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // maxInFlight threads at most; the queue never holds more than the few tasks whose thread is
    // still returning to the pool (the in-flight count bounds the tasks), so it never rejects.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Starts {@code call} on the executor, unless {@code maxInFlight} calls are running or the
   * executor refuses it.
   *
   * @param call a decision that never throws (failures are decided by the failure policy inside)
   * @return the decision to come, or null if the call was not started
   */
  <T> @Nullable CompletableFuture<T> start(Supplier<T> call) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return null;
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        T value;
        try {
          value = call.get();
        } catch (RuntimeException | Error e) {
          inFlight.decrementAndGet();
          result.completeExceptionally(e);
          return;
        }
        // Free the slot before completing: a caller woken by the completion may start its next
        // decision at once, and must find its slot free.
        inFlight.decrementAndGet();
        result.complete(value);
      });
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return null;
    }
    return result;
  }

  /** The calls running now. */
  int inFlight() {
    return inFlight.get();
  }

  int maxInFlight() {
    return maxInFlight;
  }
}
