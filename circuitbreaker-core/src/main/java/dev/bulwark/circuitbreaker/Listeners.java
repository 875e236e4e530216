package dev.bulwark.circuitbreaker;

import dev.bulwark.core.internal.FanOut;
import java.util.List;
import java.util.function.Consumer;

/** A breaker's listeners, fixed at construction. Callers check {@link #any()} before building an event. */
final class Listeners {

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
    FanOut.deliver(listeners, event, CircuitBreakerListener::onEvent, Listeners::failed);
  }

  /** Delivers a transition to a listener added after construction; one that throws is logged. */
  static void deliver(
      Consumer<? super CircuitBreakerEvent.StateTransition> listener,
      CircuitBreakerEvent.StateTransition event) {
    FanOut.deliverTo(listener, event, Consumer::accept, Listeners::failed);
  }

  private static void failed(Object listener, CircuitBreakerEvent event, RuntimeException e) {
    Log.LOGGER
        .atWarn()
        .setMessage("circuit breaker '{}': listener {} threw on {}")
        .addArgument(event.breakerName())
        .addArgument(listener)
        .addArgument(event)
        .addKeyValue("event", "circuit_breaker_listener_failed")
        .addKeyValue("name", event.breakerName())
        .addKeyValue("listener", String.valueOf(listener))
        .setCause(e)
        .log();
  }
}
