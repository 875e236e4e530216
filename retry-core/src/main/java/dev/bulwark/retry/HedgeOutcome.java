package dev.bulwark.retry;

/**
 * How a call guarded by a {@link Hedge} ended, as counted by {@link HedgeCounts}. Every call that
 * ends is counted in exactly one outcome.
 */
public enum HedgeOutcome {
  /** The primary attempt succeeded before the hedge delay: no hedge started. */
  SUCCESS,
  /** The primary attempt failed before the hedge delay: no hedge started. */
  FAILURE,
  /** Hedges started and the primary attempt still won. */
  PRIMARY_WON,
  /** Hedges started and one of them won. */
  HEDGE_WON,
  /** Hedges started and every attempt failed. */
  ALL_FAILED
}
