package dev.bulwark.config;

import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;

/**
 * Creates the concurrency limiters of the routes whose {@code concurrency.backend} names it, such
 * as a Redis-backed limiter that bounds requests in flight across every instance of a service.
 * Registered with
 * {@link EdgeConfigLoader.Builder#concurrencyLimiterBackend(String, ConcurrencyLimiterFactory)}.
 *
 * <p>Called once per route, while the document loads, on the loading thread.
 */
@FunctionalInterface
public interface ConcurrencyLimiterFactory {

  /**
   * Creates the limiter of one route; its keys are the route's client keys.
   *
   * @param name the route's name, to name the limiter
   * @param maxPerClient the most requests in flight for one client key, at least 1
   * @param maxTotal the most requests in flight in total, at least {@code maxPerClient}
   * @return the limiter
   * @throws IllegalArgumentException if the backend cannot enforce these settings; the message is
   *     reported as a problem of the document, at the route's {@code concurrency.backend}
   */
  KeyedConcurrencyLimiter<String> create(String name, int maxPerClient, int maxTotal);
}
