package dev.bulwark.ratelimit.redis;

import org.jspecify.annotations.Nullable;

/**
 * A Redis limiter stopped or resumed using Redis, delivered to its {@link RedisFallbackListener}s
 * and logged (once per transition) whether or not anyone listens. While in fallback the limiter
 * decides by its {@link FailurePolicy}.
 *
 * <p>Fallback follows the circuit breaker that guards Redis: it begins when the breaker stops
 * letting calls through, and ends when a call succeeds with the breaker closed again. A single
 * failed call while the breaker stays closed (say, one dead node of a cluster whose other nodes
 * answer) is decided by the policy too, but is no transition: it is logged at debug level only.
 */
public sealed interface RedisFallbackEvent {

  /**
   * Returns the name of the limiter that emitted the event.
   *
   * @return the limiter's name
   */
  String limiterName();

  /**
   * Returns the limiter's failure policy: what it decides while in fallback.
   *
   * @return the policy
   */
  FailurePolicy policy();

  /**
   * The breaker stopped letting Redis calls through, and the limiter decides by its policy until
   * Redis answers again. Emitted once per outage.
   *
   * @param limiterName the limiter
   * @param policy what it decides now
   * @param cause the failure that opened the breaker (what the call threw, or a
   *     {@link java.util.concurrent.TimeoutException} for a call slower than the call timeout), or
   *     null when the breaker was found refusing calls (opened by another limiter sharing it, or
   *     forced open)
   */
  record Entered(String limiterName, FailurePolicy policy, @Nullable Throwable cause)
      implements RedisFallbackEvent {}

  /**
   * A Redis call succeeded with the breaker closed again (after its trial calls succeeded), and
   * the limiter decides with Redis once more.
   *
   * @param limiterName the limiter
   * @param policy the policy that applied during the outage
   * @param fallbackNanos how long the limiter was in fallback, by its ticker
   */
  record Left(String limiterName, FailurePolicy policy, long fallbackNanos)
      implements RedisFallbackEvent {}
}
