package dev.bulwark.circuitbreaker;

/**
 * How a call guarded by a {@link CircuitBreaker} ended, as counted by its {@link CircuitBreakerStats}. Every call
 * the breaker sees ends in exactly one outcome, so the counts add up to the calls made.
 */
public enum CallOutcome {
  /** Permitted, and succeeded within the slow-call threshold (or there is none). */
  SUCCESS,
  /** Permitted, and failed: an exception or a result the config records as a failure, slow or not. */
  FAILURE,
  /** Permitted, and succeeded, but slower than the slow-call threshold. */
  SLOW,
  /** Permitted, and threw an exception that the config ignores: neither success nor failure. */
  IGNORED,
  /** Not permitted: rejected with a {@link CircuitOpenException} (or {@link CircuitBreaker#NOT_PERMITTED}). */
  REJECTED
}
