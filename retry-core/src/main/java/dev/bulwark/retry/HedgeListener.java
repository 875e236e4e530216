package dev.bulwark.retry;

/**
 * Receives a {@link Hedge}'s events, for metrics and logs. Events are built only when a listener is
 * registered; a hedge without listeners pays nothing, and a call that ends before its first hedge
 * produces no event at all.
 *
 * <p>Called synchronously on the thread that caused the event (the scheduler's thread for a hedge
 * started, the attempt's thread for an outcome): implementations must be fast, thread-safe and
 * must not throw (an exception is caught and logged, and the hedge carries on).
 */
@FunctionalInterface
public interface HedgeListener {

  /**
   * Called for each event; dispatch with {@code instanceof} on the {@link HedgeEvent} subtypes.
   *
   * @param event the event
   */
  void onEvent(HedgeEvent event);
}
