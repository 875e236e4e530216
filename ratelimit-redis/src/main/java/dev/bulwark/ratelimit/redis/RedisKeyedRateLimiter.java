package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.DecisionCounts;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link KeyedRateLimiter} whose state lives in Redis, so that every instance of a service shares
 * one limit per key: N instances behind a load balancer admit the limit, not N times it.
 *
 * <pre>{@code
 * UnifiedJedis redis = new JedisPooled(hostAndPort, DefaultJedisClientConfig.builder()
 *     .connectionTimeoutMillis(100).socketTimeoutMillis(100).build());
 * KeyedRateLimiter<String> perIp = RedisKeyedRateLimiter.builder(redis, Limits.parse("100/minute"))
 *     .name("per-ip")
 *     .failurePolicy(FailurePolicy.FALLBACK_LOCAL).expectedInstances(4)
 *     .build();
 * if (!perIp.tryAcquire(clientIp)) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * The same as the in-memory limiter's ({@link KeyedRateLimiter#builder}): the token bucket (GCRA,
 * the default), the fixed window and the sliding-window counter, with several limits per key decided
 * all-or-nothing, and the same remaining, retry-after and reset in every decision; the in-memory
 * limiter's semantic test suite runs against this class unchanged. Differences: time is the Redis
 * server's clock ({@code TIME}) in whole microseconds, so a token bucket's emission interval and a
 * window are rounded up to a whole microsecond, and retry-after and reset are multiples of 1 µs;
 * {@link RateLimitAlgorithm#SLIDING_WINDOW_LOG} is not offered. Windows are aligned on a key's first
 * request, as in memory, and on its first request again after its Redis key expired.
 *
 * <h2>One round trip per decision</h2>
 * Each decision is one {@code EVALSHA} of a Lua script that reads the key, decides for every limit,
 * writes the key and sets its TTL atomically: no read-modify-write race between instances, hence no
 * compare-and-set retries on a hot key. When a server answers {@code NOSCRIPT} (restarted, flushed,
 * failed over), the script is loaded and run once more.
 *
 * <h2>Key layout</h2>
 * One Redis string per key: {@code <prefix>{<keyToString(key)>}}, holding the algorithm's letter and
 * the state as integers ({@code g tat...} for the token bucket, {@code f origin index count...} for
 * the fixed window, {@code s origin index prev cur...} for the sliding-window counter; times in µs).
 * The prefix defaults to {@code bulwark:rl:<name>:}. The braces make the key string its Redis Cluster
 * hash tag. Every write sets a TTL equal to the time until the key's limits are all full again
 * (for an empty window state, the longest window), so an idle key costs nothing.
 * Instances share a limit when they use the same prefix (or name), limits and algorithm.
 *
 * <h2>When Redis fails</h2>
 * Calls go through a {@link CircuitBreaker}. A failed call, a call slower than the call timeout, or a
 * call the open breaker rejects is decided by the {@link FailurePolicy}; no Redis exception reaches
 * the caller. Once the breaker is open an outage costs no Redis call and no latency; when its trial
 * call succeeds the limiter uses Redis again. The limiter is <em>in fallback</em> while the breaker
 * refuses calls; entering and leaving are logged once each (slf4j keys
 * {@code event=redis_fallback_entered} / {@code redis_fallback_left}, {@code name}, {@code policy},
 * {@code cause}) and reported to {@link RedisFallbackListener}s. Bound each call's latency with the
 * client's connection and socket timeouts: Jedis cannot abandon a call in flight. In a cluster one
 * breaker guards all nodes: while a master is down its keys follow the policy call by call, and
 * the breaker opens only if the failures outweigh the other nodes' successes.
 *
 * <p>Requires Redis 5.0 or later (scripts that read {@code TIME} and then write rely on effects
 * replication, the default since 5.0).
 *
 * <h2>Local deny cache</h2>
 * On by default: when Redis reports that a key has no permit left until some instant, this instance
 * refuses that key's requests locally until then, without a round trip; see
 * {@link RedisKeyedRateLimiterBuilder#denyCache(boolean)}.
 *
 * <p>Thread-safe. Keys must not be null.
 *
 * @param <K> the key type; {@code keyToString} (default {@link String#valueOf(Object)}) must map
 *     distinct keys to distinct strings
 */
public final class RedisKeyedRateLimiter<K> implements KeyedRateLimiter<K> {

  /**
   * The logger of every ratelimit-redis class, one per module as in the rest of Bulwark (see
   * docs/logging.md): {@value}.
   */
  public static final String LOGGER_NAME = "dev.bulwark.ratelimit.redis";

  private final String name;
  private final List<RateLimit> limits;
  private final @Nullable RedisDecisionCounts counts;
  private final Optional<DecisionCounts> stats;
  private final RateLimitAlgorithm algorithm;
  private final String prefix;
  private final Function<? super K, String> keyToString;
  private final RedisKeyBytes keyBytes;
  private final CombiningRunner runner;
  private final RateLimitScript script;
  private final RedisGuard guard;
  private final @Nullable DenyCache<K> denyCache;
  private final Ticker ticker;
  private final RateLimitFallback<K> fallback;
  private final @Nullable RateLimiterListener listener;
  private final AsyncCalls async;

  RedisKeyedRateLimiter(
      String name,
      List<RateLimit> limits,
      RateLimitAlgorithm algorithm,
      String prefix,
      Function<? super K, String> keyToString,
      CombiningRunner runner,
      RateLimitScript script,
      RedisGuard guard,
      RateLimitFallback<K> fallback,
      int denyCacheSize,
      Ticker ticker,
      List<RateLimiterListener> listeners,
      boolean recordStats,
      AsyncCalls async) {
    this.name = name;
    this.async = async;
    this.counts = recordStats ? new RedisDecisionCounts() : null;
    this.stats = Optional.ofNullable(counts);
    this.limits = limits;
    this.algorithm = algorithm;
    this.prefix = prefix;
    this.keyToString = keyToString;
    this.keyBytes = new RedisKeyBytes(prefix + '{', "}");
    this.runner = runner;
    this.script = script;
    this.guard = guard;
    this.fallback = fallback;
    this.denyCache = denyCacheSize > 0 ? new DenyCache<>(denyCacheSize) : null;
    this.ticker = ticker;
    // Null without listeners, so that decisions build no events.
    this.listener = listeners.isEmpty() ? null : RateLimiterListener.all(listeners);
  }

  /**
   * Starts building a limiter on {@code redis}.
   *
   * @param redis the client: a {@code JedisPooled}, a {@code JedisCluster}, or any
   *     {@link UnifiedJedis}; the limiter neither owns nor closes it
   * @param limits one or more limits, enforced together for each key
   * @return a builder
   * @throws NullPointerException if an argument or a limit is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  public static RedisKeyedRateLimiterBuilder<Object> builder(UnifiedJedis redis, RateLimit... limits) {
    return new RedisKeyedRateLimiterBuilder<>(redis, List.of(limits));
  }

  /**
   * Starts building a limiter on {@code redis}; {@code Limits.parse("100/minute; 1000/hour")}
   * gives such a list.
   *
   * @param redis the client; the limiter neither owns nor closes it
   * @param limits one or more limits, enforced together for each key
   * @return a builder
   * @throws NullPointerException if an argument or a limit is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  public static RedisKeyedRateLimiterBuilder<Object> builder(UnifiedJedis redis, List<RateLimit> limits) {
    return new RedisKeyedRateLimiterBuilder<>(redis, List.copyOf(limits));
  }

  @Override
  public boolean tryAcquire(K key) {
    return tryAcquire(key, 1);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A key in the deny cache is refused without a Redis call, whatever {@code permits}.
   */
  @Override
  public boolean tryAcquire(K key, int permits) {
    Objects.requireNonNull(key, "key");
    requirePermits(permits);
    long now = ticker.read();
    DenyCache.Entry<K> denied = denied(key, now);
    if (denied != null) {
      notify(key, permits, denied.untilNanos() - now);
      return false;
    }
    RateLimitDecision decision = remote(key, permits, true, now);
    notify(key, permits, decision.retryAfterNanos());
    return decision.allowed();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A single permit for a key in the deny cache is decided without a Redis call (the same
   * decision Redis would give, unless other instances took permits since); more permits ask Redis,
   * for an exact retry-after.
   */
  @Override
  public RateLimitDecision tryAcquireDecision(K key, int permits) {
    RateLimitDecision decision = decide(key, permits, true);
    notify(key, permits, decision.retryAfterNanos());
    return decision;
  }

  /**
   * Decides as {@link #tryAcquireDecision(Object, int)} does, without making the calling thread wait
   * for Redis: for an event loop. A single permit the deny cache refuses, and a decision the failure
   * policy makes because {@code maxCallsInFlight} calls are already in flight (or, on a
   * {@code JedisPooled} or {@code JedisSentineled}, because the open breaker refuses the call),
   * return an already completed stage. Every other decision's call is sent from the
   * {@code asyncExecutor}: on a {@code JedisPooled} or {@code JedisSentineled} it is queued and
   * sent in a pipelined batch with the other waiting calls, and the stage completes on the thread
   * that sent the batch (the executor's, or, with
   * {@link RedisKeyedRateLimiterBuilder#combineSynchronousCalls}, that of a synchronous caller whose
   * batch took it along); on other clients it runs as a task of its own and completes there. The stage never completes
   * exceptionally for a Redis failure (the failure policy decides); listeners and statistics see
   * each decision once, on the thread that completes it.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the decision to come
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  @Override
  public CompletionStage<RateLimitDecision> tryAcquireDecisionAsync(K key, int permits) {
    Objects.requireNonNull(key, "key");
    requirePermits(permits);
    long now = ticker.read();
    if (permits == 1) {
      DenyCache.Entry<K> denied = denied(key, now);
      if (denied != null) {
        notify(key, permits, denied.untilNanos() - now);
        return CompletableFuture.completedFuture(new RateLimitDecision(
            false, limits.get(denied.limitIndex()), 0, denied.untilNanos() - now,
            Math.max(0, denied.resetAtNanos() - now)));
      }
    }
    CompletableFuture<RateLimitDecision> started = async.start(
        runner, guard, LuaScript.RATE_LIMIT, keys(key), script.args(permits, true), script::decode,
        reply -> notified(key, permits, answer(key, permits, true, now, reply)));
    if (started != null) {
      return started;
    }
    return CompletableFuture.completedFuture(notified(key, permits, fallback.decide(key, permits, true)));
  }

  private RateLimitDecision notified(K key, int permits, RateLimitDecision decision) {
    notify(key, permits, decision.retryAfterNanos());
    return decision;
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

  /**
   * {@inheritDoc}
   *
   * <p>A key Redis holds no state for is described as a fresh, full key; nothing is written.
   */
  @Override
  public RateLimitDecision peek(K key, int permits) {
    return decide(key, permits, false);
  }

  private RateLimitDecision decide(K key, int permits, boolean take) {
    Objects.requireNonNull(key, "key");
    requirePermits(permits);
    long now = ticker.read();
    if (permits == 1) {
      DenyCache.Entry<K> denied = denied(key, now);
      if (denied != null) {
        return new RateLimitDecision(
            false,
            limits.get(denied.limitIndex()),
            0,
            denied.untilNanos() - now,
            Math.max(0, denied.resetAtNanos() - now));
      }
    }
    return remote(key, permits, take, now);
  }

  /**
   * Describes as {@link #peek} does, without making the calling thread wait for Redis: a single
   * permit the deny cache refuses, and a description the failure policy gives because
   * {@code maxCallsInFlight} calls are already in flight, return an already completed stage; every
   * other description runs on the {@code asyncExecutor}, and the stage completes there. Nothing is
   * written, no listener is told (a peek is not a decision).
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the description to come
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  @Override
  public CompletionStage<RateLimitDecision> peekAsync(K key, int permits) {
    Objects.requireNonNull(key, "key");
    requirePermits(permits);
    long now = ticker.read();
    if (permits == 1 && denied(key, now) != null) {
      return CompletableFuture.completedFuture(decide(key, permits, false));
    }
    CompletableFuture<RateLimitDecision> started = async.start(
        runner, guard, LuaScript.RATE_LIMIT, keys(key), script.args(permits, false), script::decode,
        reply -> answer(key, permits, false, now, reply));
    if (started != null) {
      return started;
    }
    return CompletableFuture.completedFuture(fallback.decide(key, permits, false));
  }

  private DenyCache.@Nullable Entry<K> denied(K key, long now) {
    DenyCache<K> cache = denyCache;
    return cache == null ? null : cache.find(key, now);
  }

  private RateLimitDecision remote(K key, int permits, boolean take, long now) {
    List<byte[]> keys = keys(key);
    List<byte[]> args = script.args(permits, take);
    RateLimitScript.Reply reply =
        guard.call(now, () -> script.decode(runner.run(LuaScript.RATE_LIMIT, keys, args)));
    return answer(key, permits, take, now, reply);
  }

  private List<byte[]> keys(K key) {
    String text = keyToString.apply(Objects.requireNonNull(key, "key"));
    return List.of(keyBytes.of(Objects.requireNonNull(text, "keyToString returned null")));
  }

  /** The decision from Redis's reply, or by the failure policy when there is none. */
  private RateLimitDecision answer(
      K key, int permits, boolean take, long now, RateLimitScript.@Nullable Reply reply) {
    if (reply == null) {
      return fallback.decide(key, permits, take);
    }
    DenyCache<K> cache = denyCache;
    if (cache != null) {
      if (reply.denyMicros() > 0) {
        cache.deny(
            key,
            now + reply.denyMicros() * 1000,
            reply.denyLimitIndex(),
            now + reply.denyResetMicros() * 1000);
      } else {
        cache.forget(key);
      }
    }
    long retryAfter =
        reply.allowed() ? 0 : reply.retryAfterMicros() < 0 ? Long.MAX_VALUE : reply.retryAfterMicros() * 1000;
    return new RateLimitDecision(
        reply.allowed(),
        limits.get(reply.limitIndex()),
        reply.remaining(),
        retryAfter,
        reply.resetAfterMicros() * 1000);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counts this instance's decisions (those of {@code tryAcquire} and
   * {@code tryAcquireDecision}, whether Redis, the deny cache or the failure policy made them); the
   * fleet-wide total is the sum over instances.
   */
  @Override
  public Optional<DecisionCounts> stats() {
    return stats;
  }

  private void notify(K key, int permits, long wait) {
    RedisDecisionCounts c = counts;
    if (c != null) {
      c.record(wait == 0);
    }
    RateLimiterListener l = listener;
    if (l == null) {
      return;
    }
    l.onEvent(
        wait == 0
            ? new RateLimiterEvent.Permitted(name, key, permits)
            : new RateLimiterEvent.Rejected(name, key, permits, wait));
  }

  private static void requirePermits(int permits) {
    Preconditions.requireAtLeastOne("permits", permits);
  }

  /**
   * Returns the Redis key that holds {@code key}'s state, for operators.
   *
   * @param key the key
   * @return {@code <prefix>{<keyToString(key)>}}
   * @throws NullPointerException if {@code key} is null, or {@code keyToString} returns null
   */
  public String redisKey(K key) {
    String text = keyToString.apply(Objects.requireNonNull(key, "key"));
    return prefix + '{' + Objects.requireNonNull(text, "keyToString returned null") + '}';
  }

  @Override
  public List<RateLimit> limits() {
    return limits;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the algorithm.
   *
   * @return the algorithm of every key
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
   * Returns the circuit breaker guarding the Redis calls, for metrics and for operators (who may
   * {@link CircuitBreaker#forceOpen()} it to stop using Redis).
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

  /** The runner of this limiter's scripts, for tests. */
  CombiningRunner runner() {
    return runner;
  }

  @Override
  public String toString() {
    return "RedisKeyedRateLimiter[" + name + ", " + limits + ", " + algorithm + ", prefix " + prefix + "]";
  }
}
