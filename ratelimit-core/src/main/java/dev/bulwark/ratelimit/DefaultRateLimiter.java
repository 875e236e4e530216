package dev.bulwark.ratelimit;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.internal.Bucket;
import dev.bulwark.ratelimit.internal.Buckets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RateLimiter} for one bucket (one or several limits). Reads the ticker once per
 * decision; builds events only when a listener exists, and counts decisions only when built with
 * statistics ({@link #stats()}).
 */
final class DefaultRateLimiter implements RateLimiter {

  private final String name;
  private final List<RateLimit> limits;
  private final Bucket bucket;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final @Nullable RateLimiterListener listener;
  private final @Nullable DecisionCounter counter;
  private final Optional<DecisionCounts> stats;

  DefaultRateLimiter(
      String name,
      List<RateLimit> limits,
      RateLimitAlgorithm algorithm,
      Ticker ticker,
      Sleeper sleeper,
      @Nullable RateLimiterListener listener,
      boolean recordStats) {
    this.name = name;
    this.limits = limits;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.listener = listener;
    this.counter = recordStats ? new DecisionCounter() : null;
    this.stats = Optional.ofNullable(counter);
    this.bucket = Buckets.create(limits, algorithm, ticker.read());
  }

  @Override
  public boolean tryAcquire() {
    return decide(1) == 0;
  }

  @Override
  public boolean tryAcquire(int permits) {
    return decide(requirePermits(permits)) == 0;
  }

  private long decide(int permits) {
    long wait = bucket.tryAcquire(ticker.read(), permits);
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, name, null, permits, wait);
    }
    count(wait == 0);
    return wait;
  }

  private void count(boolean granted) {
    DecisionCounter c = counter;
    if (c != null) {
      c.record(granted);
    }
  }

  @Override
  public RateLimitDecision tryAcquireDecision(int permits) {
    RateLimitDecision decision = bucket.tryAcquireDecision(ticker.read(), requirePermits(permits));
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, name, null, permits, decision.retryAfterNanos());
    }
    count(decision.allowed());
    return decision;
  }

  @Override
  public RateLimitDecision peek(int permits) {
    return bucket.peekDecision(ticker.read(), requirePermits(permits));
  }

  @Override
  public boolean acquire(int permits, Duration maxWait) throws InterruptedException {
    requirePermits(permits);
    long maxWaitNanos = Durations.requireNonNegative("maxWait", maxWait);
    long start = ticker.read();
    long now = start;
    for (; ; ) {
      // The budget is computed from differences only: an absolute deadline would overflow (or
      // saturate) for readings near Long.MAX_VALUE. A sleep that overran leaves a budget of zero.
      long waited = now - start;
      long budget = waited <= 0 ? maxWaitNanos : Math.max(0, maxWaitNanos - waited);
      long booked = bucket.reserve(now, permits, budget);
      if (booked == Bucket.REFUSED) {
        RateLimiterListener l = listener;
        if (l != null) {
          // Refused for exceeding maxWait: report the wait that would have been needed (at least 1 ns).
          Listeners.notify(l, name, null, permits, Math.max(1, bucket.peek(now, permits)));
        }
        count(false);
        return false;
      }
      if (booked >= 0) {
        if (booked > 0) {
          try {
            sleeper.sleepNanos(booked);
          } catch (InterruptedException e) {
            bucket.refund(now, permits); // the reading of the booking, as Bucket.refund requires
            throw e;
          }
        }
        RateLimiterListener l = listener;
        if (l != null) {
          Listeners.notify(l, name, null, permits, 0);
        }
        count(true);
        return true;
      }
      // The algorithm cannot book ahead: sleep until the next chance, then try again.
      sleeper.sleepNanos(-booked);
      now = ticker.read();
    }
  }

  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    long wait = decide(1);
    if (wait != 0) {
      throw new RateLimitExceededException(name, wait);
    }
    return next.proceed(call);
  }

  @Override
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    long wait = decide(1);
    if (wait != 0) {
      return CompletableFuture.failedFuture(new RateLimitExceededException(name, wait));
    }
    return next.proceed(call);
  }

  @Override
  public List<RateLimit> limits() {
    return limits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<DecisionCounts> stats() {
    return stats;
  }

  static int requirePermits(int permits) {
    Preconditions.requireAtLeastOne("permits", permits);
    return permits;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + ", " + limits + "]";
  }
}
