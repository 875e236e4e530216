package dev.bulwark.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * One rate-limit decision, as delivered to a {@link RateLimiterListener}: {@link Permitted} or
 * {@link Rejected}. Events are small immutable records, built only when the limiter has a listener.
 */
public sealed interface RateLimiterEvent {

  /**
   * Returns the name of the limiter that decided (for a hierarchy, of the deciding level).
   *
   * @return the limiter's name
   */
  String limiterName();

  /**
   * Returns the key of the decision.
   *
   * @return the key for keyed limiters, null for a single limiter
   */
  @Nullable Object key();

  /**
   * Returns how many permits were asked for.
   *
   * @return the permits, at least 1
   */
  int permits();

  /**
   * Returns whether the permits were granted: true exactly for {@link Permitted}.
   *
   * @return whether the decision permitted
   */
  boolean permitted();

  /**
   * Returns how long until a retry can succeed.
   *
   * @return nanoseconds for a {@link Rejected} decision ({@link Long#MAX_VALUE} if never); 0 when
   *     permitted
   */
  long retryAfterNanos();

  /**
   * The permits were granted.
   *
   * @param limiterName the limiter's name
   * @param key the key for keyed limiters, null for a single limiter
   * @param permits how many permits were asked for
   */
  record Permitted(String limiterName, @Nullable Object key, int permits) implements RateLimiterEvent {

    /** Always true. */
    @Override
    public boolean permitted() {
      return true;
    }

    /** Always 0. */
    @Override
    public long retryAfterNanos() {
      return 0L;
    }
  }

  /**
   * The permits were refused.
   *
   * @param limiterName the limiter's name
   * @param key the key for keyed limiters, null for a single limiter
   * @param permits how many permits were asked for
   * @param retryAfterNanos nanoseconds until a retry can succeed ({@link Long#MAX_VALUE} if never)
   */
  record Rejected(String limiterName, @Nullable Object key, int permits, long retryAfterNanos)
      implements RateLimiterEvent {

    /** Always false. */
    @Override
    public boolean permitted() {
      return false;
    }
  }
}
