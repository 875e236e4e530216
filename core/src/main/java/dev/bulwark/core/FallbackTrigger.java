package dev.bulwark.core;

/**
 * Which exceptions a {@link Fallback} replaces, before its predicate narrows them further.
 */
public enum FallbackTrigger {
  /** Failures of the call only: a {@link RejectedException} passes through. */
  FAILURE,
  /** Rejections only ({@link RejectedException}: limit exhausted, circuit open...). */
  REJECTION,
  /** Both failures and rejections. */
  FAILURE_OR_REJECTION
}
