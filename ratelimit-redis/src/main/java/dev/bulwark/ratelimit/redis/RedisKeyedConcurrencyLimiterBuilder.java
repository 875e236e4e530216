package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Configures a {@link RedisKeyedConcurrencyLimiter}. Each setting may be made once (a second call
 * throws {@link IllegalStateException}); listeners accumulate; cross-field rules run in
 * {@link #build()}. Not thread-safe; the built limiter is.
 *
 * <p>A name or a key prefix is required: limiters that share them share their Redis keys (that
 * is how instances share a limit), so each limit needs its own. Defaults: key prefix
 * {@code "bulwark:cl:<name>:"}, name {@code "redis-concurrency-limiter"} when only the prefix is set,
 * keys mapped by {@link String#valueOf(Object)}, lease duration {@link #DEFAULT_LEASE_DURATION},
 * {@link FailurePolicy#FAIL_OPEN}, call timeout
 * {@link RedisKeyedRateLimiterBuilder#DEFAULT_CALL_TIMEOUT}, a circuit breaker opening after 3
 * consecutive failed calls for 1 s, {@link Ticker#system()}.
 *
 * @param <K> the key type, fixed by {@link #keyToString}; {@code Object} until then
 */
public final class RedisKeyedConcurrencyLimiterBuilder<K> {

  /** The default lease duration: 1 minute. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(1);

  private final UnifiedJedis redis;
  private final int maxPerKey;
  private final int maxTotal;
  private final CommonSettings common =
      new CommonSettings("redis-concurrency-limiter", "bulwark:cl:");
  private @Nullable Function<? super K, String> keyToString;
  private @Nullable Duration leaseDuration;

  RedisKeyedConcurrencyLimiterBuilder(UnifiedJedis redis, int maxPerKey, int maxTotal) {
    this.redis = Objects.requireNonNull(redis, "redis");
    Preconditions.requireAtLeastOne("maxPerKey", maxPerKey);
    if (maxTotal < maxPerKey) {
      throw new IllegalArgumentException(
          "maxTotal must be >= maxPerKey (" + maxPerKey + ") but was " + maxTotal);
    }
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
  }

  /**
   * Names the limiter, in logs and events; the name is also the hash tag of its Redis keys.
   * Instances that share a limit must share the name (and the key prefix).
   *
   * @param name a non-blank name without '{' or '}'
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank or holds a brace
   * @throws IllegalStateException if the name was already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> name(String name) {
    Objects.requireNonNull(name, "name");
    CommonSettings.requireNoBraces("name", name);
    common.name(name);
    return this;
  }

  /**
   * Sets the text every Redis key starts with.
   *
   * @param keyPrefix the prefix; may be empty
   * @return this builder
   * @throws IllegalArgumentException if it contains '{' or '}'
   * @throws IllegalStateException if the prefix was already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> keyPrefix(String keyPrefix) {
    common.keyPrefix(keyPrefix);
    return this;
  }

  /**
   * Sets how keys become Redis key text, and with it the key type. Distinct keys must map to
   * distinct strings. Default {@link String#valueOf(Object)}.
   *
   * @param keyToString the mapping; must not return null
   * @param <K1> the key type
   * @return this builder, typed for {@code K1}
   * @throws IllegalStateException if the mapping was already set
   */
  @SuppressWarnings("unchecked") // only the type argument changes: the builder holds no K yet
  public <K1 extends K> RedisKeyedConcurrencyLimiterBuilder<K1> keyToString(
      Function<? super K1, String> keyToString) {
    RedisKeyedConcurrencyLimiterBuilder<K1> self = (RedisKeyedConcurrencyLimiterBuilder<K1>) this;
    self.keyToString = Preconditions.setOnce("keyToString", this.keyToString, keyToString);
    return self;
  }

  /**
   * Sets how long a lease lives if it is not released: the time after which the permit of a holder
   * that died counts no more. Longer than the longest call.
   *
   * @param duration at least 1 ms; default {@link #DEFAULT_LEASE_DURATION}
   * @return this builder
   * @throws IllegalArgumentException if {@code duration} is shorter than 1 ms
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> leaseDuration(Duration duration) {
    Objects.requireNonNull(duration, "leaseDuration");
    if (duration.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("leaseDuration must be >= 1 ms but was " + duration);
    }
    this.leaseDuration = Preconditions.setOnce("leaseDuration", this.leaseDuration, duration);
    return this;
  }

  /**
   * Chooses what to decide while Redis cannot be used. Default {@link FailurePolicy#FAIL_OPEN}.
   *
   * @param policy the policy; {@link FailurePolicy#FALLBACK_LOCAL} needs {@link #expectedInstances}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> failurePolicy(FailurePolicy policy) {
    common.failurePolicy(policy);
    return this;
  }

  /**
   * Sets how many instances share the limit, for {@link FailurePolicy#FALLBACK_LOCAL}: the local
   * limiter allows both maximums divided by this number (at least 1).
   *
   * @param instances at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code instances < 1}
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> expectedInstances(int instances) {
    common.expectedInstances(instances);
    return this;
  }

  /**
   * Sets how long a Redis call may take before it counts as a failure for the circuit breaker; see
   * {@link RedisKeyedRateLimiterBuilder#callTimeout}.
   *
   * @param timeout positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> callTimeout(Duration timeout) {
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
  public RedisKeyedConcurrencyLimiterBuilder<K> circuitBreaker(CircuitBreaker breaker) {
    common.circuitBreaker(breaker);
    return this;
  }

  /**
   * Sets the local clock (call durations, the default breaker). Leases use the Redis server's clock.
   *
   * @param ticker the clock
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> ticker(Ticker ticker) {
    common.ticker(ticker);
    return this;
  }

  /**
   * <b>For tests only.</b> Makes the scripts take the time from {@code clock} instead of the Redis
   * server's {@code TIME}, so that a test can expire leases with a
   * {@link dev.bulwark.core.ManualTicker}; see {@link RedisKeyedRateLimiterBuilder#serverClockForTesting}.
   *
   * @param clock the clock
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> serverClockForTesting(Ticker clock) {
    common.serverClockForTesting(clock);
    return this;
  }

  /**
   * Sets the executor that runs the asynchronous acquisitions' Redis calls
   * ({@link RedisKeyedConcurrencyLimiter#tryAcquireAsync}; Jedis blocks a thread per round trip).
   * On a {@code JedisPooled} or a {@code JedisSentineled} at most two tasks at a time send the
   * waiting calls in pipelined batches; on other clients each call is a task of its own. Default:
   * daemon threads created on demand, ended after 60 s idle: two on a {@code JedisPooled} or
   * {@code JedisSentineled}, else at most {@link #maxCallsInFlight}. An executor that rejects a
   * task makes the acquisitions it would have sent follow the failure policy, as when too many
   * calls are in flight. Releases are never run on it.
   *
   * @param executor the executor; with {@link #combineSynchronousCalls} set, a synchronous
   *     caller's call may be sent by its task, and a synchronous caller may start a task for
   *     waiting asynchronous calls
   * @return this builder
   * @throws NullPointerException if {@code executor} is null
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> asyncExecutor(Executor executor) {
    common.asyncExecutor(executor);
    return this;
  }

  /**
   * Bounds the asynchronous acquisitions in flight at once (default 64). One that finds that many
   * running does not wait: the failure policy decides it at once, without Redis (the breaker is
   * not told: Redis did not fail, it is slower than the callers). The synchronous methods are not
   * bounded by it.
   *
   * @param calls at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code calls < 1}
   * @throws IllegalStateException if already set
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> maxCallsInFlight(int calls) {
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
  public RedisKeyedConcurrencyLimiterBuilder<K> combineSynchronousCalls(boolean combine) {
    common.combineSynchronousCalls(combine);
    return this;
  }

  /**
   * Adds a listener for fallback transitions.
   *
   * @param listener the listener
   * @return this builder
   */
  public RedisKeyedConcurrencyLimiterBuilder<K> fallbackListener(RedisFallbackListener listener) {
    common.fallbackListener(listener);
    return this;
  }

  /**
   * Builds the limiter. Nothing is sent to Redis yet.
   *
   * @param <K1> the key type
   * @return a new, thread-safe limiter
   * @throws IllegalStateException if neither name nor key prefix is set, FALLBACK_LOCAL lacks
   *     expectedInstances, or another policy has it
   */
  public <K1 extends K> RedisKeyedConcurrencyLimiter<K1> build() {
    common.check();
    Function<? super K1, String> toText = keyToString != null ? keyToString : String::valueOf;
    long leaseNanos =
        Durations.toNanosSaturated(leaseDuration != null ? leaseDuration : DEFAULT_LEASE_DURATION);
    KeyedConcurrencyLimiter<K1> local = null;
    if (common.failurePolicy() == FailurePolicy.FALLBACK_LOCAL) {
      int instances = common.expectedInstances();
      local =
          KeyedConcurrencyLimiter.builder(
                  Math.max(1, maxPerKey / instances), Math.max(1, maxTotal / instances))
              .name(common.name() + "-local")
              .build();
    }
    AsyncCalls async = common.async(redis);
    return new RedisKeyedConcurrencyLimiter<>(
        common.name(),
        maxPerKey,
        maxTotal,
        common.keyPrefix(),
        Math.min(leaseNanos / 1000, RateLimitScript.EXACT_LIMIT / 4),
        toText,
        common.runner(redis, async),
        common.guard(LoggerFactory.getLogger(RedisKeyedRateLimiter.LOGGER_NAME)),
        common.serverClock(),
        local,
        async);
  }
}
