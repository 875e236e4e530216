package dev.bulwark.circuitbreaker;

/** Why a {@link CircuitBreaker} changed state; carried by transition events and logs. */
public enum TransitionReason {
  /** CLOSED to OPEN: the configured number of consecutive failures was reached. */
  CONSECUTIVE_FAILURES,
  /** CLOSED to OPEN: the failure rate in the sliding window reached its threshold. */
  FAILURE_RATE,
  /** CLOSED to OPEN: the slow-call rate in the sliding window reached its threshold. */
  SLOW_CALL_RATE,
  /** OPEN to HALF_OPEN: the open duration elapsed. */
  OPEN_DURATION_ELAPSED,
  /** HALF_OPEN to CLOSED: enough consecutive trial calls succeeded. */
  TRIALS_SUCCEEDED,
  /** HALF_OPEN to OPEN: a trial call failed or was slow. */
  TRIAL_FAILED,
  /** HALF_OPEN to OPEN: the maximum wait in HALF_OPEN elapsed before the trials closed the breaker. */
  HALF_OPEN_TIMEOUT,
  /** Any state to FORCED_OPEN, by {@link CircuitBreaker#forceOpen()}. */
  FORCED_OPEN,
  /** Any state to DISABLED, by {@link CircuitBreaker#disable()}. */
  DISABLED,
  /** Any state to a fresh CLOSED, by {@link CircuitBreaker#reset()}. */
  RESET
}
