package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Bucket} per key, held in a bounded Caffeine cache and swept of idle keys.
 *
 * <h2>How it works, and why</h2>
 * A keyed limiter must not grow without bound when a client sprays distinct keys (spoofed IPs,
 * random API keys). Two rules bound it, and neither loses anything that matters:
 * <ul>
 *   <li><b>Idle keys are dropped.</b> A bucket that has been full again for at least
 *       {@link #idleNanos} (the time any bucket needs to become full after its last grant,
 *       {@link #idleToFullNanos}) had no granted request for that long, and behaves exactly as a new
 *       bucket created now would: dropping it costs nothing, the key's next request creates an
 *       identical one. A key with a grant in the last {@code idleNanos} is never dropped, so an active
 *       client keeps its bucket (no re-creation, no allocation). A sweep finds idle keys: one pass
 *       over the keys per {@link #sweepPeriodNanos} ({@code idleNanos}, but at least
 *       {@link #MINIMUM_SWEEP_PERIOD_NANOS}), run {@value #SWEEP_STEP} keys at a time on the threads
 *       that call {@link #find} once a pass is due. A key becomes droppable between
 *       {@code idleNanos} and {@code 2 * idleNanos} after its last grant (its bucket refills within
 *       {@code idleNanos}, then stays full for {@code idleNanos}) and is dropped by the next pass:
 *       at the latest about {@code 2 * (idleNanos + sweepPeriodNanos)} after its last grant, provided
 *       the limiter is still being called. Limits whose idle time exceeds
 *       {@link #LONGEST_SWEPT_IDLE_NANOS} (about 73 years) are not swept: only the cap bounds them.
 *   <li><b>Size cap.</b> At most {@code maximumKeys} entries; beyond that Caffeine evicts by W-TinyLFU,
 *       which favours keys seen often, so a flood of one-shot keys mostly evicts itself rather than the
 *       regular clients. An entry evicted under this pressure restarts full on its next request: memory
 *       stays bounded at the price of leniency for evicted keys.
 * </ul>
 * The sweep replaces Caffeine's {@code expireAfterAccess}, which stamps every read with the time and
 * reorders an expiry queue for it: measured on the keyed benchmark (Zipf over a million keys), that
 * bookkeeping cost about 90 ns of a 320 ns decision, where a sweep costs one pass over the keys per
 * period, independent of the request rate ({@code KeyedSweepBenchmark}: 27.7 ms and 272 bytes for
 * a pass over 224,000 keys, about 8 microseconds per step of 64). A lookup pays one volatile read to
 * see whether a pass is due. Caffeine runs its maintenance on the calling thread ({@code Runnable::run}): no thread of
 * ours and no {@code ForkJoinPool} task. The hot path for a tracked key is {@link #find}, which
 * allocates nothing; the creating function is a constant object used only on a miss.
 *
 * <p>A request racing with the sweep of its own key (it looked the bucket up just before the sweep
 * found it idle and dropped it) takes its permits from the dropped bucket; the key's next request
 * then starts from a new full bucket. The permits of requests in flight at that instant can thus
 * be granted once more; only keys without a grant for {@code idleNanos} are affected, as with any
 * expiring cache.
 *
 * @param <K> the key type
 */
public final class BucketCache<K> {

  /** The shortest time between two sweeps: 1 second, so a pass over many keys stays rare. */
  public static final long MINIMUM_SWEEP_PERIOD_NANOS = 1_000_000_000L;

  /** How many keys a caller examines when a sweep is due: small enough to be a short pause. */
  static final int SWEEP_STEP = 64;

  /**
   * The longest idle time that is swept: {@code Long.MAX_VALUE / 4} ns, about 73 years. Keys of
   * slower limits never become idle within a process's life (only the size cap bounds them), and
   * {@code now - idleNanos} stays exact below this bound.
   */
  static final long LONGEST_SWEPT_IDLE_NANOS = Long.MAX_VALUE / 4;

  private final Cache<K, Bucket> cache;
  private final ConcurrentMap<K, Bucket> map;
  private final Policy<K, Bucket> policy;
  private final Function<Object, Bucket> factory;
  private final long idleNanos;
  private final long sweepPeriodNanos;
  private final boolean sweeps;

  /** The ticker reading from which the next pass is due (in the past while a pass runs). */
  private volatile long nextSweep;

  /** Set while one thread advances the sweep; guards {@link #cursor} and {@link #passStart}. */
  private final AtomicBoolean sweeping = new AtomicBoolean();

  private @Nullable Iterator<K> cursor;
  private long passStart;

  /**
   * Creates an empty cache.
   *
   * @param limits the limits of every key's bucket
   * @param algorithm the algorithm of every key's bucket
   * @param ticker the clock of the buckets; the first sweep is due one sweep period after now
   * @param maximumKeys the most keys held, at least 1
   */
  public BucketCache(
      List<RateLimit> limits, RateLimitAlgorithm algorithm, Ticker ticker, long maximumKeys) {
    this.factory = new Factory(limits, algorithm, ticker);
    this.cache = Caffeine.newBuilder().maximumSize(maximumKeys).executor(Runnable::run).build();
    this.map = cache.asMap();
    this.policy = cache.policy();
    this.idleNanos = idleToFullNanos(limits, algorithm);
    this.sweepPeriodNanos = Math.max(idleNanos, MINIMUM_SWEEP_PERIOD_NANOS);
    this.sweeps = idleNanos <= LONGEST_SWEPT_IDLE_NANOS;
    this.nextSweep = Durations.saturatedAdd(ticker.read(), sweepPeriodNanos);
  }

  /**
   * Returns the key's bucket if it is tracked, first advancing the sweep by a step if one is due.
   * Allocation-free when no sweep is due.
   *
   * @param key the key
   * @param now the current ticker reading
   * @return the bucket, or null if the key is not tracked (never seen, dropped idle or evicted)
   */
  public @Nullable Bucket find(K key, long now) {
    if (sweeps && now - nextSweep >= 0) {
      sweepStep(now);
    }
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
   * Examines the next {@value #SWEEP_STEP} keys of the current pass (starting a pass if none runs),
   * unless another thread is doing so. The pass ends when every key has been examined once; the next
   * one is then due a sweep period after this one started.
   */
  private void sweepStep(long now) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      Iterator<K> keys = cursor;
      if (keys == null) {
        if (now - nextSweep < 0) {
          return; // another thread finished the pass after our check
        }
        keys = map.keySet().iterator();
        cursor = keys;
        passStart = now;
      }
      for (int i = 0; i < SWEEP_STEP && keys.hasNext(); i++) {
        dropIfIdle(keys.next(), now);
      }
      if (!keys.hasNext()) {
        cursor = null;
        nextSweep = Durations.saturatedAdd(passStart, sweepPeriodNanos);
      }
    } finally {
      sweeping.setRelease(false);
    }
  }

  /**
   * Drops the key if its bucket was already full {@link #idleNanos} ago (so no permit was granted
   * since) and still is. Reads the bucket without touching the eviction policy, and walks keys
   * rather than entries: a pass allocates no entry objects.
   */
  private void dropIfIdle(K key, long now) {
    Bucket bucket = policy.getIfPresentQuietly(key);
    if (bucket != null
        && bucket.resetAfterNanos(now - idleNanos) == 0
        && bucket.resetAfterNanos(now) == 0) {
      map.remove(key, bucket); // only if no other thread replaced it meanwhile
    }
  }

  /**
   * Returns how many keys are tracked, approximately (entries awaiting the cache's maintenance
   * count).
   *
   * @return the estimated number of keys
   */
  public long size() {
    return cache.estimatedSize();
  }

  /**
   * Drops every idle key (its bucket full since at least {@link #idleNanos} before {@code now}) in
   * one pass, whether or not a sweep is due, and runs the cache's pending maintenance (eviction), on
   * the calling thread. For tests and for callers that want memory back at once; the automatic sweep
   * needs no help.
   *
   * @param now the current ticker reading
   */
  public void cleanUp(long now) {
    if (sweeps) {
      for (K key : map.keySet()) {
        dropIfIdle(key, now);
      }
    }
    cache.cleanUp();
  }

  /**
   * Returns how long a bucket must have been full before its key is dropped.
   *
   * @return nanoseconds: {@link #idleToFullNanos} of the limits
   */
  public long idleNanos() {
    return idleNanos;
  }

  /**
   * Returns the time between the starts of two sweep passes.
   *
   * @return nanoseconds, at least {@link #MINIMUM_SWEEP_PERIOD_NANOS}
   */
  public long sweepPeriodNanos() {
    return sweepPeriodNanos;
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
