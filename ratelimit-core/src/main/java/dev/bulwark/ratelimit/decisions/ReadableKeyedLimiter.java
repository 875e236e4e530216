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

  /**
   * Decides as {@link #tryAcquire(Object, int, DecisionReader)} does, at a reading of the limiter's
   * ticker the caller took, so that a caller who needs the time anyway (the edge, for its circuit
   * breaker's start) reads the clock once for both. A key the limiter does not track yet gets a new
   * full bucket and is decided at a fresh reading, as {@link #tryAcquire(Object, int, DecisionReader)}
   * does after its first one.
   *
   * @param key the key
   * @param permits the permits to take, at least 1
   * @param now a reading of the ticker this limiter was built with, taken just before the call
   * @param reader what turns the decision into the result
   * @param <R> the result type
   * @return what {@code reader} returned
   * @throws NullPointerException if {@code key} or {@code reader} is null
   * @throws IllegalArgumentException if {@code permits} is less than 1
   */
  <R> R tryAcquire(K key, int permits, long now, DecisionReader<R> reader);
}
