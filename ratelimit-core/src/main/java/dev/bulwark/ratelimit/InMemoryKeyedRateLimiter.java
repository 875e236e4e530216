package dev.bulwark.ratelimit;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.decisions.DecisionReader;
import dev.bulwark.ratelimit.decisions.ReadableKeyedLimiter;
import dev.bulwark.ratelimit.internal.Bucket;
import dev.bulwark.ratelimit.internal.BucketCache;
import dev.bulwark.ratelimit.internal.Buckets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link KeyedRateLimiter}: one bucket per key in a {@link BucketCache}. Reads the
 * ticker once per decision for a tracked key; allocates nothing then (without listeners), counting
 * decisions or not.
 *
 * @param <K> the key type
 */
final class InMemoryKeyedRateLimiter<K> implements KeyedRateLimiter<K>, ReadableKeyedLimiter<K> {

  private final String name;
  private final List<RateLimit> limits;
  private final RateLimitAlgorithm algorithm;
  private final Ticker ticker;
  private final BucketCache<K> buckets;
  private final @Nullable RateLimiterListener listener;
  private final @Nullable DecisionCounter counter;
  private final Optional<DecisionCounts> stats;

  InMemoryKeyedRateLimiter(
      String name,
      List<RateLimit> limits,
      RateLimitAlgorithm algorithm,
      Ticker ticker,
      long maximumKeys,
      @Nullable RateLimiterListener listener,
      boolean recordStats) {
    this.name = name;
    this.limits = limits;
    this.algorithm = algorithm;
    this.ticker = ticker;
    this.listener = listener;
    this.counter = recordStats ? new DecisionCounter() : null;
    this.stats = Optional.ofNullable(counter);
    this.buckets = new BucketCache<>(limits, algorithm, ticker, maximumKeys);
  }

  @Override
  public boolean tryAcquire(K key) {
    return decide(key, 1) == 0;
  }

  @Override
  public boolean tryAcquire(K key, int permits) {
    return decide(key, DefaultRateLimiter.requirePermits(permits)) == 0;
  }

  private long decide(K key, int permits) {
    Objects.requireNonNull(key, "key");
    long now = ticker.read();
    Bucket bucket = buckets.find(key, now);
    if (bucket == null) {
      bucket = buckets.findOrCreate(key);
      now = ticker.read(); // the new bucket was created full at a reading >= the first one
    }
    long wait = bucket.tryAcquire(now, permits);
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, name, key, permits, wait);
    }
    count(wait == 0);
    return wait;
  }

  private void count(boolean granted) {
    DecisionCounter c = counter;
    if (c != null) {
      c.record(granted);
    }
  }

  @Override
  public RateLimitDecision tryAcquireDecision(K key, int permits) {
    Objects.requireNonNull(key, "key");
    DefaultRateLimiter.requirePermits(permits);
    long now = ticker.read();
    Bucket bucket = buckets.find(key, now);
    if (bucket == null) {
      bucket = buckets.findOrCreate(key);
      now = ticker.read();
    }
    RateLimitDecision decision = bucket.tryAcquireDecision(now, permits);
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, name, key, permits, decision.retryAfterNanos());
    }
    count(decision.allowed());
    return decision;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A grant allocates nothing here (without listeners): its parts go to {@code reader}.
   */
  @Override
  public <R> R tryAcquire(K key, int permits, DecisionReader<R> reader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reader, "reader");
    DefaultRateLimiter.requirePermits(permits);
    return decideAt(key, permits, ticker.read(), reader);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Allocates nothing for a grant, as {@link #tryAcquire(Object, int, DecisionReader)}.
   */
  @Override
  public <R> R tryAcquire(K key, int permits, long now, DecisionReader<R> reader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reader, "reader");
    DefaultRateLimiter.requirePermits(permits);
    return decideAt(key, permits, now, reader);
  }

  private <R> R decideAt(K key, int permits, long reading, DecisionReader<R> reader) {
    long now = reading;
    Bucket bucket = buckets.find(key, now);
    if (bucket == null) {
      bucket = buckets.findOrCreate(key);
      now = ticker.read();
    }
    long wait = bucket.tryAcquire(now, permits);
    R result = wait == 0 ? bucket.readGrant(now, reader) : reader.refused(bucket.refusal(now, wait, permits));
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, name, key, permits, wait);
    }
    count(wait == 0);
    return result;
  }

  /** Describes an untracked key as a fresh full bucket, without starting to track it. */
  @Override
  public RateLimitDecision peek(K key, int permits) {
    Objects.requireNonNull(key, "key");
    DefaultRateLimiter.requirePermits(permits);
    long now = ticker.read();
    Bucket bucket = buckets.find(key, now);
    if (bucket == null) {
      bucket = Buckets.create(limits, algorithm, now);
    }
    return bucket.peekDecision(now, permits);
  }

  @Override
  public List<RateLimit> limits() {
    return limits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long trackedKeys() {
    return buckets.size();
  }

  @Override
  public Optional<DecisionCounts> stats() {
    return stats;
  }

  /** Drops every full bucket and runs the cache's maintenance now; for tests of exact sizes. */
  void cleanUp() {
    buckets.cleanUp(ticker.read());
  }

  @Override
  public String toString() {
    return "KeyedRateLimiter[" + name + ", " + limits + ", " + algorithm + "]";
  }
}
