package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs a limiter's asynchronous decisions, at most {@code maxInFlight} waiting on Redis at a time:
 * with a {@link CombiningRunner} that combines calls, each decision's call is queued and sent in a
 * pipelined batch by a flush on the executor (at most two flushes at a time, whatever the number
 * of callers);
 * otherwise each decision is a blocking Jedis round trip handed to the executor.
 *
 * <h2>How it works, and why</h2>
 * Jedis is blocking, so a Redis call takes a thread while it waits; what the caller gains is that
 * <em>its</em> thread (an event loop) never waits for Redis. Combined, an executor thread sends
 * the waiting decisions' calls in one round trip, so the number of callers does not set the
 * number of threads. The bound is
 * one atomic counter: a decision that finds {@code maxInFlight} calls running is not queued (a
 * queue behind a slow Redis only grows the wait) but returned as null, and the caller decides it by
 * the failure policy at once. The default executor creates daemon threads on demand, two when
 * calls are combined ({@link CombiningRunner#MAX_SENDERS}, the most flushes a limiter runs at a
 * time), else up to {@code maxInFlight}, and lets
 * them die after 60 s idle (a slot is freed before the decision
 * completes, so a caller that starts its next decision on completion finds it free), so a limiter that is never used
 * asynchronously costs no thread and needs no {@code close()}.
 */
final class AsyncCalls {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Executor executor;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param executor the executor, or null for a default one of {@code defaultThreads} daemon threads
   *     made on demand
   */
  AsyncCalls(@Nullable Executor executor, int maxInFlight, int defaultThreads) {
    this.maxInFlight = maxInFlight;
    this.executor = executor != null ? executor : defaultExecutor(defaultThreads);
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
      executor.execute(() -> finish(result, call));
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return null;
    }
    return result;
  }

  /**
   * Starts a decision that needs one script call: queued on {@code runner} if it combines calls,
   * else run on the executor as {@link #start(Supplier)} does.
   *
   * @param decode turns the script's reply into a result; throws if the reply is malformed
   * @param decide makes the decision from the result, or from null when Redis could not be used
   *     (the failure policy); never throws
   * @return the decision to come, or null if the call was not started ({@code maxInFlight}
   *     decisions waiting, the executor refused, or the breaker refused the call)
   */
  <R, T> @Nullable CompletableFuture<T> start(
      CombiningRunner runner,
      RedisGuard guard,
      LuaScript script,
      List<byte[]> keys,
      List<byte[]> args,
      Function<Object, R> decode,
      Decide<R, T> decide) {
    if (!runner.combinesAsync()) {
      return start(() -> decide.apply(guard.call(() -> decode.apply(runner.run(script, keys, args)))));
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return null;
    }
    long ticket = guard.permit();
    if (ticket == CircuitBreaker.NOT_PERMITTED) {
      inFlight.decrementAndGet();
      return null;
    }
    long start = guard.now();
    CompletableFuture<T> result = new CompletableFuture<>();
    runner.submit(ScriptCall.completedBy(script, keys, args, (reply, failure) -> finish(result, () -> {
      R decoded = guard.complete(ticket, start, () -> {
        if (failure != null) {
          throw failure;
        }
        if (reply == null) {
          throw new JedisDataException(script + " returned nil");
        }
        return decode.apply(reply);
      });
      return decide.apply(decoded);
    })));
    return result;
  }

  /**
   * Completes {@code result} with what {@code value} gives (or throws), freeing the call's slot
   * first: a caller woken by the completion may start its next decision at once, and must find its
   * slot free.
   */
  private <T> void finish(CompletableFuture<T> result, Supplier<T> value) {
    T v;
    try {
      v = value.get();
    } catch (RuntimeException | Error e) {
      inFlight.decrementAndGet();
      result.completeExceptionally(e);
      return;
    }
    inFlight.decrementAndGet();
    result.complete(v);
  }

  /**
   * Makes a decision from a script's decoded reply, or by the failure policy.
   *
   * @param <R> the decoded reply
   * @param <T> the decision
   */
  @FunctionalInterface
  interface Decide<R, T> {
    /**
     * Decides.
     *
     * @param result the decoded reply, or null when Redis could not be used
     * @return the decision; never throws
     */
    T apply(@Nullable R result);
  }

  /** The executor of this limiter's asynchronous work. */
  Executor executor() {
    return executor;
  }

  /** The calls running now. */
  int inFlight() {
    return inFlight.get();
  }

  int maxInFlight() {
    return maxInFlight;
  }
}
