package dev.bulwark.circuitbreaker;

import org.jspecify.annotations.Nullable;

/**
 * What a CLOSED breaker remembers of recent outcomes, and the trip decision. One instance per CLOSED
 * generation: a new generation starts from empty stats, and a late writer that slips past the
 * generation check only touches the discarded instance. Implementations are lock-free on
 * {@link #record}.
 */
interface ClosedStats {

  /**
   * Records one outcome.
   *
   * @param failure whether the call failed
   * @param slow whether the call was slow (only with slow-call tracking)
   * @param nowNanos the ticker reading at completion; read only by time-based windows
   * @return why the breaker should open now, or null to stay closed
   */
  @Nullable TransitionReason record(boolean failure, boolean slow, long nowNanos);

  /**
   * Returns the current counts.
   *
   * @param nowNanos the ticker reading; read only by time-based windows
   * @return the counts
   */
  Counts counts(long nowNanos);

  /** Counts of a window (calls, failures, slow calls) or of a run of consecutive failures. */
  record Counts(int calls, int failures, int slow, int consecutiveFailures) {

    static final Counts EMPTY = new Counts(0, 0, 0, 0);

    double failureRate() {
      return calls == 0 ? -1.0 : 100.0 * failures / calls;
    }

    double slowCallRate() {
      return calls == 0 ? -1.0 : 100.0 * slow / calls;
    }
  }
}
