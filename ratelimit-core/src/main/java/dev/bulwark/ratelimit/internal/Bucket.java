package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.decisions.DecisionReader;

/**
 * The state of one rate limit for one key, and the algorithm that updates it. Limiters read the
 * clock once and pass it in, so buckets never touch a ticker.
 *
 * <p>All methods are thread-safe and, except the {@code *Decision} methods, allocation-free.
 * Times are ticker readings; buckets compare them only by difference, so any origin works.
 */
public abstract class Bucket {

  /** Returned by {@link #tryAcquire} when the permits exceed the capacity: no wait helps. */
  public static final long NEVER = Long.MAX_VALUE;

  /** Returned by {@link #reserve} when the wait would exceed the caller's maximum. */
  public static final long REFUSED = Long.MIN_VALUE;

  /** Creates a bucket. */
  protected Bucket() {}

  /**
   * Takes permits if they are available now.
   *
   * @param now the current ticker reading
   * @param permits at least 1
   * @return 0 if granted; otherwise the nanoseconds until the same request can succeed, or
   *     {@link #NEVER} when {@code permits} exceeds the burst. Nothing is consumed when refused.
   */
  public abstract long tryAcquire(long now, int permits);

  /**
   * Tells what {@link #tryAcquire} would return, without consuming.
   *
   * @param now the current ticker reading
   * @param permits at least 1
   * @return as {@link #tryAcquire}
   */
  public abstract long peek(long now, int permits);

  /**
   * Books permits for a caller willing to wait up to {@code maxWaitNanos}.
   *
   * @param now the current ticker reading
   * @param permits at least 1
   * @param maxWaitNanos the longest acceptable wait, at least 0
   * @return a value {@code >= 0}: the permits are consumed and usable after that many nanoseconds;
   *     {@link #REFUSED}: the wait would exceed {@code maxWaitNanos} (or {@code permits} exceeds the
   *     burst), nothing consumed; any other negative value {@code -w}: this algorithm cannot book
   *     future capacity, nothing consumed, try again in {@code w} nanoseconds ({@code w <= maxWaitNanos})
   */
  public abstract long reserve(long now, int permits, long maxWaitNanos);

  /**
   * Gives back permits taken by a successful {@link #tryAcquire} (or booked by {@link #reserve}), for
   * all-or-nothing decisions over several buckets. Never leaves the bucket fuller than full.
   *
   * @param now the reading passed to the call that took the permits: window algorithms use it to
   *     find the window (or log entries) the permits were counted in
   * @param permits the permits taken
   */
  public abstract void refund(long now, int permits);

  /**
   * Returns how many permits could be taken at once now.
   *
   * @param now the current ticker reading
   * @return a count in {@code [0, burst]}
   */
  public abstract long remaining(long now);

  /**
   * Returns the nanoseconds until the bucket is back to its full burst.
   *
   * @param now the current ticker reading
   * @return nanoseconds, 0 if full
   */
  public abstract long resetAfterNanos(long now);

  /**
   * Returns the limit whose state this bucket keeps (for several limits, the first).
   *
   * @return the limit
   */
  public abstract RateLimit limit();

  /**
   * Takes permits if available and describes the outcome.
   *
   * @param now the current ticker reading
   * @param permits at least 1
   * @return the decision
   */
  public RateLimitDecision tryAcquireDecision(long now, int permits) {
    long wait = tryAcquire(now, permits);
    return describe(wait == 0, wait, now);
  }

  /**
   * Describes what {@link #tryAcquireDecision} would decide, without consuming.
   *
   * @param now the current ticker reading
   * @param permits at least 1
   * @return the decision
   */
  public RateLimitDecision peekDecision(long now, int permits) {
    long wait = peek(now, permits);
    return describe(wait == 0, wait, now);
  }

  /**
   * Hands a grant that {@link #tryAcquire} just made to {@code reader}, with the parts
   * {@link #tryAcquireDecision} would have put into its decision.
   *
   * @param now the ticker reading the permits were taken at
   * @param reader what reads the grant
   * @param <R> the reader's result type
   * @return what {@code reader} returned
   */
  public <R> R readGrant(long now, DecisionReader<R> reader) {
    return reader.granted(limit(), remaining(now), resetAfterNanos(now));
  }

  /**
   * Describes a refusal that {@link #tryAcquire} just returned, as {@link #tryAcquireDecision}
   * would have.
   *
   * @param now the ticker reading of the refusal
   * @param wait what {@link #tryAcquire} returned, not 0
   * @param permits the permits asked for
   * @return the refused decision
   */
  public RateLimitDecision refusal(long now, long wait, int permits) {
    return describe(false, wait, now);
  }

  /**
   * Builds a decision for this bucket's limit from its current state.
   *
   * @param allowed whether the permits were (or would be) granted
   * @param wait the wait returned by {@link #tryAcquire} or {@link #peek}
   * @param now the current ticker reading
   * @return the decision
   */
  protected RateLimitDecision describe(boolean allowed, long wait, long now) {
    return new RateLimitDecision(
        allowed, limit(), remaining(now), allowed ? 0 : wait, resetAfterNanos(now));
  }
}
