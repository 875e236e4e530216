package dev.bulwark.retry;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Retry} reports to its {@link RetryListener listeners}. Each event names the retry and
 * counts the attempts made so far, the first call included. The outcome is either a
 * {@code failure} (an exception) or a {@code result} the retry rules looked at; exactly one of the
 * two is meaningful, the failure being null for a result.
 */
public sealed interface RetryEvent {

  /**
   * Returns the retry's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the number of attempts made, including the first call.
   *
   * @return at least 1
   */
  int attempts();

  /** Why a retry gave up although the outcome was retryable. */
  enum ExhaustedReason {
    /** {@code maxAttempts} attempts were made. */
    MAX_ATTEMPTS,
    /** The next delay (backoff or Retry-After hint) would have crossed {@code maxDuration}. */
    MAX_DURATION
  }

  /**
   * An attempt failed with a retryable outcome and another attempt follows after {@code delay}.
   *
   * @param name the retry's name
   * @param attempts the number of the attempt that failed, from 1
   * @param failure the attempt's exception, or null for a retryable result
   * @param result the retryable result, or null for an exception
   * @param delay the wait before the next attempt
   */
  record AttemptFailed(
      String name, int attempts, @Nullable Throwable failure, @Nullable Object result, Duration delay)
      implements RetryEvent {}

  /**
   * The retry gave up on a retryable outcome: the last failure is thrown, or the last result returned.
   *
   * @param name the retry's name
   * @param attempts the attempts made
   * @param failure the last exception, or null for a result
   * @param result the last result, or null for an exception
   * @param reason which limit was reached
   */
  record Exhausted(
      String name,
      int attempts,
      @Nullable Throwable failure,
      @Nullable Object result,
      ExhaustedReason reason)
      implements RetryEvent {}

  /**
   * An abort rule matched: the outcome is reported at once, without further attempts.
   *
   * @param name the retry's name
   * @param attempts the attempts made
   * @param failure the exception that matched, or null for a result
   * @param result the result that matched, or null for an exception
   */
  record Aborted(String name, int attempts, @Nullable Throwable failure, @Nullable Object result)
      implements RetryEvent {}

  /**
   * The {@link RetryBudget} refused a retry: the outcome is reported without further attempts.
   *
   * @param name the retry's name
   * @param attempts the attempts made
   * @param failure the last exception, or null for a result
   * @param result the last result, or null for an exception
   */
  record BudgetExhausted(
      String name, int attempts, @Nullable Throwable failure, @Nullable Object result)
      implements RetryEvent {}

  /**
   * A call succeeded after at least one retry.
   *
   * @param name the retry's name
   * @param attempts the attempts made, at least 2
   * @param result the successful result (may be null)
   */
  record SucceededAfterRetries(String name, int attempts, @Nullable Object result)
      implements RetryEvent {}
}
