package dev.bulwark.circuitbreaker;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A breaker's listeners, fixed at construction. Callers check {@link #any()} before building an event. */
final class Listeners {

  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

  private final CircuitBreakerListener[] listeners;
  private final boolean any;

  Listeners(List<CircuitBreakerListener> listeners) {
    this.listeners = listeners.toArray(new CircuitBreakerListener[0]);
    this.any = this.listeners.length > 0;
  }

  boolean any() {
    return any;
  }

  /** Delivers an event to every listener; one that throws is logged and skipped. */
  void emit(CircuitBreakerEvent event) {
    for (CircuitBreakerListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("circuit breaker '{}': listener {} threw on {}", event.breakerName(), listener, event, e);
      }
    }
  }
}
