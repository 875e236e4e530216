package dev.bulwark.ratelimit;

/**
 * Receives a limiter's decisions, for metrics and logs. Events are built only when a listener is
 * registered; a limiter without listeners pays nothing.
 *
 * <p>Called synchronously on the deciding thread: implementations must be fast, thread-safe and must
 * not throw (an exception is caught and logged, and the decision stands).
 */
public interface RateLimiterListener {

  /**
   * Called after permits were granted.
   *
   * @param event the decision
   */
  default void onPermitted(RateLimiterEvent event) {}

  /**
   * Called after permits were refused.
   *
   * @param event the decision
   */
  default void onRejected(RateLimiterEvent event) {}
}
