package dev.bulwark.examples.scenario;

import java.util.Objects;

/**
 * One line of the scenario's report: what a client kind, a route, or a kind on a route sent and
 * what it got back. Every request sent lands in exactly one outcome column, so
 * {@code sent == permitted + tooManyRequests + unavailable + badRequest + other + failed}.
 *
 * @param name the kind's label or the route key
 * @param sent requests sent
 * @param permitted answers with a status below 400
 * @param tooManyRequests 429 answers
 * @param unavailable 503 answers
 * @param badRequest 400 answers
 * @param other answers with any other status of 400 or more (401, 403, 413, 502, 504...)
 * @param failed requests without an answer (connection refused, timeout)
 * @param p50Nanos the median latency of the answered requests, -1 if none
 * @param p99Nanos the 99th percentile latency of the answered requests, -1 if none
 */
public record TrafficRow(
    String name,
    long sent,
    long permitted,
    long tooManyRequests,
    long unavailable,
    long badRequest,
    long other,
    long failed,
    long p50Nanos,
    long p99Nanos) {

  /**
   * Validates the accounting.
   *
   * @param name the kind's label or the route key
   * @param sent requests sent
   * @param permitted answers with a status below 400
   * @param tooManyRequests 429 answers
   * @param unavailable 503 answers
   * @param badRequest 400 answers
   * @param other answers with any other status of 400 or more (401, 403, 413, 502, 504...)
   * @param failed requests without an answer (connection refused, timeout)
   * @param p50Nanos the median latency of the answered requests, -1 if none
   * @param p99Nanos the 99th percentile latency of the answered requests, -1 if none
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if a count is negative or the outcomes do not add up to
   *     {@code sent}
   */
  public TrafficRow {
    Objects.requireNonNull(name, "name");
    long outcomes = permitted + tooManyRequests + unavailable + badRequest + other + failed;
    if (permitted < 0 || tooManyRequests < 0 || unavailable < 0 || badRequest < 0 || other < 0 || failed < 0
        || outcomes != sent) {
      throw new IllegalArgumentException(
          "the outcomes of " + name + " must be >= 0 and add up to sent (" + sent + ") but were "
              + permitted + " + " + tooManyRequests + " + " + unavailable + " + " + badRequest + " + "
              + other + " + " + failed);
    }
  }
}
