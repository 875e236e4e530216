package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.CircuitBreakerListener;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * Remembers a circuit breaker's latest state transitions with their wall-clock time, for
 * {@code GET /api/state}, the dashboard and the scenario's report. Register it as the breaker's
 * listener. Keeps the latest {@value #CAPACITY}; thread-safe (a short lock per transition, never
 * on the call path).
 */
public final class TransitionLog implements CircuitBreakerListener {

  /** How many transitions are kept. */
  public static final int CAPACITY = 64;

  private final Clock clock;
  private final ArrayDeque<BreakerView.Transition> log = new ArrayDeque<>();

  /**
   * Creates an empty log.
   *
   * @param clock stamps the transitions
   */
  public TransitionLog(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void onEvent(CircuitBreakerEvent event) {
    if (event instanceof CircuitBreakerEvent.StateTransition) {
      CircuitBreakerEvent.StateTransition t = (CircuitBreakerEvent.StateTransition) event;
      BreakerView.Transition entry =
          new BreakerView.Transition(clock.instant(), t.from().name(), t.to().name(), t.reason().name());
      synchronized (log) {
        if (log.size() == CAPACITY) {
          log.removeFirst();
        }
        log.addLast(entry);
      }
    }
  }

  /**
   * Returns the kept transitions.
   *
   * @return an immutable list, oldest first
   */
  public List<BreakerView.Transition> transitions() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }
}
