package dev.bulwark.circuitbreaker;

/** The states of a {@link CircuitBreaker}. */
public enum CircuitState {
  /** Calls pass; outcomes are recorded and may trip the breaker to {@link #OPEN}. */
  CLOSED,
  /**
   * Calls are rejected until the open duration has elapsed; the first call after it moves the
   * breaker to {@link #HALF_OPEN} (or a scheduler does, if one was given).
   */
  OPEN,
  /**
   * A limited number of trial calls pass; enough consecutive successes close the breaker, any
   * failure opens it again. Calls beyond the trial limit are rejected.
   */
  HALF_OPEN,
  /** Set by hand: every call is rejected until {@link CircuitBreaker#reset()}. Nothing is recorded. */
  FORCED_OPEN,
  /** Set by hand: every call passes and nothing is recorded, until {@link CircuitBreaker#reset()}. */
  DISABLED
}
