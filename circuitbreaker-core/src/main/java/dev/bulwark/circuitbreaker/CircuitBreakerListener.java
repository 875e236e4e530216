package dev.bulwark.circuitbreaker;

/**
 * Receives a {@link CircuitBreaker}'s events. Register it on {@link CircuitBreaker.Builder#listener}
 * or {@link CircuitBreakerRegistry.Builder#listener}.
 *
 * <p>Called synchronously on the thread that caused the event: keep it fast and non-blocking.
 * Transition events are delivered in order, while the breaker holds its transition lock; a listener
 * may read the breaker's state and may call {@link CircuitBreaker#reset()} and the like. An exception
 * thrown by a listener is logged and otherwise ignored; it never fails the guarded call.
 *
 * <pre>{@code
 * CircuitBreakerListener onOpen = event -> {
 *   if (event instanceof CircuitBreakerEvent.StateTransition t && t.to() == CircuitState.OPEN) {
 *     alerts.fire(t.breakerName());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CircuitBreakerListener {

  /**
   * Handles one event.
   *
   * @param event the event
   */
  void onEvent(CircuitBreakerEvent event);
}
