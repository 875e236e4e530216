package dev.bulwark.core.internal;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Delivers one event to several listeners, in order, so that a listener that throws neither stops
 * the others nor reaches the primitive: its {@link RuntimeException} goes to a failure handler
 * (which logs it, in the modules that have a logger) and delivery goes on.
 *
 * <p>Pass method references that capture nothing ({@code Listener::onEvent},
 * {@code Listeners::failed}): they are constants, so a delivery allocates nothing.
 *
 * <p>Not API (see the package documentation). Stateless and thread-safe.
 */
public final class FanOut {

  /**
   * What to do with a listener's failure.
   *
   * @param <L> the listener type
   * @param <E> the event type
   */
  @FunctionalInterface
  public interface Failure<L, E> {
    /**
     * Handles a listener's failure; must not throw.
     *
     * @param listener the listener that threw
     * @param event the event it was given
     * @param failure what it threw
     */
    void failed(L listener, E event, RuntimeException failure);
  }

  private FanOut() {}

  /**
   * Delivers {@code event} to each listener in order.
   *
   * @param <L> the listener type
   * @param <E> the event type
   * @param listeners the listeners
   * @param event the event
   * @param deliver calls one listener with the event
   * @param failure handles a listener that threw
   */
  public static <L, E> void deliver(
      List<? extends L> listeners,
      E event,
      BiConsumer<? super L, ? super E> deliver,
      Failure<? super L, ? super E> failure) {
    for (int i = 0, n = listeners.size(); i < n; i++) {
      deliverTo(listeners.get(i), event, deliver, failure);
    }
  }

  /**
   * Delivers {@code event} to each listener in order.
   *
   * @param <L> the listener type
   * @param <E> the event type
   * @param listeners the listeners
   * @param event the event
   * @param deliver calls one listener with the event
   * @param failure handles a listener that threw
   */
  public static <L, E> void deliver(
      L[] listeners,
      E event,
      BiConsumer<? super L, ? super E> deliver,
      Failure<? super L, ? super E> failure) {
    for (L listener : listeners) {
      deliverTo(listener, event, deliver, failure);
    }
  }

  /**
   * Delivers {@code event} to one listener.
   *
   * @param <L> the listener type
   * @param <E> the event type
   * @param listener the listener
   * @param event the event
   * @param deliver calls the listener with the event
   * @param failure handles the listener if it throws
   */
  public static <L, E> void deliverTo(
      L listener,
      E event,
      BiConsumer<? super L, ? super E> deliver,
      Failure<? super L, ? super E> failure) {
    try {
      deliver.accept(listener, event);
    } catch (RuntimeException e) {
      failure.failed(listener, event, e);
    }
  }
}
