package dev.bulwark.ratelimit;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures an adaptive {@link ConcurrencyLimiter} (AIMD). Each setting may be made once (a second
 * call throws {@link IllegalStateException}). Not thread-safe; the built limiter is.
 *
 * <p>The limit starts at {@code initialLimit}. A successful call whose latency is at most the
 * slow-call threshold raises it by {@code increaseBy}, provided at least half the limit was in use
 * when the call was acquired; a slower successful call, or a dropped one, multiplies it by
 * {@code backoffRatio} (rounded down). It never leaves {@code [minLimit, maxLimit]}. Latency is
 * measured with the {@linkplain #ticker ticker}, from acquisition to release.
 *
 * <p>Defaults: name {@code "adaptive-concurrency-limiter"}, {@link Ticker#system()}, minLimit 1,
 * maxLimit 1000, initialLimit 20 (or the nearest bound when that falls outside
 * {@code [minLimit, maxLimit]}), increaseBy 1, backoffRatio 0.9.
 */
public final class AdaptiveConcurrencyLimiterBuilder {

  private final long slowCallThresholdNanos;
  private @Nullable String name;
  private @Nullable Ticker ticker;
  private int initialLimit = -1;
  private int minLimit = -1;
  private int maxLimit = -1;
  private int increaseBy = -1;
  private double backoffRatio = -1;

  AdaptiveConcurrencyLimiterBuilder(Duration slowCallThreshold) {
    this.slowCallThresholdNanos = Durations.requirePositive("slowCallThreshold", slowCallThreshold);
  }

  /**
   * Names the limiter.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public AdaptiveConcurrencyLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Sets the clock that measures latency.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if the ticker was already set
   */
  public AdaptiveConcurrencyLimiterBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets the starting limit.
   *
   * @param initialLimit at least 1, and within {@code [minLimit, maxLimit]} (checked by
   *     {@link #build()})
   * @return this builder
   * @throws IllegalArgumentException if {@code initialLimit < 1}
   * @throws IllegalStateException if the initial limit was already set
   */
  public AdaptiveConcurrencyLimiterBuilder initialLimit(int initialLimit) {
    this.initialLimit = setOnce("initialLimit", this.initialLimit, initialLimit);
    return this;
  }

  /**
   * Sets the lowest the limit may fall.
   *
   * @param minLimit at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code minLimit < 1}
   * @throws IllegalStateException if the minimum was already set
   */
  public AdaptiveConcurrencyLimiterBuilder minLimit(int minLimit) {
    this.minLimit = setOnce("minLimit", this.minLimit, minLimit);
    return this;
  }

  /**
   * Sets the highest the limit may rise.
   *
   * @param maxLimit at least 1, and no lower than the minimum limit (checked by {@link #build()})
   * @return this builder
   * @throws IllegalArgumentException if {@code maxLimit < 1}
   * @throws IllegalStateException if the maximum was already set
   */
  public AdaptiveConcurrencyLimiterBuilder maxLimit(int maxLimit) {
    this.maxLimit = setOnce("maxLimit", this.maxLimit, maxLimit);
    return this;
  }

  /**
   * Sets the additive step applied on a fast success.
   *
   * @param increaseBy at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code increaseBy < 1}
   * @throws IllegalStateException if the step was already set
   */
  public AdaptiveConcurrencyLimiterBuilder increaseBy(int increaseBy) {
    this.increaseBy = setOnce("increaseBy", this.increaseBy, increaseBy);
    return this;
  }

  /**
   * Sets the factor applied on a slow or dropped call.
   *
   * @param backoffRatio strictly between 0 and 1
   * @return this builder
   * @throws IllegalArgumentException if {@code backoffRatio} is not in {@code (0, 1)}
   * @throws IllegalStateException if the ratio was already set
   */
  public AdaptiveConcurrencyLimiterBuilder backoffRatio(double backoffRatio) {
    if (!(backoffRatio > 0 && backoffRatio < 1)) {
      throw new IllegalArgumentException("backoffRatio must be in (0, 1) but was " + backoffRatio);
    }
    Preconditions.requireUnset("backoffRatio", this.backoffRatio != -1, this.backoffRatio);
    this.backoffRatio = backoffRatio;
    return this;
  }

  /**
   * Builds the limiter, with nothing in flight.
   *
   * @return a new, thread-safe limiter
   * @throws IllegalArgumentException if {@code minLimit > maxLimit}, or an explicit initial limit
   *     lies outside {@code [minLimit, maxLimit]}
   */
  public ConcurrencyLimiter build() {
    int min = minLimit != -1 ? minLimit : 1;
    int max = maxLimit != -1 ? maxLimit : 1000;
    if (min > max) {
      throw new IllegalArgumentException("minLimit " + min + " must be <= maxLimit " + max);
    }
    int initial;
    if (initialLimit != -1) {
      if (initialLimit < min || initialLimit > max) {
        throw new IllegalArgumentException(
            "initialLimit " + initialLimit + " must be within [" + min + ", " + max + "]");
      }
      initial = initialLimit;
    } else {
      initial = Math.max(min, Math.min(max, 20));
    }
    return new AdaptiveConcurrencyLimiter(
        name != null ? name : "adaptive-concurrency-limiter",
        ticker != null ? ticker : Ticker.system(),
        slowCallThresholdNanos,
        initial,
        min,
        max,
        increaseBy != -1 ? increaseBy : 1,
        backoffRatio != -1 ? backoffRatio : 0.9);
  }

  private static int setOnce(String setting, int current, int value) {
    Preconditions.requireAtLeastOne(setting, value);
    Preconditions.requireUnset(setting, current != -1, current);
    return value;
  }
}
