package dev.bulwark.ratelimit;

import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link RateLimiter}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); listeners accumulate. Not thread-safe; the built limiter is.
 *
 * <p>Defaults: name {@code "rate-limiter"}, {@link RateLimitAlgorithm#TOKEN_BUCKET},
 * {@link Ticker#system()}, {@link Sleeper#system()}, no listeners.
 */
public final class RateLimiterBuilder {

  private final List<RateLimit> limits;
  private @Nullable String name;
  private @Nullable RateLimitAlgorithm algorithm;
  private @Nullable Ticker ticker;
  private @Nullable Sleeper sleeper;
  private final List<RateLimiterListener> listeners = new ArrayList<>();
  private boolean recordStats;

  RateLimiterBuilder(List<RateLimit> limits) {
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
  public RateLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Chooses the algorithm.
   *
   * @param algorithm the algorithm
   * @return this builder
   * @throws IllegalStateException if the algorithm was already set
   */
  public RateLimiterBuilder algorithm(RateLimitAlgorithm algorithm) {
    this.algorithm = Preconditions.setOnce("algorithm", this.algorithm, algorithm);
    return this;
  }

  /**
   * Sets the clock.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if the ticker was already set
   */
  public RateLimiterBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets how {@link RateLimiter#acquire} waits.
   *
   * @param sleeper the sleeper, e.g. {@link dev.bulwark.core.ManualTicker#sleeper()} in tests
   * @return this builder
   * @throws IllegalStateException if the sleeper was already set
   */
  public RateLimiterBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Preconditions.setOnce("sleeper", this.sleeper, sleeper);
    return this;
  }

  /**
   * Adds a listener for permitted and rejected decisions.
   *
   * @param listener the listener
   * @return this builder
   */
  public RateLimiterBuilder listener(RateLimiterListener listener) {
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
  public RateLimiterBuilder recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
    return this;
  }

  /**
   * Builds the limiter, full (every limit at its burst).
   *
   * @return a new, thread-safe limiter
   */
  public RateLimiter build() {
    Ticker t = ticker != null ? ticker : Ticker.system();
    return new DefaultRateLimiter(
        name != null ? name : "rate-limiter",
        limits,
        algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET,
        t,
        sleeper != null ? sleeper : Sleeper.system(),
        Listeners.of(listeners),
        recordStats);
  }
}
