package dev.bulwark.circuitbreaker;

import org.jspecify.annotations.Nullable;

/**
 * Something a {@link CircuitBreaker} did, delivered to its {@link CircuitBreakerListener}s. Events are
 * small immutable records, created only when the breaker has at least one listener.
 *
 * <p>Durations are in nanoseconds as measured by the breaker's ticker (or as reported through the
 * manual form). Rates are percentages in [0, 100], or -1 when not measured.
 */
public sealed interface CircuitBreakerEvent {

  /**
   * Returns the name of the breaker that emitted the event.
   *
   * @return the breaker name
   */
  String breakerName();

  /**
   * The breaker changed state. Logged through slf4j too, whether or not anyone listens.
   *
   * @param breakerName the breaker
   * @param from the state left
   * @param to the state entered
   * @param reason why
   * @param failureRate the failure rate of the window when leaving CLOSED with a sliding window, else -1
   * @param slowCallRate the slow-call rate of the window when leaving CLOSED with slow-call tracking, else -1
   */
  record StateTransition(
      String breakerName,
      CircuitState from,
      CircuitState to,
      TransitionReason reason,
      double failureRate,
      double slowCallRate)
      implements CircuitBreakerEvent {}

  /**
   * A call was let through.
   *
   * @param breakerName the breaker
   * @param state the state that admitted it: CLOSED, HALF_OPEN (a trial) or DISABLED
   */
  record CallPermitted(String breakerName, CircuitState state) implements CircuitBreakerEvent {}

  /**
   * A call was rejected with a {@link CircuitOpenException}.
   *
   * @param breakerName the breaker
   * @param state the rejecting state: OPEN, HALF_OPEN (trials full) or FORCED_OPEN
   * @param retryAfterNanos the rejection's retry-after at that moment, or -1 if unknown
   */
  record CallRejected(String breakerName, CircuitState state, long retryAfterNanos)
      implements CircuitBreakerEvent {}

  /**
   * A permitted call succeeded and was recorded.
   *
   * @param breakerName the breaker
   * @param state the state that recorded it: CLOSED or HALF_OPEN
   * @param durationNanos how long the call took
   * @param slow whether it was slower than the slow-call threshold (always false without one)
   */
  record CallSucceeded(String breakerName, CircuitState state, long durationNanos, boolean slow)
      implements CircuitBreakerEvent {}

  /**
   * A permitted call failed and was recorded as a failure.
   *
   * @param breakerName the breaker
   * @param state the state that recorded it: CLOSED or HALF_OPEN
   * @param durationNanos how long the call took
   * @param slow whether it was slower than the slow-call threshold (always false without one)
   * @param error the exception, or null when the returned result was classified as a failure
   */
  record CallFailed(
      String breakerName, CircuitState state, long durationNanos, boolean slow, @Nullable Throwable error)
      implements CircuitBreakerEvent {}

  /**
   * A permitted call threw an exception that the config ignores: it counted as neither success nor
   * failure.
   *
   * @param breakerName the breaker
   * @param state the state in which it completed: CLOSED or HALF_OPEN
   * @param durationNanos how long the call took
   * @param error the ignored exception
   */
  record ErrorIgnored(String breakerName, CircuitState state, long durationNanos, Throwable error)
      implements CircuitBreakerEvent {}
}
