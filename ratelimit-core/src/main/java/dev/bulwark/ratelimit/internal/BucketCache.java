package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.core.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Bucket} per key, held in a bounded Caffeine cache.
 *
 * <h2>How it works, and why</h2>
 * A keyed limiter must not grow without bound when a client sprays distinct keys (spoofed IPs,
 * random API keys). Two rules bound it, and neither loses anything that matters:
 * <ul>
 *   <li><b>Idle expiry.</b> An entry is dropped once it has not been touched for
 *       {@link #idleToFullNanos}: by then its bucket is full again, so a fresh full bucket created on
 *       the next request is indistinguishable from the dropped one. Expiry is therefore free of
 *       semantic cost. (Bucket4j keeps keys forever unless told otherwise; that is a memory leak under
 *       a key flood, which is why ours expire by default.)
 *   <li><b>Size cap.</b> At most {@code maximumKeys} entries; beyond that Caffeine evicts by W-TinyLFU,
 *       which favours keys seen often, so a flood of one-shot keys mostly evicts itself rather than the
 *       regular clients. An entry evicted under this pressure restarts full on its next request: memory
 *       stays bounded at the price of leniency for evicted keys.
 * </ul>
 * Caffeine reads time through the limiter's own {@link Ticker} (tests advance a
 * {@code ManualTicker}), and runs its maintenance on the calling thread ({@code Runnable::run}): no
 * thread of ours and no {@code ForkJoinPool} task. The hot path for a tracked key is
 * {@code getIfPresent}, which allocates nothing; the creating function is a constant object used only
 * on a miss.
 *
 * <p>Callers read their clock <em>before</em> {@link #find} and again after {@link #findOrCreate}:
 * Caffeine then stamps the access no earlier than the time the bucket is updated with, so an entry
 * expires no earlier than the moment its bucket is full.
 *
 * @param <K> the key type
 */
public final class BucketCache<K> {

  private final Cache<K, Bucket> cache;
  private final Function<Object, Bucket> factory;

  /**
   * Creates an empty cache.
   *
   * @param limits the limits of every key's bucket
   * @param algorithm the algorithm of every key's bucket
   * @param ticker the clock, shared with Caffeine's expiry
   * @param maximumKeys the most keys held, at least 1
   */
  public BucketCache(
      List<RateLimit> limits, RateLimitAlgorithm algorithm, Ticker ticker, long maximumKeys) {
    this.factory = new Factory(limits, algorithm, ticker);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumKeys)
            .expireAfterAccess(idleToFullNanos(limits, algorithm), TimeUnit.NANOSECONDS)
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Returns the key's bucket if it is tracked. Allocation-free.
   *
   * @param key the key
   * @return the bucket, or null if the key is not tracked (never seen, expired or evicted)
   */
  public @Nullable Bucket find(K key) {
    return cache.getIfPresent(key);
  }

  /**
   * Returns the key's bucket, creating a full one if the key is not tracked.
   *
   * @param key the key
   * @return the bucket
   */
  public Bucket findOrCreate(K key) {
    return cache.get(key, factory);
  }

  /**
   * Returns how many keys are tracked, approximately (expired entries not yet cleaned up count).
   *
   * @return the estimated number of keys
   */
  public long size() {
    return cache.estimatedSize();
  }

  /** Runs pending maintenance (eviction, expiry) now, on the calling thread. */
  public void cleanUp() {
    cache.cleanUp();
  }

  /**
   * Returns how long a key must stay idle before its bucket is certainly full again: the longest,
   * over the limits, of the token bucket's refill-to-full time and, for window algorithms, the time
   * after which the last window touched no longer counts (one period; two for the sliding-window
   * counter, which weighs the previous window).
   *
   * @param limits the limits
   * @param algorithm the algorithm
   * @return nanoseconds, saturated at {@link Long#MAX_VALUE}
   */
  public static long idleToFullNanos(List<RateLimit> limits, RateLimitAlgorithm algorithm) {
    long longest = 0;
    for (RateLimit limit : limits) {
      long idle = limit.refillToFullNanos();
      long period = Durations.toNanosSaturated(limit.period());
      switch (algorithm) {
        case TOKEN_BUCKET:
          break;
        case FIXED_WINDOW:
        case SLIDING_WINDOW_LOG:
          idle = Math.max(idle, period);
          break;
        case SLIDING_WINDOW_COUNTER:
          idle = Math.max(idle, Durations.saturatedAdd(period, period));
          break;
      }
      longest = Math.max(longest, idle);
    }
    return longest;
  }

  /** Creates a full bucket at the current time; one instance per cache, used only on a miss. */
  private static final class Factory implements Function<Object, Bucket> {
    private final List<RateLimit> limits;
    private final RateLimitAlgorithm algorithm;
    private final Ticker ticker;

    Factory(List<RateLimit> limits, RateLimitAlgorithm algorithm, Ticker ticker) {
      this.limits = limits;
      this.algorithm = algorithm;
      this.ticker = ticker;
    }

    @Override
    public Bucket apply(Object key) {
      return Buckets.create(limits, algorithm, ticker.read());
    }
  }
}
