package dev.bulwark.retry;

/**
 * Receives a {@link Retry}'s events, for metrics and logs. Events are built only when a listener is
 * registered; a retry without listeners pays nothing.
 *
 * <p>Called synchronously on the thread that completed the attempt: implementations must be fast,
 * thread-safe and must not throw (an exception is caught and logged, and the retry carries on).
 */
@FunctionalInterface
public interface RetryListener {

  /**
   * Called for each event; dispatch with {@code instanceof} on the {@link RetryEvent} subtypes.
   *
   * @param event the event
   */
  void onEvent(RetryEvent event);
}
