package dev.bulwark.config;

import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.List;

/**
 * Creates the rate limiters of the routes whose {@code rateLimit.backend} names it, such as a
 * Redis-backed limiter shared by every instance of a service. Registered with
 * {@link EdgeConfigLoader.Builder#rateLimiterBackend(String, RateLimiterFactory)}, it wins over a
 * {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider} of the same name (the {@code redis}
 * provider of {@code bulwark-ratelimit-redis} needs no code; a factory suits a client built by
 * hand, such as a {@code JedisCluster}):
 *
 * <pre>{@code
 * EdgeConfigLoader loader = EdgeConfigLoader.builder()
 *     .rateLimiterBackend("redis", (name, limits, algorithm) ->
 *         RedisKeyedRateLimiter.builder(jedisCluster, limits).name(name).algorithm(algorithm).<String>build())
 *     .build();
 * // routes: [{pattern: /api/search, rateLimit: {limit: 100/minute, backend: redis}}]
 * }</pre>
 *
 * <p>Called once per route, while the document loads, on the loading thread.
 */
@FunctionalInterface
public interface RateLimiterFactory {

  /**
   * Creates the limiter of one route. Its keys are the route's client keys (see
   * {@link dev.bulwark.http.RateLimitKey}); its own clock measures time.
   *
   * @param name the route's name, to name the limiter (and, in a shared store, its keys)
   * @param limits the route's limits, at least one, in the order written
   * @param algorithm the algorithm the document names, or {@link RateLimitAlgorithm#TOKEN_BUCKET}
   *     when it names none
   * @return the limiter
   * @throws IllegalArgumentException if the backend cannot enforce these settings (an algorithm it
   *     lacks, say); the message is reported as a problem of the document, at the route's
   *     {@code rateLimit.backend}
   */
  KeyedRateLimiter<String> create(String name, List<RateLimit> limits, RateLimitAlgorithm algorithm);
}
