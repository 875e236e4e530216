package dev.bulwark.ratelimit.redis;

/**
 * What a Redis limiter decides while Redis cannot be used: a call failed or timed out, or the
 * circuit breaker guarding Redis is open. Whatever the policy, no Redis failure reaches the caller
 * as an exception, and the limiter goes back to Redis by itself once the breaker lets a trial call
 * through and it succeeds.
 */
public enum FailurePolicy {
  /**
   * Grant every request whose permits fit the burst (a request above the burst is refused as
   * always): availability first; the limit is not enforced during the outage.
   */
  FAIL_OPEN,
  /**
   * Refuse every request: the limit is never exceeded, and nothing passes during the outage.
   */
  FAIL_CLOSED,
  /**
   * Decide with a limiter in this process, whose limits are the shared ones divided by the expected
   * number of instances (at least 1 permit each), so that the service as a whole stays near its
   * limit. Its state starts empty at the first outage and is kept between outages.
   */
  FALLBACK_LOCAL
}
