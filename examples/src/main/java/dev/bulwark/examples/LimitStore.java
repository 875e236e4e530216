package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.config.HierarchicalRateLimiterFactory;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * The hierarchical rate limiter backend that the bundled {@code bulwark-demo.yaml} names
 * ({@code hierarchicalLimits.gateway.backend: demo-store}): a {@link RedisHierarchy} when the demo
 * runs with {@code --redis} or {@code REDIS_URL}, else the in-memory
 * {@link HierarchicalRateLimiter}. Either way it remembers each hierarchy's levels and limits and
 * counts their decisions ({@link LevelCounters}), for {@code /api/state}.
 *
 * <p>Used while the configuration loads (one thread); {@link #hierarchies()} may then be read from
 * any thread.
 */
final class LimitStore implements HierarchicalRateLimiterFactory {

  /** The backend name the configuration uses. */
  static final String NAME = "demo-store";

  /** One hierarchy the store created: its limiter, the limits of each level, and the counts. */
  record Hierarchy(
      HierarchicalRateLimiter<String> limiter,
      Map<String, List<RateLimit>> levelLimits,
      LevelCounters counters,
      @Nullable RedisHierarchy redis) {}

  private final @Nullable UnifiedJedis redis;
  private final Ticker ticker;
  private final @Nullable CircuitBreaker redisBreaker;
  private final List<Hierarchy> hierarchies = new ArrayList<>();

  /**
   * Creates the store.
   *
   * @param redis the Redis client for the limits, or null to keep them in memory
   * @param ticker the clock of in-memory limiters, and of the Redis guard's breaker
   */
  LimitStore(@Nullable UnifiedJedis redis, Ticker ticker) {
    this.redis = redis;
    this.ticker = ticker;
    this.redisBreaker = redis == null ? null : CircuitBreaker.builder("redis-limits")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(3)).openDuration(Backoff.fixed(Duration.ofSeconds(1))).build())
        .ticker(ticker)
        .build();
  }

  @Override
  public HierarchicalRateLimiter<String> create(
      String name,
      List<RateLimit> global,
      List<RateLimit> perClient,
      Map<String, List<RateLimit>> routes,
      RateLimitAlgorithm algorithm) {
    Map<String, List<RateLimit>> levels = new LinkedHashMap<>();
    if (!global.isEmpty()) {
      levels.put(RedisHierarchy.globalLevel(name), global);
    }
    levels.put(RedisHierarchy.clientLevel(name), perClient);
    routes.forEach((route, limits) -> levels.put(RedisHierarchy.routeLevel(name, route), limits));
    LevelCounters counters = new LevelCounters(new ArrayList<>(levels.keySet()));
    Hierarchy created;
    if (redis != null && redisBreaker != null) {
      RedisHierarchy limiter = RedisHierarchy.create(
          redis, redisBreaker, ticker, name, global, perClient, routes, algorithm, counters);
      created = new Hierarchy(limiter, levels, counters, limiter);
    } else {
      HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
          .name(name)
          .perClient(perClient.toArray(new RateLimit[0]))
          .algorithm(algorithm)
          .ticker(ticker)
          .listener(counters);
      if (!global.isEmpty()) {
        b.global(global.toArray(new RateLimit[0]));
      }
      routes.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
      created = new Hierarchy(b.build(), levels, counters, null);
    }
    synchronized (hierarchies) {
      hierarchies.add(created);
    }
    return created.limiter();
  }

  /** Whether the limits live in Redis. */
  boolean usesRedis() {
    return redis != null;
  }

  /** The hierarchies created so far, in creation order. */
  List<Hierarchy> hierarchies() {
    synchronized (hierarchies) {
      return List.copyOf(hierarchies);
    }
  }
}
