package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreakerListener;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TransitionLog} per breaker name, fed by one transitions-only listener: give
 * {@link #listener()} to the breaker registry's builder (or a breaker's), since a built breaker
 * takes no listener. Listening to transitions only costs the calls nothing. Thread-safe.
 */
public final class TransitionLogs {

  private final Clock clock;
  private final ConcurrentHashMap<String, TransitionLog> logs = new ConcurrentHashMap<>();
  private final CircuitBreakerListener listener;

  /**
   * Creates the logs, empty.
   *
   * @param clock stamps the transitions
   */
  public TransitionLogs(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = CircuitBreakerListener.onTransition(t -> of(t.breakerName()).onEvent(t));
  }

  /**
   * Returns the listener that fills these logs.
   *
   * @return a transitions-only listener
   */
  public CircuitBreakerListener listener() {
    return listener;
  }

  /**
   * Returns the log of one breaker, empty until its first transition.
   *
   * @param breakerName the breaker's name
   * @return its log, the same one every time
   */
  public TransitionLog of(String breakerName) {
    return logs.computeIfAbsent(breakerName, name -> new TransitionLog(clock));
  }
}
