package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link KeyedConcurrencyLimiter} shared by every instance of a service through Redis: at most
 * {@code maxPerKey} calls in flight per key and {@code maxTotal} in all, counted across instances.
 *
 * <pre>{@code
 * KeyedConcurrencyLimiter<String> uploads =
 *     RedisKeyedConcurrencyLimiter.builder(redis, 2, 50).name("uploads").build();
 * try (ConcurrencyLimiter.Permit permit = uploads.tryAcquire(userId)) {
 *   if (!permit.isAcquired()) {
 *     return tooManyRequests();
 *   }
 *   return store(upload);
 * }
 * }</pre>
 *
 * <h2>Leases</h2>
 * A permit is a lease: a unique id in two Redis sorted sets (the key's and the total), scored by
 * its expiry, {@link RedisKeyedConcurrencyLimiterBuilder#leaseDuration lease duration} after it was
 * taken. Taking one is one script run that first prunes expired leases, then adds the new one only
 * if both sets are below their maximums; releasing it (the first of {@code close},
 * {@code onSuccess}, {@code onDropped}) removes it. If the holder dies, or its release cannot reach
 * Redis, the lease expires by itself: choose a lease duration longer than the longest call, since a
 * call that outlives its lease no longer counts.
 *
 * <h2>Key layout</h2>
 * {@code <prefix>{<name>}:total} and {@code <prefix>{<name>}:key:<keyToString(key)>}, sorted sets
 * of lease ids scored by expiry in µs; the prefix defaults to {@code bulwark:cl:<name>:}. The total
 * must be checked atomically with each key, so all of one limiter's keys share the hash tag
 * {@code {<name>}}: in a cluster they live in one slot, on one node. Each set's TTL is the lease
 * duration, renewed by every acquisition. Instances share a limit when they share name and prefix.
 *
 * <h2>When Redis fails</h2>
 * As for {@link RedisKeyedRateLimiter}: a circuit breaker guards the calls, and the
 * {@link FailurePolicy} decides meanwhile: FAIL_OPEN grants a permit that holds nothing, FAIL_CLOSED
 * refuses, FALLBACK_LOCAL uses an in-process {@link KeyedConcurrencyLimiter} with both maximums
 * divided by the expected instances (at least 1). Transitions are logged and reported to
 * {@link RedisFallbackListener}s.
 *
 * <p>Thread-safe. An acquisition is one Redis call and allocates; {@link #inFlight()} and
 * {@link #inFlight(Object)} are one Redis call each (for metrics, not for hot paths).
 *
 * @param <K> the key type; {@code keyToString} must map distinct keys to distinct strings
 */
public final class RedisKeyedConcurrencyLimiter<K> implements KeyedConcurrencyLimiter<K> {

  private static final byte[] SERVER_TIME = {};

  private final String name;
  private final int maxPerKey;
  private final int maxTotal;
  private final String keyBase;
  private final byte[] totalKey;
  private final Function<? super K, String> keyToString;
  private final CombiningRunner runner;
  private final RedisGuard guard;
  private final @Nullable Ticker serverClock;
  private final byte[][] acquireTail;
  private final byte[] padArg;
  private final @Nullable KeyedConcurrencyLimiter<K> local;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong leases = new AtomicLong();
  private final AsyncCalls async;

  RedisKeyedConcurrencyLimiter(
      String name,
      int maxPerKey,
      int maxTotal,
      String prefix,
      long leaseMicros,
      Function<? super K, String> keyToString,
      CombiningRunner runner,
      RedisGuard guard,
      @Nullable Ticker serverClock,
      @Nullable KeyedConcurrencyLimiter<K> local,
      AsyncCalls async) {
    this.name = name;
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
    this.keyBase = prefix + '{' + name + "}:";
    this.totalKey = utf8(keyBase + "total");
    this.keyToString = keyToString;
    this.runner = runner;
    this.guard = guard;
    this.serverClock = serverClock;
    this.local = local;
    this.async = async;
    long padMillis = serverClock == null ? 0 : RateLimitScript.TEST_TTL_PAD_MILLIS;
    this.acquireTail =
        new byte[][] {
          utf8(Long.toString(leaseMicros)),
          utf8(Integer.toString(maxPerKey)),
          utf8(Integer.toString(maxTotal))
        };
    this.padArg = utf8(Long.toString(padMillis));
  }

  /**
   * Starts building a limiter on {@code redis}.
   *
   * @param redis the client; the limiter neither owns nor closes it
   * @param maxPerKey the most permits in flight for one key, at least 1
   * @param maxTotal the most permits in flight in total, at least {@code maxPerKey}
   * @return a builder
   * @throws NullPointerException if {@code redis} is null
   * @throws IllegalArgumentException if a maximum is below 1 or {@code maxTotal < maxPerKey}
   */
  public static RedisKeyedConcurrencyLimiterBuilder<Object> builder(
      UnifiedJedis redis, int maxPerKey, int maxTotal) {
    return new RedisKeyedConcurrencyLimiterBuilder<>(redis, maxPerKey, maxTotal);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One Redis call. While Redis cannot be used, the {@link FailurePolicy} decides.
   */
  @Override
  public ConcurrencyLimiter.Permit tryAcquire(K key) {
    Objects.requireNonNull(key, "key");
    return acquire(key);
  }

  /**
   * Takes a permit as {@link #tryAcquire(Object)} does, without making the calling thread wait for
   * Redis: for an event loop. The script call is sent from the {@code asyncExecutor} (on a
   * {@code JedisPooled} or {@code JedisSentineled} in a pipelined batch with other waiting calls,
   * the stage completing on the thread that sent the batch), with the same permit the synchronous method would return: a lease released by its first
   * {@code close}, {@code onSuccess} or {@code onDropped} (that release is a synchronous Redis call
   * on the releasing thread; if it cannot reach Redis the lease expires by itself). When
   * {@code maxCallsInFlight} acquisitions are already running, the failure policy decides at once
   * and the stage is already complete. The stage never completes exceptionally for a Redis failure.
   * A caller that drops the stage must still close the permit it yields (for instance with
   * {@code stage.thenAccept(ConcurrencyLimiter.Permit::close)}), or the lease is held until it
   * expires.
   *
   * @param key the key
   * @return the permit to come
   * @throws NullPointerException if {@code key} is null
   */
  @Override
  public CompletionStage<ConcurrencyLimiter.Permit> tryAcquireAsync(K key) {
    Objects.requireNonNull(key, "key");
    List<byte[]> keys = keys(key);
    byte[] leaseId = newLeaseId();
    CompletableFuture<ConcurrencyLimiter.Permit> started = async.start(
        runner, guard, LuaScript.CONCURRENCY_ACQUIRE, keys, acquireArgs(leaseId),
        RedisKeyedConcurrencyLimiter::granted, granted -> permit(key, keys, leaseId, granted));
    if (started != null) {
      return started;
    }
    return CompletableFuture.completedFuture(unavailable(key));
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true}: every acquisition is a Redis round trip
   */
  @Override
  public boolean isRemote() {
    return true;
  }

  /**
   * Returns how many asynchronous acquisitions are in flight now, at most {@code maxCallsInFlight}.
   *
   * @return the calls running
   */
  public int asyncCallsInFlight() {
    return async.inFlight();
  }

  private ConcurrencyLimiter.Permit acquire(K key) {
    List<byte[]> keys = keys(key);
    byte[] leaseId = newLeaseId();
    List<byte[]> args = acquireArgs(leaseId);
    Long granted = guard.call(() -> granted(runner.run(LuaScript.CONCURRENCY_ACQUIRE, keys, args)));
    return permit(key, keys, leaseId, granted);
  }

  private List<byte[]> keys(K key) {
    return List.of(utf8(redisKey(key)), totalKey);
  }

  private byte[] newLeaseId() {
    return utf8(instance + ':' + leases.incrementAndGet());
  }

  private List<byte[]> acquireArgs(byte[] leaseId) {
    return Arrays.asList(now(), acquireTail[0], acquireTail[1], acquireTail[2], leaseId, padArg);
  }

  /** The acquisition script's first reply element: 1 granted, 0 refused. */
  private static Long granted(Object reply) {
    return (Long) ((List<?>) reply).get(0);
  }

  /** The permit for the script's answer, or by the failure policy when there is none. */
  private ConcurrencyLimiter.Permit permit(K key, List<byte[]> keys, byte[] leaseId, @Nullable Long granted) {
    if (granted == null) {
      return unavailable(key);
    }
    return granted == 1 ? new LeasePermit(this, keys, leaseId) : StaticPermit.NONE;
  }

  private ConcurrencyLimiter.Permit unavailable(K key) {
    switch (guard.policy()) {
      case FAIL_OPEN:
        return StaticPermit.UNTRACKED;
      case FAIL_CLOSED:
        return StaticPermit.NONE;
      default:
        return Objects.requireNonNull(local, "local").tryAcquire(key);
    }
  }

  /** Removes a lease; if Redis cannot be reached, the lease expires by itself. */
  void release(List<byte[]> keys, byte[] leaseId) {
    guard.call(() -> runner.run(LuaScript.CONCURRENCY_RELEASE, keys, List.of(leaseId)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Unexpired leases in Redis, by one Redis call; while Redis cannot be used, the local
   * limiter's count (FALLBACK_LOCAL), else 0.
   */
  @Override
  public int inFlight() {
    return count(totalKey, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One Redis call; while Redis cannot be used, as {@link #inFlight()}.
   */
  @Override
  public int inFlight(K key) {
    return count(utf8(redisKey(key)), key);
  }

  private int count(byte[] redisKey, @Nullable K key) {
    List<byte[]> keys = List.of(redisKey);
    List<byte[]> args = List.of(now());
    Long count = guard.call(() -> (Long) runner.run(LuaScript.CONCURRENCY_COUNT, keys, args));
    if (count != null) {
      return count.intValue();
    }
    KeyedConcurrencyLimiter<K> fallback = local;
    if (fallback == null) {
      return 0;
    }
    return key == null ? fallback.inFlight() : fallback.inFlight(key);
  }

  /**
   * {@inheritDoc}
   *
   * @return -1: the state is in Redis, where this process cannot cheaply count keys
   */
  @Override
  public int trackedKeys() {
    return -1;
  }

  private byte[] now() {
    Ticker clock = serverClock;
    return clock == null ? SERVER_TIME : utf8(Long.toString(Math.floorDiv(clock.read(), 1000L)));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the Redis key of {@code key}'s lease set, for operators.
   *
   * @param key the key
   * @return {@code <prefix>{<name>}:key:<keyToString(key)>}
   * @throws NullPointerException if {@code key} is null, or {@code keyToString} returns null
   */
  public String redisKey(K key) {
    String text = keyToString.apply(Objects.requireNonNull(key, "key"));
    return keyBase + "key:" + Objects.requireNonNull(text, "keyToString returned null");
  }

  @Override
  public int maxPerKey() {
    return maxPerKey;
  }

  @Override
  public int maxTotal() {
    return maxTotal;
  }

  @Override
  public String name() {
    return name;
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
   * Returns the circuit breaker guarding the Redis calls.
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
    return "RedisKeyedConcurrencyLimiter[" + name + ", " + maxPerKey + " per key, " + maxTotal
        + " total, keys " + keyBase + "]";
  }
}
