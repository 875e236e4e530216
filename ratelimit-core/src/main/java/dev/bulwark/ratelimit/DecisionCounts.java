package dev.bulwark.ratelimit;

/**
 * A live, read-only view of how many decisions a rate limiter has made since it started counting,
 * for metrics. Obtained from {@link RateLimiter#countDecisions()} (and the keyed and hierarchical
 * equivalents); the limiter updates it on every decision once counting has started.
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
