package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Configures a {@link RedisKeyedRateLimiter}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); listeners accumulate; the order of calls never matters, and
 * cross-field rules run in {@link #build()}. Not thread-safe; the built limiter is.
 *
 * <p>A name or a key prefix is required: limiters that share them share their Redis keys (that
 * is how instances share a limit), so each limit needs its own. Defaults: key prefix
 * {@code "bulwark:rl:<name>:"}, name {@code "redis-rate-limiter"} when only the prefix is set,
 * {@link RateLimitAlgorithm#TOKEN_BUCKET}, keys mapped by {@link String#valueOf(Object)},
 * {@link FailurePolicy#FAIL_OPEN}, call timeout {@link #DEFAULT_CALL_TIMEOUT}, a circuit breaker
 * opening after 3 consecutive failed calls for 1 s, the deny cache on with
 * {@link #DEFAULT_DENY_CACHE_SIZE} slots, {@link Ticker#system()}, no listeners.
 *
 * @param <K> the key type, fixed by {@link #keyToString}; {@code Object} until then
 */
public final class RedisKeyedRateLimiterBuilder<K> {

  /** The default call timeout: 100 ms. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMillis(100);

  /** The default number of deny-cache slots: 10,000 (rounded up to 16,384). */
  public static final int DEFAULT_DENY_CACHE_SIZE = 10_000;

  /** The most deny-cache slots: 2^24. */
  public static final int MAX_DENY_CACHE_SIZE = 1 << 24;

  private final UnifiedJedis redis;
  private final List<RateLimit> limits;
  private final RateSettings rate = new RateSettings();
  private final CommonSettings common = new CommonSettings("redis-rate-limiter", "bulwark:rl:");
  private @Nullable Function<? super K, String> keyToString;

  RedisKeyedRateLimiterBuilder(UnifiedJedis redis, List<RateLimit> limits) {
    this.redis = Objects.requireNonNull(redis, "redis");
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    this.limits = limits;
  }

  /**
   * Names the limiter, in logs, events and the default key prefix. Instances that share a limit
   * must share the name (or the key prefix).
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public RedisKeyedRateLimiterBuilder<K> name(String name) {
    common.name(name);
    return this;
  }

  /**
   * Chooses the algorithm of every key.
   *
   * @param algorithm TOKEN_BUCKET, FIXED_WINDOW or SLIDING_WINDOW_COUNTER
   * @return this builder
   * @throws IllegalArgumentException for {@link RateLimitAlgorithm#SLIDING_WINDOW_LOG}, which keeps a
   *     timestamp per permit and is not offered on Redis
   * @throws IllegalStateException if the algorithm was already set
   */
  public RedisKeyedRateLimiterBuilder<K> algorithm(RateLimitAlgorithm algorithm) {
    rate.algorithm(algorithm);
    return this;
  }

  /**
   * Sets the text every Redis key starts with.
   *
   * @param keyPrefix the prefix, e.g. {@code "myapp:per-ip:"}; may be empty
   * @return this builder
   * @throws IllegalArgumentException if it contains '{' or '}' (the key's hash tag follows it)
   * @throws IllegalStateException if the prefix was already set
   */
  public RedisKeyedRateLimiterBuilder<K> keyPrefix(String keyPrefix) {
    common.keyPrefix(keyPrefix);
    return this;
  }

  /**
   * Sets how keys become Redis key text, and with it the key type. Distinct keys must map to distinct
   * strings (keys mapped to one string share one limit). The default, {@link String#valueOf(Object)},
   * suits strings, numbers and records of them.
   *
   * @param keyToString the mapping; must not return null
   * @param <K1> the key type
   * @return this builder, typed for {@code K1}
   * @throws IllegalStateException if the mapping was already set
   */
  @SuppressWarnings("unchecked") // only the type argument changes: the builder holds no K yet
  public <K1 extends K> RedisKeyedRateLimiterBuilder<K1> keyToString(
      Function<? super K1, String> keyToString) {
    RedisKeyedRateLimiterBuilder<K1> self = (RedisKeyedRateLimiterBuilder<K1>) this;
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
  public RedisKeyedRateLimiterBuilder<K> failurePolicy(FailurePolicy policy) {
    common.failurePolicy(policy);
    return this;
  }

  /**
   * Sets how many instances share the limit, for {@link FailurePolicy#FALLBACK_LOCAL}: each
   * instance's local limiter enforces the limits divided by this number (at least 1 permit).
   *
   * @param instances at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code instances < 1}
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> expectedInstances(int instances) {
    common.expectedInstances(instances);
    return this;
  }

  /**
   * Sets how long a Redis call may take before it counts as a failure for the circuit breaker
   * (its answer is still used). Jedis cannot abandon a call in flight: bound the wait itself with
   * the client's connection and socket timeouts, set to this value.
   *
   * @param timeout positive; default {@link #DEFAULT_CALL_TIMEOUT}
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> callTimeout(Duration timeout) {
    common.callTimeout(timeout);
    return this;
  }

  /**
   * Guards the Redis calls with this breaker instead of the default one (3 consecutive failures
   * open it for 1 s, on this builder's ticker). Call durations are measured with this builder's
   * ticker. One breaker may guard several limiters on the same Redis.
   *
   * @param breaker the breaker
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> circuitBreaker(CircuitBreaker breaker) {
    common.circuitBreaker(breaker);
    return this;
  }

  /**
   * Turns the local deny cache on or off (default on). When Redis reports that a key has no permit
   * left until some instant, this instance refuses the key locally until then: {@code tryAcquire}
   * whatever the permits, and single-permit decisions and peeks, with the decision Redis gave
   * (remaining 0, the same limit, retry-after and reset counted down). Other instances taking
   * permits meanwhile can only make Redis refuse longer, so the cache never refuses what Redis
   * would grant, unless the key was deleted in Redis.
   *
   * @param enabled whether to cache refusals
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> denyCache(boolean enabled) {
    rate.denyCache(enabled);
    return this;
  }

  /**
   * Sizes the deny cache: a table of at least this many slots (the next power of two), each
   * holding one refused key; a key whose slot is taken by another simply asks Redis.
   *
   * @param size between 1 and {@link #MAX_DENY_CACHE_SIZE}; default {@link #DEFAULT_DENY_CACHE_SIZE}
   * @return this builder
   * @throws IllegalArgumentException if {@code size} is out of range
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> denyCacheSize(int size) {
    rate.denyCacheSize(size);
    return this;
  }

  /**
   * Sets the local clock: deny-cache deadlines, call durations, the default breaker, the local
   * fallback limiter. Redis decisions use the Redis server's clock, never this one.
   *
   * @param ticker the clock
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> ticker(Ticker ticker) {
    common.ticker(ticker);
    return this;
  }

  /**
   * <b>For tests only.</b> Makes the scripts take the time from {@code clock} (its reading in
   * microseconds) instead of the Redis server's {@code TIME}, so that a test can move time with a
   * {@link dev.bulwark.core.ManualTicker} and expect exact values: the server clock moves on between
   * two calls, by however long they took. Keys then live one hour longer than their state needs,
   * so that real time passing during a test never expires a key the test clock still needs. Never
   * use it in production: instances would disagree on the time.
   *
   * @param clock the clock shared by every limiter of the test
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedRateLimiterBuilder<K> serverClockForTesting(Ticker clock) {
    common.serverClockForTesting(clock);
    return this;
  }

  /**
   * Adds a listener for permitted and rejected decisions; its events carry the key. Decisions made
   * by the failure policy and by the deny cache are reported too.
   *
   * @param listener the listener
   * @return this builder
   */
  public RedisKeyedRateLimiterBuilder<K> listener(RateLimiterListener listener) {
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
  public RedisKeyedRateLimiterBuilder<K> asyncExecutor(Executor executor) {
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
  public RedisKeyedRateLimiterBuilder<K> maxCallsInFlight(int calls) {
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
  public RedisKeyedRateLimiterBuilder<K> combineSynchronousCalls(boolean combine) {
    common.combineSynchronousCalls(combine);
    return this;
  }

  /**
   * Adds a listener for fallback transitions (Redis lost, Redis back).
   *
   * @param listener the listener
   * @return this builder
   */
  public RedisKeyedRateLimiterBuilder<K> fallbackListener(RedisFallbackListener listener) {
    common.fallbackListener(listener);
    return this;
  }

  /**
   * Makes the limiter keep its {@link dev.bulwark.ratelimit.DecisionCounts}, returned by
   * {@code stats()}: each decision costs one more uncontended atomic increment, still no allocation.
   * Default: no statistics, and no cost for them; a built limiter can never start keeping them.
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public RedisKeyedRateLimiterBuilder<K> recordStats() {
    rate.recordStats();
    return this;
  }

  /**
   * Builds the limiter. Nothing is sent to Redis yet: the scripts are loaded on first use.
   *
   * @param <K1> the key type
   * @return a new, thread-safe limiter
   * @throws IllegalStateException if a cross-field rule fails: neither name nor key prefix set,
   *     FALLBACK_LOCAL without
   *     expectedInstances (or expectedInstances with another policy), a deny-cache size with the
   *     cache off, a name with braces used in the default prefix
   * @throws IllegalArgumentException if a limit's burst times its interval or window exceeds 2^52
   *     microseconds, beyond exact arithmetic in Lua
   */
  public <K1 extends K> RedisKeyedRateLimiter<K1> build() {
    common.check();
    rate.check();
    RateLimitAlgorithm chosen = rate.algorithm();
    Function<? super K1, String> toText = keyToString != null ? keyToString : String::valueOf;
    RateLimitScript script = new RateLimitScript(limits, chosen, common.serverClock());
    RedisGuard guard = common.guard(LoggerFactory.getLogger(RedisKeyedRateLimiter.LOGGER_NAME));
    AsyncCalls async = common.async(redis);
    return new RedisKeyedRateLimiter<>(
        common.name(),
        limits,
        chosen,
        common.keyPrefix(),
        toText,
        common.runner(redis, async),
        script,
        guard,
        fallback(chosen, guard),
        rate.denyCacheSlots(),
        common.ticker(),
        rate.listeners(),
        rate.recordsStats(),
        async);
  }

  private <K1> RateLimitFallback<K1> fallback(RateLimitAlgorithm chosen, RedisGuard guard) {
    switch (common.failurePolicy()) {
      case FAIL_OPEN:
        return RateLimitFallback.failOpen(limits);
      case FAIL_CLOSED:
        return RateLimitFallback.failClosed(limits.get(0), guard.breaker());
      default:
        KeyedRateLimiter<K1> local =
            KeyedRateLimiter.builder(RateLimitFallback.divide(limits, common.expectedInstances()))
                .name(common.name() + "-local")
                .algorithm(chosen)
                .ticker(common.ticker())
                .build();
        return RateLimitFallback.local(local);
    }
  }
}
