package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.DecisionCounts;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.redis.FailurePolicy;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * The demo's hierarchical limit (global, per client, per route) with every level in Redis, so that
 * several demo instances behind one load balancer share each client's quota and the global one.
 * Each level is a {@link RedisKeyedRateLimiter} named after the level as the in-memory limiter
 * names its events: {@code <name>.client} and {@code <name>.route.<route>} keyed by the client,
 * {@code <name>.global} with the single key {@value #GLOBAL_KEY}. They share one circuit breaker
 * and follow {@link FailurePolicy#FALLBACK_LOCAL} while Redis is unavailable: an in-process limiter
 * per level, with the full limits (one instance expected), until Redis answers again.
 *
 * <h2>How a decision is made, and why</h2>
 * The client level (the route's override, or the default per-client limit) is asked first, then
 * the global level, as in memory: the client level refuses most often (one abusive client), and a
 * client refused there never spends global capacity. Unlike the in-memory limiter, a permit the
 * client level granted is <em>not</em> given back when the global level then refuses: Redis has no
 * refund, and undoing it would take another round trip that could itself fail. What keeps that
 * loss small: once Redis has told this instance that the global level is exhausted (its reply
 * carries the instant one permit fits again, kept in the global limiter's local deny cache), a
 * request is refused at the global level before the client level is asked: without a round trip
 * for one permit, with a peek (no permit taken) for more. So while the gateway is over its global
 * limit, a client loses permits only on a request that learns of the exhaustion from Redis: one
 * request per instance each time the global level runs dry under it, none when this instance's own
 * grant emptied it. Two round trips per admitted request (one per level).
 *
 * <p>Thread-safe; never throws for a Redis failure (the failure policy decides).
 */
final class RedisHierarchy implements HierarchicalRateLimiter<String> {

  /** The key of the global level. */
  static final String GLOBAL_KEY = "all";

  private final String name;
  private final @Nullable RedisKeyedRateLimiter<String> global;
  private final RedisKeyedRateLimiter<String> perClient;
  private final Map<String, RedisKeyedRateLimiter<String>> routes;
  private final LevelCounters counters;
  private final DecisionCounts counts;

  private RedisHierarchy(
      String name,
      @Nullable RedisKeyedRateLimiter<String> global,
      RedisKeyedRateLimiter<String> perClient,
      Map<String, RedisKeyedRateLimiter<String>> routes,
      LevelCounters counters) {
    this.name = name;
    this.global = global;
    this.perClient = perClient;
    this.routes = Map.copyOf(routes);
    this.counters = counters;
    this.counts = new DecisionCounts() {
      @Override
      public long permitted() {
        return counters.permitted();
      }

      @Override
      public long rejected() {
        long n = 0;
        for (LevelCounters.Level level : counters.levels().values()) {
          n += level.rejected.sum();
        }
        return n;
      }
    };
  }

  /**
   * Builds the levels.
   *
   * @param redis the Redis client; not closed by the limiter
   * @param breaker guards every Redis call of every level
   * @param counters counts decisions per level; must know the level names
   * @throws IllegalArgumentException if Redis cannot hold a limit (see {@code ratelimit-redis})
   */
  static RedisHierarchy create(
      UnifiedJedis redis,
      CircuitBreaker breaker,
      Ticker ticker,
      String name,
      List<RateLimit> global,
      List<RateLimit> perClient,
      Map<String, List<RateLimit>> routes,
      RateLimitAlgorithm algorithm,
      LevelCounters counters) {
    Map<String, RedisKeyedRateLimiter<String>> byRoute = new HashMap<>();
    routes.forEach((route, limits) ->
        byRoute.put(route, level(redis, breaker, ticker, routeLevel(name, route), limits, algorithm)));
    return new RedisHierarchy(
        name,
        global.isEmpty() ? null : level(redis, breaker, ticker, globalLevel(name), global, algorithm),
        level(redis, breaker, ticker, clientLevel(name), perClient, algorithm),
        byRoute,
        counters);
  }

  static String globalLevel(String name) {
    return name + ".global";
  }

  static String clientLevel(String name) {
    return name + ".client";
  }

  static String routeLevel(String name, String route) {
    return name + ".route." + route;
  }

  private static RedisKeyedRateLimiter<String> level(
      UnifiedJedis redis, CircuitBreaker breaker, Ticker ticker, String level, List<RateLimit> limits,
      RateLimitAlgorithm algorithm) {
    return RedisKeyedRateLimiter.builder(redis, limits)
        .name(level)
        .algorithm(algorithm)
        .failurePolicy(FailurePolicy.FALLBACK_LOCAL)
        .expectedInstances(1)
        .circuitBreaker(breaker)
        .ticker(ticker)
        .<String>build();
  }

  @Override
  public boolean tryAcquire(String route, String client) {
    return tryAcquireDecision(route, client, 1).allowed();
  }

  @Override
  public boolean tryAcquire(String route, String client, int permits) {
    return tryAcquireDecision(route, client, permits).allowed();
  }

  @Override
  public Decision tryAcquireDecision(String route, String client, int permits) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(client, "client");
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1 but was " + permits);
    }
    RedisKeyedRateLimiter<String> g = global;
    if (g != null && g.refusesLocally(GLOBAL_KEY)) {
      // Exhausted, as Redis told this instance: refuse before spending client permits. For one
      // permit the deny cache answers the peek (Redis only if the entry expired just now); for
      // more, Redis does, for the exact retry-after, without taking anything.
      RateLimitDecision all = g.peek(GLOBAL_KEY, permits);
      if (!all.allowed()) {
        counters.rejected(g.name());
        return new Decision(Level.GLOBAL, all);
      }
    }
    RedisKeyedRateLimiter<String> own = routes.get(route);
    Level level = own != null ? Level.ROUTE : Level.CLIENT;
    RedisKeyedRateLimiter<String> first = own != null ? own : perClient;
    RateLimitDecision mine = first.tryAcquireDecision(client, permits);
    if (!mine.allowed()) {
      counters.rejected(first.name());
      return new Decision(level, mine);
    }
    if (g == null) {
      counters.permitted(first.name());
      return new Decision(level, mine);
    }
    RateLimitDecision all = g.tryAcquireDecision(GLOBAL_KEY, permits);
    if (!all.allowed()) {
      counters.rejected(g.name());
      return new Decision(Level.GLOBAL, all);
    }
    counters.permitted(first.name());
    return all.remaining() < mine.remaining() ? new Decision(Level.GLOBAL, all) : new Decision(level, mine);
  }

  /** Returns -1: the keys are in Redis. */
  @Override
  public long trackedKeys() {
    return -1;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * <p>This hierarchy always keeps its statistics: its level counters feed the demo's state.
   */
  @Override
  public Optional<DecisionCounts> stats() {
    return Optional.of(counts);
  }

  /** Whether a level decides by its fallback now, because Redis cannot be used. */
  boolean inFallback() {
    for (RedisKeyedRateLimiter<String> level : levels()) {
      if (level.inFallback()) {
        return true;
      }
    }
    return false;
  }

  private List<RedisKeyedRateLimiter<String>> levels() {
    List<RedisKeyedRateLimiter<String>> all = new ArrayList<>(routes.values());
    all.add(perClient);
    if (global != null) {
      all.add(global);
    }
    return all;
  }

  @Override
  public String toString() {
    return "RedisHierarchy[" + name + ", " + routes.size() + " route levels]";
  }
}
