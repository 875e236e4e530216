package dev.bulwark.ratelimit;

import dev.bulwark.core.RejectedException;
import java.time.Duration;

/**
 * Thrown when a {@link RateLimiter} used as a {@link dev.bulwark.core.Policy} refuses a call.
 * Carries the retry-after; has no stack trace (rejections are cheap).
 */
public final class RateLimitExceededException extends RejectedException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param limiterName the refusing limiter's name
   * @param retryAfterNanos nanoseconds until a retry can succeed, {@link Long#MAX_VALUE} if never
   */
  public RateLimitExceededException(String limiterName, long retryAfterNanos) {
    super(message(limiterName, retryAfterNanos), limiterName, retryAfterNanos);
  }

  private static String message(String name, long retryAfterNanos) {
    return retryAfterNanos == Long.MAX_VALUE
        ? "rate limiter '" + name + "' refused: more permits than its capacity"
        : "rate limiter '" + name + "' refused: retry after " + Duration.ofNanos(retryAfterNanos);
  }
}
