package dev.bulwark.ratelimit;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.internal.Buckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures an in-memory {@link KeyedRateLimiter}. Each setting may be made once (a second call
 * throws {@link IllegalStateException}); listeners accumulate. Not thread-safe; the built limiter is.
 *
 * <p>Defaults: name {@code "keyed-rate-limiter"}, {@link RateLimitAlgorithm#TOKEN_BUCKET},
 * {@link Ticker#system()}, {@link #DEFAULT_MAXIMUM_KEYS} keys, no listeners.
 *
 * <h2>Memory</h2>
 * Each key holds one small bucket, created full on its first request. A key is dropped once its
 * bucket has been full again for its <em>idle time</em>: the refill-to-full time (the longest over
 * the limits; for window algorithms at least one period, two for the sliding-window counter). Such
 * a bucket had no grant for that long and behaves exactly as a new one, so nothing is lost; a key
 * with a grant within its idle time is never dropped. A sweep finds idle keys: one pass over the
 * keys per idle time (at least one second), run 64 keys at a time by the calling threads once a pass
 * is due, allocation-free; a key goes between one and two idle times after its last grant, plus up
 * to two sweep periods. At most {@link #maximumKeys(long)} keys are held; when more arrive, the
 * cache evicts the keys it judges least useful (rarely and not recently seen). <b>An evicted key
 * starts full again</b> on its next request: memory stays bounded under a flood of distinct keys, at
 * the price of leniency for the evicted keys. Size the cap above the number of clients active within
 * one idle time. (Bucket4j keeps a key's state forever unless told otherwise; under a flood of
 * distinct keys that is a memory leak, so here both bounds are on by default.)
 *
 * <p>No thread is started: the sweep and eviction run in small steps on the threads that call the
 * limiter.
 */
public final class KeyedRateLimiterBuilder {

  /** The default cap on tracked keys: 100,000 (a few megabytes of heap). */
  public static final long DEFAULT_MAXIMUM_KEYS = 100_000;

  private final List<RateLimit> limits;
  private @Nullable String name;
  private @Nullable RateLimitAlgorithm algorithm;
  private @Nullable Ticker ticker;
  private long maximumKeys = -1;
  private final List<RateLimiterListener> listeners = new ArrayList<>();
  private boolean recordStats;

  KeyedRateLimiterBuilder(List<RateLimit> limits) {
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    this.limits = limits;
  }

  /**
   * Names the limiter.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public KeyedRateLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Chooses the algorithm of every key's bucket.
   *
   * @param algorithm the algorithm
   * @return this builder
   * @throws IllegalStateException if the algorithm was already set
   */
  public KeyedRateLimiterBuilder algorithm(RateLimitAlgorithm algorithm) {
    this.algorithm = Preconditions.setOnce("algorithm", this.algorithm, algorithm);
    return this;
  }

  /**
   * Sets the clock, used both for the limits and for idle expiry.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if the ticker was already set
   */
  public KeyedRateLimiterBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Caps the number of keys held in memory.
   *
   * @param maximumKeys at least 1; default {@link #DEFAULT_MAXIMUM_KEYS}
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumKeys < 1}
   * @throws IllegalStateException if the cap was already set
   */
  public KeyedRateLimiterBuilder maximumKeys(long maximumKeys) {
    Preconditions.requireAtLeastOne("maximumKeys", maximumKeys);
    Preconditions.requireUnset("maximumKeys", this.maximumKeys != -1, this.maximumKeys);
    this.maximumKeys = maximumKeys;
    return this;
  }

  /**
   * Adds a listener for permitted and rejected decisions; its events carry the key.
   *
   * @param listener the listener
   * @return this builder
   */
  public KeyedRateLimiterBuilder listener(RateLimiterListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Makes the limiter keep its {@link DecisionCounts}, returned by {@code stats()}: each decision
   * costs one more uncontended atomic increment, still no allocation. Default: no statistics, and no
   * cost for them; a built limiter can never start keeping them.
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public KeyedRateLimiterBuilder recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
    return this;
  }

  /**
   * Builds the limiter, tracking no key yet.
   *
   * @param <K> the key type; must have value-based {@code equals} and {@code hashCode}
   * @return a new, thread-safe limiter
   * @throws IllegalArgumentException if a window algorithm cannot hold a limit's burst (the
   *     message names the largest burst that fits)
   */
  public <K> KeyedRateLimiter<K> build() {
    RateLimitAlgorithm a = algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET;
    checkRepresentable(limits, a);
    return new InMemoryKeyedRateLimiter<>(
        name != null ? name : "keyed-rate-limiter",
        limits,
        a,
        ticker != null ? ticker : Ticker.system(),
        maximumKeys != -1 ? maximumKeys : DEFAULT_MAXIMUM_KEYS,
        Listeners.of(listeners),
        recordStats);
  }

  /**
   * Fails now, rather than on a key's first request, when the algorithm cannot hold a limit (a
   * window algorithm packs its counts next to the window index, which bounds the burst).
   */
  static void checkRepresentable(List<RateLimit> limits, RateLimitAlgorithm algorithm) {
    Buckets.create(limits, algorithm, 0L);
  }
}
