package dev.bulwark.examples;

import dev.bulwark.config.HierarchicalRateLimiterFactory;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiter;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hierarchical rate limiter backend that the bundled {@code bulwark-demo.yaml} names
 * ({@code hierarchicalLimits.gateway.backend: demo-store}): with {@code --redis}, the hierarchy the
 * discovered {@code redis} {@link LimiterBackend} builds (one Redis round trip per decision); else
 * the in-memory {@link HierarchicalRateLimiter}. Glue only: it remembers each hierarchy's levels and
 * limits, and counts their decisions ({@link LevelCounters}, a listener of either), for
 * {@code /api/state}.
 *
 * <p>Used while the configuration loads (one thread); {@link #hierarchies()} may then be read from
 * any thread.
 */
final class LimitStore implements HierarchicalRateLimiterFactory {

  /** The backend name the configuration uses. */
  static final String NAME = "demo-store";

  /** One hierarchy the store created: its limiter, the limits of each level, and the counts. */
  record Hierarchy(
      HierarchicalRateLimiter<String> limiter, Map<String, List<RateLimit>> levelLimits, LevelCounters counters) {

    /** Whether the hierarchy is in Redis and decides by its failure policy now. */
    boolean inFallback() {
      return limiter instanceof RedisHierarchicalRateLimiter<?> redis && redis.inFallback();
    }
  }

  private final @Nullable LimiterBackend redis;
  private final Ticker ticker;
  private final List<Hierarchy> hierarchies = new ArrayList<>();

  /**
   * Creates the store.
   *
   * @param redis the opened Redis backend, or null to keep the limits in memory
   * @param ticker the clock of in-memory limiters
   */
  LimitStore(@Nullable LimiterBackend redis, Ticker ticker) {
    this.redis = redis;
    this.ticker = ticker;
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
      levels.put(LevelCounters.globalLevel(name), global);
    }
    levels.put(LevelCounters.clientLevel(name), perClient);
    routes.forEach((route, limits) -> levels.put(LevelCounters.routeLevel(name, route), limits));
    LevelCounters counters = new LevelCounters(new ArrayList<>(levels.keySet()));
    LimiterBackend backend = redis;
    HierarchicalRateLimiter<String> limiter;
    if (backend != null) {
      limiter = backend.hierarchicalRateLimiter(name, global, perClient, routes, algorithm, List.of(counters));
    } else {
      HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
          .name(name)
          .perClient(perClient.toArray(new RateLimit[0]))
          .algorithm(algorithm)
          .ticker(ticker)
          .listener(counters)
          .recordStats();
      if (!global.isEmpty()) {
        b.global(global.toArray(new RateLimit[0]));
      }
      routes.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
      limiter = b.build();
    }
    synchronized (hierarchies) {
      hierarchies.add(new Hierarchy(limiter, levels, counters));
    }
    return limiter;
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
