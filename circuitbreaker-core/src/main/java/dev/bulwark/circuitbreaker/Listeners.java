package dev.bulwark.circuitbreaker;

import dev.bulwark.core.internal.FanOut;
import java.util.List;

/**
 * A breaker's listeners, fixed at construction. Callers check {@link #any()} (transitions) or
 * {@link #anyForCalls()} (call events) before building an event.
 */
final class Listeners {

  private final CircuitBreakerListener[] listeners;
  private final boolean any;
  private final boolean anyForCalls;

  Listeners(List<CircuitBreakerListener> listeners) {
    this.listeners = listeners.toArray(new CircuitBreakerListener[0]);
    this.any = this.listeners.length > 0;
    boolean forCalls = false;
    for (CircuitBreakerListener l : this.listeners) {
      forCalls |= !(l instanceof TransitionListener);
    }
    this.anyForCalls = forCalls;
  }

  /** Whether anyone listens at all: transition events are built. */
  boolean any() {
    return any;
  }

  /** Whether anyone listens to calls: call events are built and calls are timed. */
  boolean anyForCalls() {
    return anyForCalls;
  }

  /** Delivers an event to every listener; one that throws is logged and skipped. */
  void emit(CircuitBreakerEvent event) {
    FanOut.deliver(listeners, event, CircuitBreakerListener::onEvent, Listeners::failed);
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

  /** The listener of {@link CircuitBreakerListener#onTransition}: sees transitions only. */
  static final class TransitionListener implements CircuitBreakerListener {

    private final java.util.function.Consumer<? super CircuitBreakerEvent.StateTransition> action;

    TransitionListener(java.util.function.Consumer<? super CircuitBreakerEvent.StateTransition> action) {
      this.action = action;
    }

    @Override
    public void onEvent(CircuitBreakerEvent event) {
      if (event instanceof CircuitBreakerEvent.StateTransition) {
        action.accept((CircuitBreakerEvent.StateTransition) event);
      }
    }

    @Override
    public String toString() {
      return "onTransition(" + action + ")";
    }
  }
}
