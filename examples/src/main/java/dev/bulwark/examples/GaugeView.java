package dev.bulwark.examples;

import java.util.Objects;

/**
 * One concurrency limiter as {@code GET /api/state} shows it.
 *
 * @param name the limiter's name, e.g. {@code stream}
 * @param scope {@code global}, or {@code per client IP} (then {@code inFlight} is the total over
 *     all clients and {@code limit} the total limit)
 * @param inFlight requests holding a permit now
 * @param limit the most permits it grants at once
 */
public record GaugeView(String name, String scope, int inFlight, int limit) {

  /**
   * Validates.
   *
   * @param name the limiter's name, e.g. {@code stream}
   * @param scope {@code global}, or {@code per client IP} (then {@code inFlight} is the total over
   *     all clients and {@code limit} the total limit)
   * @param inFlight requests holding a permit now
   * @param limit the most permits it grants at once
   * @throws NullPointerException if a string is null
   * @throws IllegalArgumentException if {@code inFlight} is negative or {@code limit} below 1
   */
  public GaugeView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    if (inFlight < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "inFlight must be >= 0 and limit >= 1 but were " + inFlight + " and " + limit);
    }
  }
}
