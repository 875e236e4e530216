package dev.bulwark.ratelimit;

import java.util.List;

/**
 * Receives a limiter's decisions, for metrics and logs: the one way to be told what a rate limiter
 * decides. Register it on the limiter's builder ({@code listener(...)}); a built limiter takes no more
 * listeners. Events are built only when a listener is registered; a limiter without listeners pays
 * nothing.
 *
 * <p>Called synchronously on the deciding thread: implementations must be fast, thread-safe and must
 * not throw (an exception is caught and logged, and the decision stands).
 *
 * <pre>{@code
 * RateLimiterListener onRejected = event -> {
 *   if (event instanceof RateLimiterEvent.Rejected r) {
 *     log.debug("{} refused {} for {} ns", r.limiterName(), r.key(), r.retryAfterNanos());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RateLimiterListener {

  /**
   * Handles one decision.
   *
   * @param event the decision: {@link RateLimiterEvent.Permitted} or {@link RateLimiterEvent.Rejected}
   */
  void onEvent(RateLimiterEvent event);

  /**
   * Returns a listener that passes each event to every one of {@code listeners}, in order. A
   * listener that throws is logged ({@code event=rate_limiter_listener_failed} on
   * {@code dev.bulwark.ratelimit}) and the others still get the event; the decision stands. This is
   * how Bulwark's own limiters fan out, for limiter implementations in other modules to reuse.
   *
   * @param listeners the listeners, copied
   * @return the fan-out listener (one that does nothing for an empty list)
   * @throws NullPointerException if {@code listeners} or an element is null
   */
  static RateLimiterListener all(List<RateLimiterListener> listeners) {
    return Listeners.fanOut(listeners);
  }
}
