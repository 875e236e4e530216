package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one rate-limit decision, with what the {@code RateLimit}, {@code RateLimit-Policy}
 * and {@code Retry-After} response headers need.
 *
 * <p>When several limits apply, the decision describes the one that refused, or when all allowed,
 * the one with the fewest remaining permits.
 *
 * @param allowed whether the permits were granted
 * @param limit the limit this decision describes
 * @param remaining permits still available at once after this decision, in {@code [0, burst]}
 * @param retryAfterNanos when refused: nanoseconds until the same request can succeed
 *     ({@link Long#MAX_VALUE} if it never can, because it asks for more than the burst); 0 when allowed
 * @param resetAfterNanos nanoseconds until the limit is back to its full burst
 */
public record RateLimitDecision(
    boolean allowed, RateLimit limit, long remaining, long retryAfterNanos, long resetAfterNanos) {

  /**
   * Validates the components.
   *
   * @param allowed whether the permits were granted
   * @param limit the limit this decision describes
   * @param remaining permits still available at once, at least 0
   * @param retryAfterNanos nanoseconds until a retry can succeed, 0 when allowed
   * @param resetAfterNanos nanoseconds until the limit is full again, at least 0
   * @throws NullPointerException if {@code limit} is null
   * @throws IllegalArgumentException if a count or time is negative, or an allowed decision has a
   *     retry-after
   */
  public RateLimitDecision {
    Objects.requireNonNull(limit, "limit");
    if (remaining < 0 || retryAfterNanos < 0 || resetAfterNanos < 0) {
      throw new IllegalArgumentException(
          "remaining, retryAfterNanos and resetAfterNanos must be >= 0 but were "
              + remaining + ", " + retryAfterNanos + ", " + resetAfterNanos);
    }
    if (allowed && retryAfterNanos != 0) {
      throw new IllegalArgumentException("an allowed decision has no retry-after but was " + retryAfterNanos);
    }
  }

  /**
   * Returns {@link #retryAfterNanos()} as a duration.
   *
   * @return the wait; {@link Duration#ZERO} when allowed
   */
  public Duration retryAfter() {
    return Duration.ofNanos(retryAfterNanos);
  }

  /**
   * Returns the retry-after in whole seconds, rounded up, as the {@code Retry-After} header wants it.
   *
   * @return seconds; 0 when allowed
   */
  public long retryAfterSeconds() {
    return retryAfterNanos == Long.MAX_VALUE ? Long.MAX_VALUE / 1_000_000_000L : (retryAfterNanos + 999_999_999L) / 1_000_000_000L;
  }

  /**
   * Returns the reset time in whole seconds, rounded up.
   *
   * @return seconds until the limit is full again
   */
  public long resetAfterSeconds() {
    return (resetAfterNanos / 1_000_000_000L) + (resetAfterNanos % 1_000_000_000L == 0 ? 0 : 1);
  }
}
