package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchyCounts;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.internal.HierarchyCounter;
import dev.bulwark.ratelimit.internal.HierarchyCounter.LevelCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link HierarchicalRateLimiter} whose levels live in Redis, so that every instance of a service
 * shares the global limit and each client's (and each route's) quota: one decision is one Lua
 * script in one round trip, whatever the number of levels.
 *
 * <pre>{@code
 * HierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
 *     .name("api")
 *     .global(RateLimit.perMinute(1000))
 *     .perClient(RateLimit.perMinute(100).withBurst(10))
 *     .route("chat", RateLimit.perMinute(20))
 *     .build();
 * if (!limiter.tryAcquire("chat", clientIp)) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Those of {@link HierarchicalRateLimiter}, exactly as the in-memory limiter decides them (its
 * semantic test suite runs against this class unchanged): a route with an override is limited per
 * (route, client) by it, any other route per client by the default limit, and every request by the
 * global limit; the decision names the deciding level; all-or-nothing. The script decides the
 * client level, then the global level, and writes nothing unless both grant: a refused request
 * consumes nothing at any level, with no refund and no race (in memory, a refund can be slightly
 * off under a race; here there is none). Time and algorithms are those of
 * {@link RedisKeyedRateLimiter} (the Redis server's clock in whole microseconds; no sliding-window
 * log); a window of the global level is aligned on its first request, not on the limiter's build.
 *
 * <h2>Key layout and cluster slotting</h2>
 * With the key prefix {@code P} (default {@code bulwark:hrl:<name>:}) and a client's text {@code c}
 * ({@code keyToString}, default {@link String#valueOf(Object)}):
 * <ul>
 *   <li>with a global level, every key carries the hash tag {@code {P}}: {@code {P}global},
 *       {@code {P}client:c}, {@code {P}route:<route>:c}. A script may only touch keys of one cluster
 *       slot, and every decision touches the global key, so the whole hierarchy lives in one slot,
 *       on one master: in a cluster, every decision of this limiter lands on that node, whose single
 *       thread bounds the limiter's throughput (other limiters' keys still spread). This is the
 *       price of deciding the global level atomically with the client's;
 *   <li>without a global level, each client's key is its own hash tag: {@code Pclient:{c}},
 *       {@code Proute:<route>:{c}}, spread over the cluster like {@link RedisKeyedRateLimiter}'s.
 * </ul>
 * Values and TTLs are those of {@link RedisKeyedRateLimiter}'s keys; an idle key expires once full.
 * Instances share the hierarchy when they use the same prefix (or name), limits, routes and
 * algorithm. Route names may not contain a colon or a brace, so that keys of
 * distinct (route, client) pairs never coincide.
 *
 * <h2>When Redis fails</h2>
 * As for {@link RedisKeyedRateLimiter}: a circuit breaker guards the calls, and the
 * {@link FailurePolicy} decides while Redis cannot be used: {@code FAIL_OPEN} grants what fits the
 * client level's smallest burst, {@code FAIL_CLOSED} refuses at the client level, and
 * {@code FALLBACK_LOCAL} decides with an in-memory hierarchy holding every limit divided by the
 * expected number of instances.
 *
 * <h2>Local deny cache</h2>
 * On by default. When Redis reports that a client level has no permit left for a client until some
 * instant, this instance refuses that (level, client) locally until then; when it reports that the
 * global level has none left, this instance refuses every request locally until then, at the
 * global level. Both without a round trip: for {@code tryAcquire} whatever the permits, for
 * {@code tryAcquireDecision} for a single permit (more ask Redis, for an exact retry-after). The
 * cache never refuses what Redis would grant (other instances can only push those instants later).
 * One difference from the in-memory decision: a request refused locally at the global level is
 * reported at {@link HierarchicalRateLimiter.Level#GLOBAL} even when its own client level would
 * also have refused it (Redis, and memory, name the client level first); turn the cache off for
 * exactly the in-memory decision in that case.
 *
 * <p>Thread-safe. Route and client must not be null.
 *
 * @param <K> the client key type
 */
public final class RedisHierarchicalRateLimiter<K> implements HierarchicalRateLimiter<K> {

  private final String name;
  private final String prefix;
  private final List<RateLimit> global;
  private final byte @Nullable [] globalKey;
  private final ClientLevel<K> perClient;
  private final Map<String, ClientLevel<K>> routes;
  private final String globalEventName;
  private final RateLimitAlgorithm algorithm;
  private final Function<? super K, String> keyToString;
  private final CombiningRunner runner;
  private final RedisGuard guard;
  private final @Nullable HierarchicalRateLimiter<K> local;
  private final boolean denyCache;
  private volatile @Nullable GlobalDeny globalDeny;
  private final Ticker ticker;
  private final @Nullable RateLimiterListener listener;
  private final AsyncCalls async;
  private final @Nullable LevelCounter globalCounter;
  private final Optional<HierarchyCounts> stats;

  /** Until when the global level refuses one permit, as Redis last said; local ticker readings. */
  private record GlobalDeny(long untilNanos, int limitIndex, long resetAtNanos) {}

  /**
   * One client level: the default per-client level or a route's override.
   *
   * @param level CLIENT or ROUTE
   * @param eventName how decisions of this level are named in events
   * @param stem the text between the prefix and the client in the level's keys
   * @param limits the level's limits
   * @param script this level's script arguments (its limits, then the global ones)
   * @param fallback what FAIL_OPEN or FAIL_CLOSED decide for this level
   * @param denied the level's deny cache, null without one
   * @param keyBytes builds the level's key for a client's text (as {@link #redisKey} describes it)
   * @param counter the level's decision counts, null without statistics
   */
  record ClientLevel<K>(
      Level level,
      String eventName,
      String stem,
      List<RateLimit> limits,
      HierarchyScript script,
      RateLimitFallback<K> fallback,
      @Nullable DenyCache<K> denied,
      RedisKeyBytes keyBytes,
      @Nullable LevelCounter counter) {}

  RedisHierarchicalRateLimiter(
      String name,
      String prefix,
      List<RateLimit> global,
      ClientLevel<K> perClient,
      Map<String, ClientLevel<K>> routes,
      RateLimitAlgorithm algorithm,
      Function<? super K, String> keyToString,
      CombiningRunner runner,
      RedisGuard guard,
      @Nullable HierarchicalRateLimiter<K> local,
      boolean denyCache,
      Ticker ticker,
      List<RateLimiterListener> listeners,
      @Nullable HierarchyCounter counter,
      AsyncCalls async) {
    this.name = name;
    this.async = async;
    this.prefix = prefix;
    this.global = global;
    this.globalKey = global.isEmpty() ? null : ("{" + prefix + "}global").getBytes(StandardCharsets.UTF_8);
    this.perClient = perClient;
    this.routes = Map.copyOf(routes);
    this.globalEventName = name + ".global";
    this.algorithm = algorithm;
    this.keyToString = keyToString;
    this.runner = runner;
    this.guard = guard;
    this.local = local;
    this.denyCache = denyCache;
    this.ticker = ticker;
    this.listener = listeners.isEmpty() ? null : RateLimiterListener.all(listeners);
    this.globalCounter = counter == null ? null : counter.global();
    this.stats = Optional.ofNullable(counter);
  }

  /**
   * Starts building a hierarchical limiter on {@code redis}.
   *
   * @param redis the client: a {@code JedisPooled}, a {@code JedisCluster}, or any
   *     {@link UnifiedJedis}; the limiter neither owns nor closes it
   * @return a builder
   * @throws NullPointerException if {@code redis} is null
   */
  public static RedisHierarchicalRateLimiterBuilder<Object> builder(UnifiedJedis redis) {
    return new RedisHierarchicalRateLimiterBuilder<>(redis);
  }

  @Override
  public boolean tryAcquire(String route, K client) {
    return tryAcquire(route, client, 1);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A (level, client) in the deny cache, or a global level in it, is refused without a Redis
   * call, whatever {@code permits}.
   */
  @Override
  public boolean tryAcquire(String route, K client, int permits) {
    ClientLevel<K> level = level(route);
    Objects.requireNonNull(client, "client");
    Preconditions.requireAtLeastOne("permits", permits);
    long now = ticker.read();
    DenyCache<K> cache = level.denied();
    DenyCache.Entry<K> own = cache == null ? null : cache.find(client, now);
    if (own != null) {
      notify(level.eventName(), level.counter(), client, permits, own.untilNanos() - now);
      return false;
    }
    GlobalDeny all = globalDenied(now);
    if (all != null) {
      notify(globalEventName, globalCounter, client, permits, all.untilNanos() - now);
      return false;
    }
    return decide(level, route, client, permits, now).allowed();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A single permit refused by the deny cache is decided without a Redis call, with the
   * decision Redis gave counted down; more permits ask Redis, for an exact retry-after.
   */
  @Override
  public Decision tryAcquireDecision(String route, K client, int permits) {
    ClientLevel<K> level = level(route);
    Objects.requireNonNull(client, "client");
    Preconditions.requireAtLeastOne("permits", permits);
    long now = ticker.read();
    if (permits == 1) {
      DenyCache<K> cache = level.denied();
      DenyCache.Entry<K> own = cache == null ? null : cache.find(client, now);
      if (own != null) {
        notify(level.eventName(), level.counter(), client, permits, own.untilNanos() - now);
        return new Decision(level.level(), refusal(level.limits().get(own.limitIndex()),
            own.untilNanos() - now, own.resetAtNanos() - now));
      }
      GlobalDeny all = globalDenied(now);
      if (all != null) {
        notify(globalEventName, globalCounter, client, permits, all.untilNanos() - now);
        return new Decision(Level.GLOBAL, refusal(global.get(all.limitIndex()),
            all.untilNanos() - now, all.resetAtNanos() - now));
      }
    }
    return decide(level, route, client, permits, now);
  }

  /**
   * Decides as {@link #tryAcquireDecision(String, Object, int)} does, without making the calling
   * thread wait for Redis: for an event loop. A single permit the deny cache refuses, and a decision
   * the failure policy makes because {@code maxCallsInFlight} calls are already in flight (or, on
   * a {@code JedisPooled} or {@code JedisSentineled}, because the open breaker refuses the call),
   * return an already completed stage. Every other decision's call is sent from the
   * {@code asyncExecutor}: on a {@code JedisPooled} or {@code JedisSentineled} in a pipelined batch
   * with the other waiting calls, the stage completing on the thread that sent the batch (the
   * executor's, or, with {@link RedisHierarchicalRateLimiterBuilder#combineSynchronousCalls}, a
   * synchronous caller's); on other clients as a task of its own. The stage never
   * completes exceptionally for a Redis failure; listeners and statistics see each decision once.
   *
   * @param route the route name
   * @param client the client key
   * @param permits how many, at least 1
   * @return the decision to come
   * @throws NullPointerException if {@code route} or {@code client} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  @Override
  public CompletionStage<Decision> tryAcquireDecisionAsync(String route, K client, int permits) {
    ClientLevel<K> level = level(route);
    Objects.requireNonNull(client, "client");
    Preconditions.requireAtLeastOne("permits", permits);
    long now = ticker.read();
    if (permits == 1) {
      DenyCache<K> cache = level.denied();
      GlobalDeny all = globalDenied(now);
      if ((cache != null && cache.find(client, now) != null) || all != null) {
        return CompletableFuture.completedFuture(tryAcquireDecision(route, client, permits)); // cached
      }
    }
    CompletableFuture<Decision> started = async.start(
        runner, guard, LuaScript.HIERARCHY, keys(level, client), level.script().args(permits),
        HierarchyScript::decode, reply -> answer(level, route, client, permits, now, reply));
    if (started != null) {
      return started;
    }
    Decision decision = fallback(level, route, client, permits);
    reportFallback(level, decision, client, permits);
    return CompletableFuture.completedFuture(decision);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true}: every decision not served by the deny cache is a Redis round trip
   */
  @Override
  public boolean isRemote() {
    return true;
  }

  /**
   * Returns how many asynchronous Redis calls are in flight now, at most {@code maxCallsInFlight}.
   *
   * @return the calls running
   */
  public int asyncCallsInFlight() {
    return async.inFlight();
  }

  /** The runner of this limiter's scripts, for tests. */
  CombiningRunner runner() {
    return runner;
  }

  private static RateLimitDecision refusal(RateLimit limit, long waitNanos, long resetNanos) {
    return new RateLimitDecision(false, limit, 0, waitNanos, Math.max(0, resetNanos));
  }

  private @Nullable GlobalDeny globalDenied(long now) {
    GlobalDeny all = globalDeny;
    return all == null || now - all.untilNanos() >= 0 ? null : all;
  }

  /** Asks Redis (or, when it cannot be used, the failure policy), updates the caches, reports. */
  private Decision decide(ClientLevel<K> level, String route, K client, int permits, long now) {
    List<byte[]> keys = keys(level, client);
    List<byte[]> args = level.script().args(permits);
    HierarchyScript.Reply reply =
        guard.call(now, () -> HierarchyScript.decode(runner.run(LuaScript.HIERARCHY, keys, args)));
    return answer(level, route, client, permits, now, reply);
  }

  /** The decision from Redis's reply, or by the failure policy when there is none; reported. */
  private Decision answer(
      ClientLevel<K> level, String route, K client, int permits, long now, HierarchyScript.@Nullable Reply reply) {
    if (reply == null) {
      Decision decision = fallback(level, route, client, permits);
      reportFallback(level, decision, client, permits);
      return decision;
    }
    remember(level, client, reply, now);
    RateLimit limit = reply.global() ? global.get(reply.limitIndex()) : level.limits().get(reply.limitIndex());
    long retryAfter = reply.allowed() ? 0
        : reply.retryAfterMicros() < 0 ? Long.MAX_VALUE : reply.retryAfterMicros() * 1000;
    RateLimitDecision decision = new RateLimitDecision(
        reply.allowed(), limit, reply.remaining(), retryAfter, reply.resetAfterMicros() * 1000);
    boolean refusedGlobally = reply.global() && !reply.allowed();
    if (refusedGlobally) {
      notify(globalEventName, globalCounter, client, permits, retryAfter);
    } else {
      notify(level.eventName(), level.counter(), client, permits, retryAfter);
    }
    return new Decision(reply.global() ? Level.GLOBAL : level.level(), decision);
  }

  private Decision fallback(ClientLevel<K> level, String route, K client, int permits) {
    HierarchicalRateLimiter<K> memory = local;
    if (memory != null) {
      return memory.tryAcquireDecision(route, client, permits);
    }
    return new Decision(level.level(), level.fallback().decide(client, permits, true));
  }

  private void remember(ClientLevel<K> level, K client, HierarchyScript.Reply reply, long now) {
    if (!denyCache) {
      return;
    }
    DenyCache<K> cache = Objects.requireNonNull(level.denied());
    if (reply.clientDenyMicros() > 0) {
      cache.deny(client, now + reply.clientDenyMicros() * 1000, reply.clientDenyIndex(),
          now + reply.clientDenyResetMicros() * 1000);
    } else {
      cache.forget(client);
    }
    if (reply.globalDenyMicros() > 0) {
      globalDeny = new GlobalDeny(now + reply.globalDenyMicros() * 1000, reply.globalDenyIndex(),
          now + reply.globalDenyResetMicros() * 1000);
    } else if ((reply.allowed() || reply.global()) && globalDeny != null) {
      globalDeny = null; // Redis consulted the global level and found a permit left
    }
  }

  private List<byte[]> keys(ClientLevel<K> level, K client) {
    String text = Objects.requireNonNull(keyToString.apply(client), "keyToString returned null");
    byte[] own = level.keyBytes().of(text);
    byte[] g = globalKey;
    return g == null ? List.of(own) : List.of(own, g);
  }

  /**
   * Returns the Redis key holding a client's state on a route's client level, for operators.
   *
   * @param route the route name (a route without an override uses the default per-client level)
   * @param client the client
   * @return the key, as described in the class documentation
   * @throws NullPointerException if an argument is null, or {@code keyToString} returns null
   */
  public String redisKey(String route, K client) {
    return new String(keys(level(route), Objects.requireNonNull(client, "client")).get(0), StandardCharsets.UTF_8);
  }

  /**
   * Returns the Redis key holding the global level's state, for operators.
   *
   * @return the key, or empty if the hierarchy has no global level
   */
  public Optional<String> globalRedisKey() {
    byte[] g = globalKey;
    return g == null ? Optional.empty() : Optional.of(new String(g, StandardCharsets.UTF_8));
  }

  private ClientLevel<K> level(String route) {
    ClientLevel<K> level = routes.get(Objects.requireNonNull(route, "route"));
    return level != null ? level : perClient;
  }

  /** Reports a decision the failure policy made, on the level that refused it or the client's. */
  private void reportFallback(ClientLevel<K> level, Decision decision, K client, int permits) {
    if (!decision.allowed() && decision.level() == Level.GLOBAL) {
      notify(globalEventName, globalCounter, client, permits, decision.decision().retryAfterNanos());
    } else {
      notify(level.eventName(), level.counter(), client, permits, decision.decision().retryAfterNanos());
    }
  }

  /**
   * Reports one decision to the listener and to the counter of the level it names (null without
   * statistics): each decision calls this exactly once.
   */
  private void notify(String eventName, @Nullable LevelCounter counter, K client, int permits, long wait) {
    if (counter != null) {
      counter.record(wait == 0);
    }
    RateLimiterListener l = listener;
    if (l != null) {
      l.onEvent(wait == 0
          ? new RateLimiterEvent.Permitted(eventName, client, permits)
          : new RateLimiterEvent.Rejected(eventName, client, permits, wait));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always 0: the keys live in Redis, and this process holds none of them (counting them would
   * cost a scan of the server).
   */
  @Override
  public long trackedKeys() {
    return 0;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counts this instance's decisions, whether Redis, the deny cache or the failure policy made
   * them, on the level that decided each as the in-memory limiter counts them; the fleet-wide total
   * is the sum over instances.
   */
  @Override
  public Optional<HierarchyCounts> stats() {
    return stats;
  }

  /**
   * Returns the algorithm.
   *
   * @return the algorithm of every level
   */
  public RateLimitAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns what the limiter decides while Redis cannot be used.
   *
   * @return the policy
   */
  public FailurePolicy failurePolicy() {
    return guard.policy();
  }

  /**
   * Returns the circuit breaker guarding the Redis calls, for metrics and for operators.
   *
   * @return the breaker
   */
  public CircuitBreaker circuitBreaker() {
    return guard.breaker();
  }

  /**
   * Tells whether the limiter is in fallback: its circuit breaker stopped letting Redis calls
   * through, and no call has succeeded since it closed again (see {@link RedisFallbackEvent}).
   *
   * @return whether decisions follow the failure policy now
   */
  public boolean inFallback() {
    return guard.inFallback();
  }

  @Override
  public String toString() {
    return "RedisHierarchicalRateLimiter[" + name + ", routes " + routes.keySet() + ", prefix " + prefix + "]";
  }
}
