package dev.bulwark.config;

import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.List;
import java.util.Map;

/**
 * Creates the hierarchical limiters whose {@code hierarchicalLimits.<name>.backend} names it, such
 * as one that keeps its per-client levels in Redis. Registered with
 * {@link EdgeConfigLoader.Builder#hierarchicalRateLimiterBackend(String,
 * HierarchicalRateLimiterFactory)}:
 *
 * <pre>{@code
 * EdgeConfigLoader loader = EdgeConfigLoader.builder()
 *     .hierarchicalRateLimiterBackend("redis", (name, global, perClient, routes, algorithm) ->
 *         new MyRedisHierarchy(jedis, name, global, perClient, routes, algorithm))
 *     .build();
 * // hierarchicalLimits: {gateway: {global: 1000/minute, perClient: 100/minute, backend: redis}}
 * }</pre>
 *
 * <p>The limiter must keep the semantics of {@link HierarchicalRateLimiter}: a request on a route
 * with an override is counted per (route, client) against that override, any other request per
 * client against {@code perClient}, and every request against {@code global}. Whether a permit
 * taken at the client level is given back when the global level refuses is the implementation's
 * to document (the in-memory limiter gives it back).
 *
 * <p>Called once per hierarchy, while the document loads, on the loading thread.
 */
@FunctionalInterface
public interface HierarchicalRateLimiterFactory {

  /**
   * Creates one hierarchical limiter.
   *
   * @param name the hierarchy's name (its key under {@code hierarchicalLimits}), to name the limiter
   *     and, in a shared store, its keys
   * @param global the global limits, in the order written; empty when the hierarchy has none
   * @param perClient the default per-client limits, at least one, in the order written
   * @param routes the per-route overrides: route name to that route's limits (at least one each),
   *     in document order; empty when no route overrides the per-client limit
   * @param algorithm the algorithm the document names, or {@link RateLimitAlgorithm#TOKEN_BUCKET}
   *     when it names none
   * @return the limiter; its client keys are the routes' client keys (see
   *     {@link dev.bulwark.http.RateLimitKey})
   * @throws IllegalArgumentException if the backend cannot enforce these settings; the message is
   *     reported as a problem of the document, at the hierarchy's {@code backend}
   */
  HierarchicalRateLimiter<String> create(
      String name,
      List<RateLimit> global,
      List<RateLimit> perClient,
      Map<String, List<RateLimit>> routes,
      RateLimitAlgorithm algorithm);
}
