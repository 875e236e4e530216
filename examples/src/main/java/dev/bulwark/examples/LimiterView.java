package dev.bulwark.examples;

import java.util.Objects;

/**
 * One rate limiter as {@code GET /api/state} shows it.
 *
 * @param name the limiter's name, e.g. {@code search}
 * @param limit its limit as configured, e.g. {@code 30/minute}
 * @param scope what it keys on: {@code per client IP} or {@code global}
 * @param trackedKeys how many keys it currently holds (1 for a global limiter)
 * @param permitted requests it let through since the start
 * @param rejected requests it rejected since the start
 */
public record LimiterView(
    String name, String limit, String scope, long trackedKeys, long permitted, long rejected) {

  /**
   * Validates.
   *
   * @param name the limiter's name, e.g. {@code search}
   * @param limit its limit as configured, e.g. {@code 30/minute}
   * @param scope what it keys on: {@code per client IP} or {@code global}
   * @param trackedKeys how many keys it currently holds (1 for a global limiter)
   * @param permitted requests it let through since the start
   * @param rejected requests it rejected since the start
   * @throws NullPointerException if a string is null
   * @throws IllegalArgumentException if a count is negative
   */
  public LimiterView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(scope, "scope");
    if (trackedKeys < 0 || permitted < 0 || rejected < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0 but were " + trackedKeys + ", " + permitted + ", " + rejected);
    }
  }
}
