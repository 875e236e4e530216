package dev.bulwark.ratelimit.decisions;

import dev.bulwark.ratelimit.KeyedRateLimiter;

/**
 * A keyed rate limiter that can hand a decision to a {@link DecisionReader} instead of building a
 * {@link dev.bulwark.ratelimit.RateLimitDecision} for it. Not API: the in-memory keyed limiter
 * implements it; other limiters are asked through {@link KeyedRateLimiter#tryAcquireDecision}.
 *
 * @param <K> the key type
 */
public interface ReadableKeyedLimiter<K> {

  /**
   * Decides exactly as {@link KeyedRateLimiter#tryAcquireDecision(Object, int)} does (the same
   * permits taken, the same listener event and counts), and hands the decision to {@code reader}:
   * a grant as its parts, a refusal as its decision.
   *
   * @param key the key
   * @param permits the permits to take, at least 1
   * @param reader what turns the decision into the result
   * @param <R> the result type
   * @return what {@code reader} returned
   * @throws NullPointerException if {@code key} or {@code reader} is null
   * @throws IllegalArgumentException if {@code permits} is less than 1
   */
  <R> R tryAcquire(K key, int permits, DecisionReader<R> reader);
}
