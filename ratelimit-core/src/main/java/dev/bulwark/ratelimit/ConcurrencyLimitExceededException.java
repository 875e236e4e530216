package dev.bulwark.ratelimit;

import dev.bulwark.core.RejectedException;

/**
 * Thrown when a {@link ConcurrencyLimiter} used as a {@link dev.bulwark.core.Policy} has no free
 * permit. The retry-after is {@link RejectedException#UNKNOWN}: a permit frees up when some call in
 * flight finishes, which no clock predicts. Has no stack trace (rejections are cheap).
 */
public final class ConcurrencyLimitExceededException extends RejectedException {

  private static final long serialVersionUID = 1L;

  /** The limit in force when the call was refused. */
  private final int limit;

  /**
   * Creates the exception.
   *
   * @param limiterName the refusing limiter's name
   * @param limit the limit in force, that many calls being in flight
   */
  public ConcurrencyLimitExceededException(String limiterName, int limit) {
    super(
        "concurrency limiter '" + limiterName + "' refused: " + limit + " calls already in flight",
        limiterName,
        UNKNOWN);
    this.limit = limit;
  }

  /**
   * Returns the limit in force when the call was refused.
   *
   * @return the most calls in flight at that moment
   */
  public int limit() {
    return limit;
  }
}
