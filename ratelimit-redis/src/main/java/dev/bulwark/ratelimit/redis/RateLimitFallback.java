package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RedisKeyedRateLimiter} decides while Redis cannot be used, one implementation per
 * {@link FailurePolicy}. Thread-safe.
 *
 * @param <K> the key type
 */
interface RateLimitFallback<K> {

  /** The shortest retry-after a fail-closed refusal announces, when the breaker is not open. */
  long MIN_CLOSED_RETRY_NANOS = 1_000_000_000L;

  /**
   * Decides without Redis.
   *
   * @param take whether the permits are taken (false for a peek)
   */
  RateLimitDecision decide(K key, int permits, boolean take);

  /**
   * Grants whatever fits the smallest burst, describing that limit as a fresh key would after the
   * request (remaining = burst - permits; reset unknown, reported as 0).
   */
  static <K> RateLimitFallback<K> failOpen(List<RateLimit> limits) {
    RateLimit smallest = limits.get(0);
    for (RateLimit limit : limits) {
      if (limit.burst() < smallest.burst()) {
        smallest = limit;
      }
    }
    RateLimit described = smallest;
    return (key, permits, take) -> {
      if (permits > described.burst()) {
        return new RateLimitDecision(false, described, described.burst(), Long.MAX_VALUE, 0);
      }
      return new RateLimitDecision(true, described, described.burst() - (take ? permits : 0), 0, 0);
    };
  }

  /**
   * Refuses everything, with no permit remaining; the retry-after (and reset) is the breaker's
   * remaining open time, at least {@link #MIN_CLOSED_RETRY_NANOS}.
   */
  static <K> RateLimitFallback<K> failClosed(RateLimit first, CircuitBreaker breaker) {
    return (key, permits, take) -> {
      long wait = Math.max(breaker.remainingOpenNanos(), MIN_CLOSED_RETRY_NANOS);
      return new RateLimitDecision(false, first, 0, wait, wait);
    };
  }

  /** Decides with an in-process limiter holding the limits divided by {@code instances}. */
  static <K> RateLimitFallback<K> local(KeyedRateLimiter<K> local) {
    return (key, permits, take) ->
        take ? local.tryAcquireDecision(key, permits) : local.peek(key, permits);
  }

  /**
   * Divides each limit among {@code instances}: {@code permits / instances} per period and
   * {@code burst / instances} at once, rounded down, but at least 1 each.
   */
  static List<RateLimit> divide(List<RateLimit> limits, int instances) {
    List<RateLimit> divided = new ArrayList<>(limits.size());
    for (RateLimit limit : limits) {
      Duration period = limit.period();
      divided.add(
          RateLimit.of(Math.max(1, limit.permits() / instances), period)
              .withBurst(Math.max(1, limit.burst() / instances)));
    }
    return List.copyOf(divided);
  }
}
