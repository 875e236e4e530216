package dev.bulwark.ratelimit.redis;

/**
 * Receives a Redis limiter's fallback transitions, for metrics and alerts.
 *
 * <p>Called synchronously, once per transition, on the thread whose decision caused it: keep it
 * fast and non-blocking. An exception thrown by a listener is logged and otherwise ignored; it
 * never changes a decision.
 *
 * <pre>{@code
 * RedisFallbackListener alert = event -> {
 *   if (event instanceof RedisFallbackEvent.Entered e) {
 *     alerts.fire("rate limiter " + e.limiterName() + " lost Redis, now " + e.policy());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RedisFallbackListener {

  /**
   * Handles one transition.
   *
   * @param event the event
   */
  void onEvent(RedisFallbackEvent event);
}
