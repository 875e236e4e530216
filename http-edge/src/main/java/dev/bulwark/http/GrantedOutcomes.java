package dev.bulwark.http;

import org.jspecify.annotations.Nullable;

/**
 * One rate gate's recently granted {@link RateOutcome}s, so that an admitted request on the common
 * path reuses an outcome instead of allocating one (and its decision) per request.
 *
 * <h2>Why reusing is exact</h2>
 * Everything the edge reads of a granted outcome is: allowed, the deciding limit (through its
 * quoted policy name), the permits remaining, and the seconds until the limit is full again,
 * rounded up ({@code t} of {@code RateLimit}, {@code X-RateLimit-Reset}); the policy field and
 * constant list are the gate's own. So two grants with the same quoted name, remaining permits and
 * whole seconds render identically, and one outcome serves both. The outcomes kept here carry a
 * {@code resetAfterNanos} of exactly those whole seconds (never read in finer units).
 *
 * <h2>Why it is safe without locks</h2>
 * A direct-mapped table of {@value #SIZE} slots indexed by a hash of the key. A slot holds an
 * immutable record (final fields all the way down), so a reader sees null or a complete outcome,
 * and the key is compared in full before one is reused. Racing writers each store their own
 * outcome; the last store wins; every outcome handed out was built from the key it is returned for.
 */
final class GrantedOutcomes {

  /** The largest whole-seconds reset kept (so that it converts to nanoseconds exactly). */
  static final long MAX_RESET_SECONDS = Integer.MAX_VALUE;

  private static final int SIZE = 64;

  private final RateOutcome[] slots = new RateOutcome[SIZE];

  private static int slot(String quotedName, long remaining, long resetSeconds) {
    long h = remaining * 0x9E3779B97F4A7C15L + resetSeconds * 0xC2B2AE3D27D4EB4FL + quotedName.hashCode();
    return (int) (h ^ (h >>> 29)) & (SIZE - 1);
  }

  /**
   * Returns the kept outcome for this key, or null.
   *
   * @param quotedName the deciding policy's quoted name (one of the gate's own instances, so that
   *     {@code equals} is an identity check)
   * @param remaining the permits remaining
   * @param resetSeconds the whole seconds until the limit is full, at most {@link #MAX_RESET_SECONDS}
   */
  @Nullable RateOutcome find(String quotedName, long remaining, long resetSeconds) {
    @Nullable RateOutcome o = slots[slot(quotedName, remaining, resetSeconds)];
    if (o != null && o.quotedName().equals(quotedName) && o.decision().remaining() == remaining
        && o.decision().resetAfterNanos() == resetSeconds * 1_000_000_000L) {
      return o;
    }
    return null;
  }

  /** Keeps a granted outcome whose reset is {@code resetSeconds} whole seconds. */
  void keep(RateOutcome outcome, long remaining, long resetSeconds) {
    slots[slot(outcome.quotedName(), remaining, resetSeconds)] = outcome;
  }
}
