package dev.bulwark.retry;

/**
 * How a call guarded by a {@link Retry} ended, as counted by {@link RetryCounts}. Every call that
 * ends is counted in exactly one outcome.
 */
public enum RetryOutcome {
  /** The first attempt succeeded. */
  SUCCESS,
  /** An attempt after at least one retry succeeded. */
  SUCCESS_AFTER_RETRY,
  /** The outcome was still retryable when {@code maxAttempts} or {@code maxDuration} was reached. */
  EXHAUSTED,
  /** An abort rule matched. */
  ABORTED,
  /** The {@link RetryBudget} refused a retry. */
  BUDGET_EXHAUSTED,
  /**
   * The outcome was not retryable (an exception the rules do not retry, a rejection that is not
   * retried), or the call was interrupted, or the scheduler refused to schedule the next attempt.
   */
  FAILED
}
