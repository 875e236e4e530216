package dev.bulwark.circuitbreaker;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives a {@link CircuitBreaker}'s events: the one way to be told what a breaker does. Register it
 * on {@link CircuitBreaker.Builder#listener} or {@link CircuitBreakerRegistry.Builder#listener}; a
 * built breaker takes no more listeners.
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

  /**
   * Returns a listener that passes only {@link CircuitBreakerEvent.StateTransition}s to
   * {@code action}. A breaker whose listeners are all of this kind builds no event for a call and
   * does not time calls for them: listening to transitions costs nothing per call.
   *
   * @param action receives each transition, in order, on the thread that performs it
   * @return the listener
   * @throws NullPointerException if {@code action} is null
   */
  static CircuitBreakerListener onTransition(Consumer<? super CircuitBreakerEvent.StateTransition> action) {
    return new Listeners.TransitionListener(Objects.requireNonNull(action, "action"));
  }
}
