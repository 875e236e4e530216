package dev.bulwark.ratelimit.decisions;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;

/**
 * Turns one rate-limit decision into the caller's own result: a granted decision as its parts
 * (no {@link RateLimitDecision} is built for it), a refused one as the decision itself. Not API.
 *
 * <p>The parts of a grant are exactly the components the same limiter's
 * {@code tryAcquireDecision} would have put into its {@link RateLimitDecision} (allowed, with a
 * retry-after of 0).
 *
 * @param <R> the caller's result type
 */
public interface DecisionReader<R> {

  /**
   * Reads a granted decision.
   *
   * @param limit the limit the decision describes (of several, the one with the fewest permits left)
   * @param remaining permits still available at once after this decision, at least 0
   * @param resetAfterNanos nanoseconds until the limit is back to its full burst, at least 0
   * @return the caller's result
   */
  R granted(RateLimit limit, long remaining, long resetAfterNanos);

  /**
   * Reads a refused decision.
   *
   * @param decision the decision, not allowed
   * @return the caller's result
   */
  R refused(RateLimitDecision decision);
}
