package dev.bulwark.circuitbreaker;

import org.jspecify.annotations.Nullable;

/** The trip decision of the sliding-window strategies; immutable, shared by every window of a breaker. */
final class RateRule {

  private final int minimumCalls;
  private final double failureRateThreshold;
  private final double slowCallRateThreshold;

  RateRule(CircuitBreakerConfig config) {
    this.minimumCalls = config.minimumCalls();
    this.failureRateThreshold = config.failureRateThreshold();
    this.slowCallRateThreshold = config.slowCallRateThreshold();
  }

  /**
   * Decides on the counts of a window: nothing below the minimum of calls; else open when the
   * failure rate, then the slow-call rate, reaches its threshold (both are "at least" comparisons).
   */
  @Nullable TransitionReason evaluate(long calls, long failures, long slow) {
    if (calls < minimumCalls || calls <= 0) {
      return null;
    }
    if (failures * 100.0 >= failureRateThreshold * calls) {
      return TransitionReason.FAILURE_RATE;
    }
    if (slowCallRateThreshold > 0 && slow * 100.0 >= slowCallRateThreshold * calls) {
      return TransitionReason.SLOW_CALL_RATE;
    }
    return null;
  }
}
