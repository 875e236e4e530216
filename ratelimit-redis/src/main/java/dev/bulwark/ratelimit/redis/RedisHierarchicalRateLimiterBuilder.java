package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.internal.HierarchyCounter;
import dev.bulwark.ratelimit.internal.HierarchyCounter.LevelCounter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Configures a {@link RedisHierarchicalRateLimiter}: the levels as on
 * {@link HierarchicalRateLimiterBuilder} ({@link #perClient} required; {@link #global} and
 * {@link #route}s optional; each level one or more limits), and the Redis settings as on
 * {@link RedisKeyedRateLimiterBuilder}. Each setting may be made once, each route once (a second
 * call throws {@link IllegalStateException}); listeners accumulate; the order of calls never
 * matters, and cross-field rules run in {@link #build()}. Not thread-safe; the built limiter is.
 *
 * <p>A name or a key prefix is required (instances share a hierarchy by sharing them). Defaults:
 * key prefix {@code "bulwark:hrl:<name>:"}, name {@code "redis-hierarchical-rate-limiter"} when
 * only the prefix is set, {@link RateLimitAlgorithm#TOKEN_BUCKET}, clients mapped by
 * {@link String#valueOf(Object)}, {@link FailurePolicy#FAIL_OPEN}, call timeout
 * {@link RedisKeyedRateLimiterBuilder#DEFAULT_CALL_TIMEOUT}, a circuit breaker opening after 3
 * consecutive failed calls for 1 s, the deny cache on with
 * {@link RedisKeyedRateLimiterBuilder#DEFAULT_DENY_CACHE_SIZE} slots per client level,
 * {@link Ticker#system()}, no listeners.
 *
 * @param <K> the client key type, fixed by {@link #keyToString}; {@code Object} until then
 */
public final class RedisHierarchicalRateLimiterBuilder<K> {

  private final UnifiedJedis redis;
  private final RateSettings rate = new RateSettings();
  private final CommonSettings common =
      new CommonSettings("redis-hierarchical-rate-limiter", "bulwark:hrl:");
  private @Nullable List<RateLimit> global;
  private @Nullable List<RateLimit> perClient;
  private final Map<String, List<RateLimit>> routes = new LinkedHashMap<>();
  private @Nullable Function<? super K, String> keyToString;

  RedisHierarchicalRateLimiterBuilder(UnifiedJedis redis) {
    this.redis = Objects.requireNonNull(redis, "redis");
  }

  /**
   * Names the limiter, in logs, events ({@code <name>.global}, {@code <name>.client},
   * {@code <name>.route.<route>}) and the default key prefix.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> name(String name) {
    common.name(name);
    return this;
  }

  /**
   * Sets the text every Redis key of the hierarchy is built from (see the key layout on
   * {@link RedisHierarchicalRateLimiter}).
   *
   * @param keyPrefix the prefix, e.g. {@code "myapp:api:"}; may be empty
   * @return this builder
   * @throws IllegalArgumentException if it contains '{' or '}'
   * @throws IllegalStateException if the prefix was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> keyPrefix(String keyPrefix) {
    common.keyPrefix(keyPrefix);
    return this;
  }

  /**
   * Sets the global limit, shared by every client on every route.
   *
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code limits} is empty
   * @throws IllegalStateException if the global limit was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> global(RateLimit... limits) {
    List<RateLimit> list = requireLimits(limits);
    Preconditions.requireUnset("global", global);
    global = list;
    return this;
  }

  /**
   * Sets the default limit per client, for routes without an override. Required.
   *
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code limits} is empty
   * @throws IllegalStateException if the per-client limit was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> perClient(RateLimit... limits) {
    List<RateLimit> list = requireLimits(limits);
    Preconditions.requireUnset("perClient", perClient);
    perClient = list;
    return this;
  }

  /**
   * Overrides the per-client limit on one route: requests on {@code route} are counted per (route,
   * client) against {@code limits} instead of the default per-client limit.
   *
   * @param route the route name, non-blank, without a colon or a brace
   *     (it is part of the Redis keys), matched exactly
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code route} is blank or holds one of those characters,
   *     or {@code limits} is empty
   * @throws IllegalStateException if this route was already overridden
   */
  public RedisHierarchicalRateLimiterBuilder<K> route(String route, RateLimit... limits) {
    Objects.requireNonNull(route, "route");
    if (route.isBlank() || route.indexOf(':') >= 0 || route.indexOf('{') >= 0 || route.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "route must be non-blank, without ':', '{' or '}' (it is part of the Redis keys) but was '"
              + route + "'");
    }
    List<RateLimit> list = requireLimits(limits);
    if (routes.containsKey(route)) {
      throw new IllegalStateException("route " + route + " was already set to " + routes.get(route));
    }
    routes.put(route, list);
    return this;
  }

  /**
   * Chooses the algorithm of every level.
   *
   * @param algorithm TOKEN_BUCKET, FIXED_WINDOW or SLIDING_WINDOW_COUNTER
   * @return this builder
   * @throws IllegalArgumentException for {@link RateLimitAlgorithm#SLIDING_WINDOW_LOG}
   * @throws IllegalStateException if the algorithm was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> algorithm(RateLimitAlgorithm algorithm) {
    rate.algorithm(algorithm);
    return this;
  }

  /**
   * Sets how clients become Redis key text, and with it the client type. Distinct clients must map
   * to distinct strings.
   *
   * @param keyToString the mapping; must not return null
   * @param <K1> the client type
   * @return this builder, typed for {@code K1}
   * @throws IllegalStateException if the mapping was already set
   */
  @SuppressWarnings("unchecked") // only the type argument changes: the builder holds no K yet
  public <K1 extends K> RedisHierarchicalRateLimiterBuilder<K1> keyToString(
      Function<? super K1, String> keyToString) {
    RedisHierarchicalRateLimiterBuilder<K1> self = (RedisHierarchicalRateLimiterBuilder<K1>) this;
    self.keyToString = Preconditions.setOnce("keyToString", this.keyToString, keyToString);
    return self;
  }

  /**
   * Chooses what to decide while Redis cannot be used. Default {@link FailurePolicy#FAIL_OPEN}.
   *
   * @param policy the policy; {@link FailurePolicy#FALLBACK_LOCAL} needs {@link #expectedInstances}
   * @return this builder
   * @throws IllegalStateException if the policy was already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> failurePolicy(FailurePolicy policy) {
    common.failurePolicy(policy);
    return this;
  }

  /**
   * Sets how many instances share the hierarchy, for {@link FailurePolicy#FALLBACK_LOCAL}: each
   * instance's in-memory hierarchy enforces every level's limits divided by this number (at least 1
   * permit).
   *
   * @param instances at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code instances < 1}
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> expectedInstances(int instances) {
    common.expectedInstances(instances);
    return this;
  }

  /**
   * Sets how long a Redis call may take before it counts as a failure for the circuit breaker (its
   * answer is still used); bound the wait itself with the client's timeouts.
   *
   * @param timeout positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> callTimeout(Duration timeout) {
    common.callTimeout(timeout);
    return this;
  }

  /**
   * Guards the Redis calls with this breaker instead of the default one.
   *
   * @param breaker the breaker
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> circuitBreaker(CircuitBreaker breaker) {
    common.circuitBreaker(breaker);
    return this;
  }

  /**
   * Turns the local deny cache on or off (default on); see {@link RedisHierarchicalRateLimiter}.
   *
   * @param enabled whether to cache refusals
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> denyCache(boolean enabled) {
    rate.denyCache(enabled);
    return this;
  }

  /**
   * Sizes each client level's deny cache (a table of at least this many slots).
   *
   * @param size between 1 and {@link RedisKeyedRateLimiterBuilder#MAX_DENY_CACHE_SIZE}
   * @return this builder
   * @throws IllegalArgumentException if {@code size} is out of range
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> denyCacheSize(int size) {
    rate.denyCacheSize(size);
    return this;
  }

  /**
   * Sets the local clock: deny-cache deadlines, call durations, the default breaker, the local
   * fallback. Redis decisions use the Redis server's clock.
   *
   * @param ticker the clock
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> ticker(Ticker ticker) {
    common.ticker(ticker);
    return this;
  }

  /**
   * <b>For tests only</b>, as {@link RedisKeyedRateLimiterBuilder#serverClockForTesting}: the
   * script takes the time from {@code clock} instead of the server's {@code TIME}.
   *
   * @param clock the clock shared by every limiter of the test
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> serverClockForTesting(Ticker clock) {
    common.serverClockForTesting(clock);
    return this;
  }

  /**
   * Adds a listener. Each decision yields one event whose key is the client and whose limiter name
   * names the deciding level, as in memory: {@code <name>.global} when the global level refused,
   * otherwise {@code <name>.client} or {@code <name>.route.<route>}.
   *
   * @param listener the listener
   * @return this builder
   */
  public RedisHierarchicalRateLimiterBuilder<K> listener(RateLimiterListener listener) {
    rate.listener(listener);
    return this;
  }

  /**
   * Sets the executor that sends the asynchronous decisions' Redis calls (Jedis blocks a thread
   * per round trip). On a {@code JedisPooled} or a {@code JedisSentineled} at most two tasks at a
   * time send the waiting calls in pipelined batches; on other clients each call is a task of its
   * own. Default: daemon threads created on demand, ended after 60 s idle: two on a
   * {@code JedisPooled} or {@code JedisSentineled}, else at most {@link #maxCallsInFlight}. An
   * executor that rejects a task makes the decisions it would have sent follow the failure policy,
   * as when too many calls are in flight.
   *
   * @param executor the executor; with {@link #combineSynchronousCalls} set, a synchronous
   *     caller's call may be sent by its task, and a synchronous caller may start a task for
   *     waiting asynchronous calls
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> asyncExecutor(Executor executor) {
    common.asyncExecutor(executor);
    return this;
  }

  /**
   * Bounds the asynchronous Redis calls in flight at once (default 64). A decision that finds that
   * many running does not wait: the failure policy decides it at once, without Redis (the breaker
   * is not told: Redis did not fail, it is slower than the callers). The synchronous methods are
   * not bounded by it.
   *
   * @param calls at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code calls < 1}
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> maxCallsInFlight(int calls) {
    common.maxCallsInFlight(calls);
    return this;
  }

  /**
   * Chooses whether concurrent synchronous callers' Redis calls are combined into pipelined round
   * trips (default {@code false}: each synchronous call is one {@code EVALSHA} on its caller's
   * thread). Asynchronous calls are always combined on a {@code JedisPooled} or a
   * {@code JedisSentineled}: a flush task on the {@code asyncExecutor} sends every waiting call
   * in one pipeline (up to 64), at most two round trips in flight. With this set, a synchronous
   * caller that finds fewer than two round trips in flight and nothing queued sends its own call at
   * once (a lone caller pays nothing for it); one that arrives while two are in flight queues its
   * call and parks until a finishing sender hands it the sending role (it then sends its call with
   * the queued ones) or settles its call. A waiting caller gives up after the call timeout (the
   * failure policy decides; a reply that comes later is dropped) or when interrupted (the failure
   * policy decides, the breaker is not told, the interrupt status is kept). On a
   * {@code JedisCluster} (whose pipelines split by node and do not follow redirections) and any
   * other client every call is sent on its own, whatever this setting.
   *
   * @param combine {@code true} to combine synchronous callers' calls too
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisHierarchicalRateLimiterBuilder<K> combineSynchronousCalls(boolean combine) {
    common.combineSynchronousCalls(combine);
    return this;
  }

  /**
   * Adds a listener for fallback transitions (Redis lost, Redis back).
   *
   * @param listener the listener
   * @return this builder
   */
  public RedisHierarchicalRateLimiterBuilder<K> fallbackListener(RedisFallbackListener listener) {
    common.fallbackListener(listener);
    return this;
  }

  /**
   * Makes the limiter keep its {@link dev.bulwark.ratelimit.HierarchyCounts}, returned by
   * {@code stats()}: this instance's decisions in total and per level, counted as the in-memory
   * limiter counts them (one uncontended atomic increment per decision, no allocation).
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public RedisHierarchicalRateLimiterBuilder<K> recordStats() {
    rate.recordStats();
    return this;
  }

  /**
   * Builds the limiter. Nothing is sent to Redis yet.
   *
   * @param <K1> the client key type
   * @return a new, thread-safe limiter
   * @throws IllegalStateException if no per-client limit was set, or a rule of
   *     {@link RedisKeyedRateLimiterBuilder#build()} fails (name or prefix, failure policy and
   *     expected instances, deny-cache size with the cache off)
   * @throws IllegalArgumentException if a limit's burst times its interval or window exceeds 2^52
   *     microseconds
   */
  public <K1 extends K> RedisHierarchicalRateLimiter<K1> build() {
    List<RateLimit> client = perClient;
    if (client == null) {
      throw new IllegalStateException("perClient limit is required");
    }
    common.check();
    rate.check();
    RateLimitAlgorithm chosen = rate.algorithm();
    List<RateLimit> all = global != null ? global : List.of();
    boolean cached = rate.denyCache();
    int slots = rate.denyCacheSlots();
    RedisGuard guard = common.guard(LoggerFactory.getLogger(RedisKeyedRateLimiter.LOGGER_NAME));
    String name = common.name();
    HierarchyCounter counter = rate.recordsStats() ? new HierarchyCounter(name, all, client, routes) : null;
    RedisHierarchicalRateLimiter.ClientLevel<K1> defaultLevel =
        level(Level.CLIENT, name + ".client", "client:", client, all, chosen, guard, cached, slots,
            counter == null ? null : counter.client());
    Map<String, RedisHierarchicalRateLimiter.ClientLevel<K1>> byRoute = new LinkedHashMap<>();
    routes.forEach((route, limits) -> byRoute.put(route,
        level(Level.ROUTE, name + ".route." + route, "route:" + route + ":", limits, all, chosen, guard,
            cached, slots, counter == null ? null : counter.route(route))));
    Function<? super K1, String> toText = keyToString != null ? keyToString : String::valueOf;
    AsyncCalls async = common.async(redis);
    return new RedisHierarchicalRateLimiter<>(
        name,
        common.keyPrefix(),
        all,
        defaultLevel,
        byRoute,
        chosen,
        toText,
        common.runner(redis, async),
        guard,
        common.failurePolicy() == FailurePolicy.FALLBACK_LOCAL ? this.<K1>local(chosen) : null,
        cached,
        common.ticker(),
        rate.listeners(),
        counter,
        async);
  }

  private <K1> RedisHierarchicalRateLimiter.ClientLevel<K1> level(
      Level level, String eventName, String stem, List<RateLimit> limits, List<RateLimit> all,
      RateLimitAlgorithm chosen, RedisGuard guard, boolean cached, int slots, @Nullable LevelCounter counter) {
    RateLimitFallback<K1> fallback = common.failurePolicy() == FailurePolicy.FAIL_CLOSED
        ? RateLimitFallback.failClosed(limits.get(0), guard.breaker())
        : RateLimitFallback.failOpen(limits);
    String prefix = common.keyPrefix();
    RedisKeyBytes keyBytes = all.isEmpty()
        ? new RedisKeyBytes(prefix + stem + '{', "}")
        : new RedisKeyBytes('{' + prefix + '}' + stem, "");
    return new RedisHierarchicalRateLimiter.ClientLevel<>(
        level, eventName, stem, limits, new HierarchyScript(limits, all, chosen, common.serverClock()),
        fallback, cached ? new DenyCache<>(slots) : null, keyBytes, counter);
  }

  /** The in-memory hierarchy of FALLBACK_LOCAL: every limit divided by the expected instances. */
  private <K1> HierarchicalRateLimiter<K1> local(RateLimitAlgorithm chosen) {
    int instances = common.expectedInstances();
    HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
        .name(common.name() + "-local")
        .algorithm(chosen)
        .ticker(common.ticker())
        .perClient(divided(Objects.requireNonNull(perClient), instances));
    List<RateLimit> all = global;
    if (all != null) {
      b.global(divided(all, instances));
    }
    routes.forEach((route, limits) -> b.route(route, divided(limits, instances)));
    return b.build();
  }

  private static RateLimit[] divided(List<RateLimit> limits, int instances) {
    return RateLimitFallback.divide(limits, instances).toArray(new RateLimit[0]);
  }

  private static List<RateLimit> requireLimits(RateLimit[] limits) {
    List<RateLimit> list = List.of(Objects.requireNonNull(limits, "limits"));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    return list;
  }
}
