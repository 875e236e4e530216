package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One rate limit per key (client IP, API key, user id...), with bounded memory.
 *
 * <p>Each key gets its own state, created full on first use. Memory stays bounded: a key whose state
 * is full again and has had no grant for its refill-to-full time is dropped (a new full state is
 * indistinguishable, so nothing is lost), and the number of keys is capped;
 * {@link KeyedRateLimiterBuilder} states the in-memory policy.
 *
 * <pre>{@code
 * KeyedRateLimiter<String> perIp =
 *     KeyedRateLimiter.builder(RateLimit.perMinute(100).withBurst(10)).name("per-ip").build();
 * if (!perIp.tryAcquire(clientIp)) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <p>Implementations (in memory, and on Redis in {@code ratelimit-redis}) share this contract, so
 * callers switch between them by configuration. Keys must not be null: every method throws
 * {@link NullPointerException} for a null key. Thread-safe.
 *
 * @param <K> the key type; must have value-based {@code equals} and {@code hashCode}
 */
public interface KeyedRateLimiter<K> {

  /**
   * Takes one permit for {@code key} if available now.
   *
   * @param key the key
   * @return whether the permit was granted
   */
  boolean tryAcquire(K key);

  /**
   * Takes {@code permits} permits for {@code key} if all are available now.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return whether they were granted; {@code false} at once if {@code permits} exceeds the burst
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  boolean tryAcquire(K key, int permits);

  /**
   * Takes {@code permits} permits for {@code key} if available now and describes the decision.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the decision
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  RateLimitDecision tryAcquireDecision(K key, int permits);

  /**
   * Tells whether a decision waits on another process (a Redis round trip): if so, a thread that
   * must never block (an event loop) should ask {@link #tryAcquireDecisionAsync} instead of the synchronous
   * method. Constant for the limiter's life.
   *
   * @return {@code true} for a remote limiter; {@code false} (the default) for one deciding in
   *     memory, whose asynchronous method merely returns a completed stage
   */
  default boolean isRemote() {
    return false;
  }

  /**
   * Decides as {@link #tryAcquireDecision} does, without making the calling thread wait for another
   * process. The default decides at once on the calling thread and returns a completed stage; a
   * remote limiter ({@link #isRemote()}) completes the stage on one of its own threads when the
   * answer arrives, so a continuation that must run elsewhere needs an {@code ...Async} method with
   * its executor. The stage never completes exceptionally for an unreachable backend: the
   * limiter's failure policy decides instead.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the decision to come
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  default CompletionStage<RateLimitDecision> tryAcquireDecisionAsync(K key, int permits) {
    return CompletableFuture.completedFuture(tryAcquireDecision(key, permits));
  }

  /**
   * Describes what {@link #tryAcquireDecision} would decide for {@code key} now, without consuming.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the decision
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  RateLimitDecision peek(K key, int permits);

  /**
   * Describes what {@link #tryAcquireDecision} would decide for {@code key} now, without consuming
   * and without making the calling thread wait for another process: {@link #peek} as
   * {@link #tryAcquireDecisionAsync} is to {@link #tryAcquireDecision}. The default peeks at once on
   * the calling thread and returns a completed stage; a remote limiter completes the stage on one
   * of its own threads. The stage never completes exceptionally for an unreachable backend: the
   * limiter's failure policy decides instead.
   *
   * @param key the key
   * @param permits how many, at least 1
   * @return the description to come
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  default CompletionStage<RateLimitDecision> peekAsync(K key, int permits) {
    return CompletableFuture.completedFuture(peek(key, permits));
  }

  /**
   * Returns the limits enforced for every key.
   *
   * @return an immutable list of at least one limit
   */
  List<RateLimit> limits();

  /**
   * Returns the limiter's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns how many keys hold state in this process, approximately, for metrics. Expired keys not
   * yet cleaned up may still count.
   *
   * @return the number of keys tracked locally, or -1 if the implementation keeps its state
   *     elsewhere (for example in Redis) and cannot tell
   */
  default long trackedKeys() {
    return -1;
  }

  /**
   * Returns this limiter's decision counts, the statistics view of every rate limiter: present only
   * if the limiter was built with {@code recordStats()} on its builder (each decision then costs one
   * more uncontended atomic increment, still no allocation); otherwise empty, and it never becomes
   * present. Every call returns the same instance.
   *
   * @return the live counts, or empty if the limiter was built without statistics (or this
   *     implementation keeps none)
   */
  default Optional<DecisionCounts> stats() {
    return Optional.empty();
  }

  /**
   * Starts building an in-memory keyed limiter: one bucket per key, in a bounded cache.
   *
   * @param limits one or more limits, enforced together for each key
   * @return a builder
   * @throws NullPointerException if {@code limits} or an element is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  static KeyedRateLimiterBuilder builder(RateLimit... limits) {
    return new KeyedRateLimiterBuilder(List.of(limits));
  }

  /**
   * Starts building an in-memory keyed limiter: one bucket per key, in a bounded cache.
   *
   * @param limits one or more limits, enforced together for each key
   * @return a builder
   * @throws NullPointerException if {@code limits} or an element is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  static KeyedRateLimiterBuilder builder(List<RateLimit> limits) {
    return new KeyedRateLimiterBuilder(List.copyOf(limits));
  }
}
