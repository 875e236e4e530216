package dev.bulwark.retry;

/**
 * How a call guarded by a {@link Hedge} ended, as counted by {@link HedgeCounts}. Every call that
 * ends is counted in exactly one outcome.
 */
public enum HedgeOutcome {
  /** The primary attempt succeeded before the hedge delay. */
  SUCCESS,
  /** The primary attempt failed before the hedge delay. */
  FAILURE,
  /**
   * The call reached its hedge delay (a hedge started, or the budget refused it) and the primary
   * attempt won.
   */
  PRIMARY_WON,
  /** A hedged attempt won. */
  HEDGE_WON,
  /** The call reached its hedge delay and every attempt failed. */
  ALL_FAILED
}
