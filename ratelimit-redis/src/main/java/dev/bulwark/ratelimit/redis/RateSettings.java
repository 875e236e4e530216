package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings both Redis rate limiter builders (keyed and hierarchical) share beyond
 * {@link CommonSettings}: the algorithm, the deny cache, listeners and statistics, with their
 * checks (set-once ISE, NPE, IAE naming the value) and the cross-field rule in {@link #check}. Not
 * thread-safe, like the builders.
 */
final class RateSettings {

  private @Nullable RateLimitAlgorithm algorithm;
  private @Nullable Boolean denyCache;
  private int denyCacheSize;
  private final List<RateLimiterListener> listeners = new ArrayList<>();
  private boolean recordStats;

  void algorithm(RateLimitAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    if (algorithm == RateLimitAlgorithm.SLIDING_WINDOW_LOG) {
      throw new IllegalArgumentException(
          "SLIDING_WINDOW_LOG is not supported on Redis; use TOKEN_BUCKET, FIXED_WINDOW or"
              + " SLIDING_WINDOW_COUNTER");
    }
    this.algorithm = Preconditions.setOnce("algorithm", this.algorithm, algorithm);
  }

  void denyCache(boolean enabled) {
    this.denyCache = Preconditions.setOnce("denyCache", this.denyCache, enabled);
  }

  void denyCacheSize(int size) {
    if (size < 1 || size > RedisKeyedRateLimiterBuilder.MAX_DENY_CACHE_SIZE) {
      throw new IllegalArgumentException("denyCacheSize must be in [1, "
          + RedisKeyedRateLimiterBuilder.MAX_DENY_CACHE_SIZE + "] but was " + size);
    }
    Preconditions.requireUnset("denyCacheSize", denyCacheSize != 0, denyCacheSize);
    this.denyCacheSize = size;
  }

  void listener(RateLimiterListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
  }

  /**
   * Runs the cross-field rule.
   *
   * @throws IllegalStateException if a deny-cache size was set with the cache off
   */
  void check() {
    if (Boolean.FALSE.equals(denyCache) && denyCacheSize != 0) {
      throw new IllegalStateException("denyCacheSize was set but the deny cache is off");
    }
  }

  RateLimitAlgorithm algorithm() {
    return algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET;
  }

  boolean denyCache() {
    return !Boolean.FALSE.equals(denyCache);
  }

  /** The deny cache's slots: the size set, or the default; 0 when the cache is off. */
  int denyCacheSlots() {
    if (!denyCache()) {
      return 0;
    }
    return denyCacheSize != 0 ? denyCacheSize : RedisKeyedRateLimiterBuilder.DEFAULT_DENY_CACHE_SIZE;
  }

  List<RateLimiterListener> listeners() {
    return listeners;
  }

  boolean recordsStats() {
    return recordStats;
  }
}
