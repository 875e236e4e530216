package dev.bulwark.http;

/**
 * How the legacy {@code X-RateLimit-Reset} field states when the limit resets
 * ({@link EdgeBuilder#legacyRateLimitReset}): there is no standard, and clients were written
 * against one or the other.
 */
public enum LegacyRateLimitReset {
  /** Seconds from now, as the {@code t} parameter of {@code RateLimit} (the default). */
  DELTA_SECONDS,
  /**
   * The Unix time in whole seconds (the edge's clock plus the delta), as Python's slowapi and
   * Flask-Limiter send it.
   */
  EPOCH_SECONDS
}
