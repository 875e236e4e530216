package dev.bulwark.http;

/**
 * The health of one component of a {@link HealthReport}, or of the whole, from best to worst. The
 * whole is as healthy as its worst component.
 */
public enum HealthStatus {
  /** Working normally. */
  UP,
  /**
   * Working with reduced capacity or confidence: a circuit breaker probing in HALF_OPEN, a
   * concurrency limiter near its limit, a rate limiter on its local fallback. A {@code /health}
   * endpoint still answers 200.
   */
  DEGRADED,
  /** Not working: a circuit breaker OPEN or FORCED_OPEN. A {@code /health} endpoint answers 503. */
  DOWN;

  /**
   * Returns the worse of two statuses.
   *
   * @param other the other status
   * @return {@code this} or {@code other}, whichever comes later in {@link #values()}
   */
  public HealthStatus worse(HealthStatus other) {
    return other.compareTo(this) > 0 ? other : this;
  }
}
