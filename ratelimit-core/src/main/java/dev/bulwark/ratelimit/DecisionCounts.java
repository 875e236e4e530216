package dev.bulwark.ratelimit;

/**
 * The statistics view of a rate limiter: a live, read-only view of how many decisions it has made
 * since it was built, for metrics. Obtained from {@link RateLimiter#stats()} (and the keyed and
 * hierarchical equivalents), present only when the limiter was built with {@code recordStats()} on
 * its builder; the limiter updates it on every decision.
 *
 * <p>Counts are cumulative and never reset: a {@code tryAcquire}, {@code tryAcquireDecision} or
 * {@code acquire} counts as one decision however many permits it asked for; {@code peek} is not a
 * decision. Reads are thread-safe and lock-free; while decisions go on, the two counts are read one
 * after the other, not as an atomic pair.
 */
public interface DecisionCounts {

  /**
   * Returns the decisions that granted their permits.
   *
   * @return a count, at least 0
   */
  long permitted();

  /**
   * Returns the decisions that refused their permits.
   *
   * @return a count, at least 0
   */
  long rejected();
}
