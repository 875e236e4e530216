package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One circuit breaker as {@code GET /api/state} shows it.
 *
 * @param name the breaker's name
 * @param state its state: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN} or
 *     {@code DISABLED}
 * @param openRemainingMillis how long an OPEN breaker still rejects calls, rounded up to whole
 *     milliseconds; 0 in other states
 * @param consecutiveFailures the current run of failures while CLOSED
 * @param trialCallsInFlight the trial calls in flight while HALF_OPEN
 * @param transitions its latest state transitions, oldest first
 */
public record BreakerView(
    String name,
    String state,
    long openRemainingMillis,
    int consecutiveFailures,
    int trialCallsInFlight,
    List<Transition> transitions) {

  /**
   * Validates and copies.
   *
   * @param name the breaker's name
   * @param state its state: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN} or
   *     {@code DISABLED}
   * @param openRemainingMillis how long an OPEN breaker still rejects calls, rounded up to whole
   *     milliseconds; 0 in other states
   * @param consecutiveFailures the current run of failures while CLOSED
   * @param trialCallsInFlight the trial calls in flight while HALF_OPEN
   * @param transitions its latest state transitions, oldest first
   * @throws NullPointerException if an argument is null
   */
  public BreakerView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    transitions = List.copyOf(transitions);
  }

  /**
   * Describes a breaker now.
   *
   * @param breaker the breaker
   * @param transitions its latest transitions, oldest first (from a {@link TransitionLog} listening
   *     to it)
   * @return the view
   */
  public static BreakerView of(CircuitBreaker breaker, List<Transition> transitions) {
    CircuitBreakerSnapshot m = breaker.snapshot();
    long remaining = breaker.remainingOpenNanos();
    return new BreakerView(
        breaker.name(),
        m.state().name(),
        remaining <= 0 ? 0 : (remaining + 999_999) / 1_000_000,
        m.consecutiveFailures(),
        m.trialCallsInFlight(),
        transitions);
  }

  /**
   * One state transition.
   *
   * @param at when it happened (wall clock)
   * @param from the state left
   * @param to the state entered
   * @param reason why, a {@link dev.bulwark.circuitbreaker.TransitionReason} name
   */
  public record Transition(Instant at, String from, String to, String reason) {
    /**
     * Validates.
     *
     * @param at when it happened (wall clock)
     * @param from the state left
     * @param to the state entered
     * @param reason why, a {@link dev.bulwark.circuitbreaker.TransitionReason} name
     * @throws NullPointerException if an argument is null
     */
    public Transition {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
