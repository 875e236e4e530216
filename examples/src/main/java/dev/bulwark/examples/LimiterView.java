package dev.bulwark.examples;

import java.util.Objects;

/**
 * One rate limiter as {@code GET /api/state} shows it.
 *
 * @param name the limiter's name, e.g. {@code search}
 * @param limit its limit as configured, e.g. {@code 30/minute}
 * @param scope what it keys on: {@code per client IP} or {@code global}
 * @param trackedKeys how many keys it currently holds (1 for a global limiter), or -1 when unknown
 *     (the keys are in Redis, or the limiter counts keys only over all its levels)
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
   * @param trackedKeys how many keys it currently holds (1 for a global limiter), or -1 when
   *     unknown (the keys are in Redis, or the limiter counts keys only over all its levels)
   * @param permitted requests it let through since the start
   * @param rejected requests it rejected since the start
   * @throws NullPointerException if a string is null
   * @throws IllegalArgumentException if {@code trackedKeys} is below -1 or a count is negative
   */
  public LimiterView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(scope, "scope");
    if (trackedKeys < -1 || permitted < 0 || rejected < 0) {
      throw new IllegalArgumentException("trackedKeys must be >= -1 and counts >= 0 but were "
          + trackedKeys + ", " + permitted + ", " + rejected);
    }
  }
}
