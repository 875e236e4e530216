package dev.bulwark.circuitbreaker;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CircuitBreaker} does: when it trips, how long it stays open, how it tests recovery,
 * and which outcomes count as failures. Immutable and thread-safe; one config may serve many
 * breakers. Build one with {@link #builder()}; derive a variant with {@link #toBuilder()}.
 *
 * <h2>Tripping</h2>
 * One {@link TripStrategy} value, set with {@link Builder#trip(TripStrategy)}:
 * {@link TripStrategy#consecutiveFailures(int) consecutiveFailures(n)} (the default, with n = 5), or
 * {@link TripStrategy#failureRate(double, SlidingWindow) failureRate(percent, window)}, optionally
 * with {@link TripStrategy#minimumCalls(int) minimumCalls} and
 * {@link TripStrategy#slowCallRate(double, Duration) slowCallRate}. A time-based window's buckets
 * start at the moment the breaker (re)closed, and every CLOSED period starts with an empty window or
 * a zero count.
 *
 * <h2>Recovery</h2>
 * After the open duration, one {@link Backoff} set with {@link Builder#openDuration(Backoff)}
 * (default {@code Backoff.fixed(Duration.ofSeconds(60))}; a growing backoff spaces consecutive
 * re-openings), the breaker lets at most {@link Builder#maxHalfOpenCalls(int) maxHalfOpenCalls}
 * (default 1) trial calls be in flight at once; {@link Builder#successThreshold(int)
 * successThreshold} (default 1) consecutive trial successes close it, and any failed (or slow) trial
 * opens it again. {@link Builder#maxWaitInHalfOpen(Duration) maxWaitInHalfOpen} (default: none)
 * sends a breaker whose trials never report back to OPEN.
 *
 * <h2>Classification</h2>
 * A {@link dev.bulwark.core.RejectedException} (a refusal by another Bulwark policy inside the
 * breaker, such as a local rate limiter) is ignored unless
 * {@link Builder#recordRejections(boolean) recordRejections(true)}: the call never reached the
 * upstream. Any other thrown exception is ignored (counts as neither success nor failure) if
 * {@link Builder#ignoreExceptions ignoreExceptions} matches it; otherwise it is a failure if
 * {@link Builder#recordExceptions recordExceptions} matches it (by default every exception does),
 * and a success if not. A returned value is a failure if {@link Builder#recordResult recordResult}
 * matches it (by default none does), for example an HTTP status of 500 or more, or 429.
 *
 * <p>Coming from gobreaker, pybreaker or Resilience4j: {@code docs/circuitbreaker.md} maps their
 * settings to these.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * CircuitBreakerConfig.builder()
 *     .trip(TripStrategy.consecutiveFailures(5))
 *     .successThreshold(2)
 *     .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
 *     .maxHalfOpenCalls(5)
 *     .build();
 * }</pre>
 */
public final class CircuitBreakerConfig {

  private static final CircuitBreakerConfig DEFAULTS = builder().build();

  private static final long DEFAULT_OPEN_NANOS = 60_000_000_000L;

  private final TripStrategy trip;
  private final Backoff openDuration;
  private final long openDurationNanos;
  private final @Nullable Backoff openBackoff;
  private final int successThreshold;
  private final int maxHalfOpenCalls;
  private final long maxWaitInHalfOpenNanos;
  private final @Nullable Predicate<? super Throwable> recordExceptions;
  private final @Nullable Predicate<? super Throwable> ignoreExceptions;
  private final @Nullable Predicate<Object> recordResult;
  private final boolean recordRejections;

  private CircuitBreakerConfig(
      TripStrategy trip,
      Backoff openDuration,
      int successThreshold,
      int maxHalfOpenCalls,
      long maxWaitInHalfOpenNanos,
      @Nullable Predicate<? super Throwable> recordExceptions,
      @Nullable Predicate<? super Throwable> ignoreExceptions,
      @Nullable Predicate<Object> recordResult,
      boolean recordRejections) {
    this.trip = trip;
    this.openDuration = openDuration;
    boolean fixed = openDuration.equals(Backoff.fixed(Duration.ofNanos(openDuration.capNanos())));
    this.openDurationNanos = fixed ? openDuration.capNanos() : 0;
    this.openBackoff = fixed ? null : openDuration;
    this.successThreshold = successThreshold;
    this.maxHalfOpenCalls = maxHalfOpenCalls;
    this.maxWaitInHalfOpenNanos = maxWaitInHalfOpenNanos;
    this.recordExceptions = recordExceptions;
    this.ignoreExceptions = ignoreExceptions;
    this.recordResult = recordResult;
    this.recordRejections = recordRejections;
  }

  /**
   * Returns the default config: 5 consecutive failures open the breaker for 60 s, then 1 trial call
   * at a time, and 1 success closes it. Every exception is a failure; every result a success.
   *
   * @return the shared default config
   */
  public static CircuitBreakerConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a config with every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder(null);
  }

  /**
   * Starts a builder holding this config's settings; each may be set once more.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns when the breaker opens.
   *
   * @return the trip strategy; {@code TripStrategy.consecutiveFailures(5)} by default
   */
  public TripStrategy trip() {
    return trip;
  }

  /**
   * Returns how long the breaker stays open: the backoff's n-th delay for the n-th opening in a row
   * (counted from 0, and reset when the breaker closes).
   *
   * @return the open duration; {@code Backoff.fixed(Duration.ofSeconds(60))} by default
   */
  public Backoff openDuration() {
    return openDuration;
  }

  /**
   * Returns the consecutive failures that open the breaker.
   *
   * @return the threshold, or 0 when a sliding window decides instead
   */
  public int consecutiveFailures() {
    return trip.consecutiveFailures();
  }

  /**
   * Returns the sliding window over which rates are computed.
   *
   * @return the window, or empty with the consecutive-failure strategy
   */
  public Optional<SlidingWindow> slidingWindow() {
    return trip.slidingWindow();
  }

  /**
   * Returns how many outcomes the window must hold before a rate can open the breaker.
   *
   * @return the minimum, or 0 with the consecutive-failure strategy
   */
  public int minimumCalls() {
    return trip.minimumCalls();
  }

  /**
   * Returns the failure rate, in percent of the calls in the window, at which the breaker opens.
   *
   * @return the threshold in (0, 100], or 0 with the consecutive-failure strategy
   */
  public double failureRateThreshold() {
    return trip.failureRateThreshold();
  }

  /**
   * Returns the slow-call rate, in percent of the calls in the window, at which the breaker opens.
   *
   * @return the threshold in (0, 100], or 0 when slow calls are not tracked
   */
  public double slowCallRateThreshold() {
    return trip.slowCallRateThreshold();
  }

  /**
   * Returns the duration beyond which a call is slow.
   *
   * @return nanoseconds, or 0 when slow calls are not tracked
   */
  public long slowCallDurationThresholdNanos() {
    return trip.slowCallDurationThresholdNanos();
  }

  /**
   * Tells whether calls are timed to detect slow ones (two clock reads per call).
   *
   * @return true when a slow-call threshold is configured
   */
  public boolean tracksSlowCalls() {
    return trip.slowCallDurationThresholdNanos() > 0;
  }

  /**
   * Returns the consecutive trial successes that close a HALF_OPEN breaker.
   *
   * @return the threshold, at least 1
   */
  public int successThreshold() {
    return successThreshold;
  }

  /**
   * Returns how many trial calls a HALF_OPEN breaker lets be in flight at once.
   *
   * @return the limit, at least 1
   */
  public int maxHalfOpenCalls() {
    return maxHalfOpenCalls;
  }

  /**
   * Returns the fixed open duration, used when no {@link #openBackoff()} is set.
   *
   * @return nanoseconds, 0 or more; 0 too when {@link #openBackoff()} is present
   */
  public long openDurationNanos() {
    return openDurationNanos;
  }

  /**
   * Returns the open duration when it is not a fixed one without jitter.
   *
   * @return the backoff, or empty for a fixed {@link #openDurationNanos()}
   */
  public Optional<Backoff> openBackoff() {
    return Optional.ofNullable(openBackoff);
  }

  /**
   * Returns the longest time a breaker may stay HALF_OPEN before returning to OPEN.
   *
   * @return nanoseconds, or 0 for no limit
   */
  public long maxWaitInHalfOpenNanos() {
    return maxWaitInHalfOpenNanos;
  }

  @Nullable Predicate<? super Throwable> recordExceptionsOrNull() {
    return recordExceptions;
  }

  @Nullable Predicate<? super Throwable> ignoreExceptionsOrNull() {
    return ignoreExceptions;
  }

  @Nullable Predicate<Object> recordResultOrNull() {
    return recordResult;
  }

  /**
   * Tells whether a {@link dev.bulwark.core.RejectedException} (a refusal by another Bulwark policy
   * inside this breaker, such as a rate limiter or another breaker) is classified like any other
   * exception, instead of being ignored.
   *
   * @return false by default: rejections are ignored
   */
  public boolean recordsRejections() {
    return recordRejections;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("CircuitBreakerConfig[").append(trip);
    s.append(", open=")
        .append(openBackoff != null ? openBackoff.toString() : Duration.ofNanos(openDurationNanos).toString())
        .append(", maxHalfOpenCalls=").append(maxHalfOpenCalls)
        .append(", successThreshold=").append(successThreshold);
    if (maxWaitInHalfOpenNanos > 0) {
      s.append(", maxWaitInHalfOpen=").append(Duration.ofNanos(maxWaitInHalfOpenNanos));
    }
    if (recordRejections) {
      s.append(", recordRejections");
    }
    return s.append(']').toString();
  }

  /**
   * Builds a {@link CircuitBreakerConfig}. Each setting may be made once (a second time throws
   * {@link IllegalStateException}); a builder from {@link #toBuilder()} starts from that config's
   * settings, and each may be made once more. Values are checked at once. Not thread-safe.
   */
  public static final class Builder {

    private final @Nullable CircuitBreakerConfig base;
    private @Nullable TripStrategy trip;
    private @Nullable Backoff openDuration;
    private @Nullable Integer successThreshold;
    private @Nullable Integer maxHalfOpenCalls;
    private @Nullable Duration maxWaitInHalfOpen;
    private @Nullable Predicate<? super Throwable> recordExceptions;
    private @Nullable Predicate<? super Throwable> ignoreExceptions;
    private @Nullable Predicate<Object> recordResult;
    private @Nullable Boolean recordRejections;

    private Builder(@Nullable CircuitBreakerConfig base) {
      this.base = base;
    }

    /**
     * Sets when the breaker opens. Default: {@code TripStrategy.consecutiveFailures(5)}.
     *
     * @param strategy for example {@code TripStrategy.failureRate(50, SlidingWindow.ofCalls(100))}
     * @return this builder
     * @throws NullPointerException if {@code strategy} is null
     * @throws IllegalStateException if already set
     */
    public Builder trip(TripStrategy strategy) {
      Objects.requireNonNull(strategy, "strategy");
      trip = Preconditions.setOnce("trip", trip, strategy);
      return this;
    }

    /**
     * Sets how long the breaker rejects calls before trying again: the backoff's first delay for
     * the first opening, the next one for each re-opening from HALF_OPEN (for example 30 s, 60 s,
     * 120 s, capped), starting over when the breaker closes. Default
     * {@code Backoff.fixed(Duration.ofSeconds(60))}; a zero delay makes the first call after opening
     * a trial.
     *
     * @param backoff for example {@code Backoff.fixed(Duration.ofSeconds(30))} or
     *     {@code Backoff.exponential(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5))}
     * @return this builder
     * @throws NullPointerException if {@code backoff} is null
     * @throws IllegalStateException if already set
     */
    public Builder openDuration(Backoff backoff) {
      Objects.requireNonNull(backoff, "openDuration");
      openDuration = Preconditions.setOnce("openDuration", openDuration, backoff);
      return this;
    }

    /**
     * Sets how many consecutive trial calls must succeed to close a HALF_OPEN breaker. Default 1.
     *
     * @param threshold at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is less than 1
     * @throws IllegalStateException if already set
     */
    public Builder successThreshold(int threshold) {
      Preconditions.requireAtLeastOne("successThreshold", threshold);
      successThreshold = Preconditions.setOnce("successThreshold", successThreshold, threshold);
      return this;
    }

    /**
     * Sets how many trial calls a HALF_OPEN breaker lets be in flight at once; more are rejected.
     * Default 1.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @throws IllegalStateException if already set
     */
    public Builder maxHalfOpenCalls(int max) {
      Preconditions.requireAtLeastOne("maxHalfOpenCalls", max);
      maxHalfOpenCalls = Preconditions.setOnce("maxHalfOpenCalls", maxHalfOpenCalls, max);
      return this;
    }

    /**
     * Sets the longest time the breaker stays HALF_OPEN: checked when a call arrives, after which
     * the breaker opens again, so trial calls that never report cannot hold it half-open forever.
     * Default: no limit.
     *
     * @param maxWait positive
     * @return this builder
     * @throws IllegalArgumentException if {@code maxWait} is not positive
     * @throws IllegalStateException if already set
     */
    public Builder maxWaitInHalfOpen(Duration maxWait) {
      Durations.requirePositive("maxWaitInHalfOpen", maxWait);
      maxWaitInHalfOpen = Preconditions.setOnce("maxWaitInHalfOpen", maxWaitInHalfOpen, maxWait);
      return this;
    }

    /**
     * Sets which exceptions count as failures; the others count as successes (unless ignored).
     * Default: every exception. With async calls the predicate sees the cause of a
     * {@link java.util.concurrent.CompletionException}.
     *
     * @param predicate true for a failure; must not throw (one that throws counts the call as failed)
     * @return this builder
     * @throws NullPointerException if {@code predicate} is null
     * @throws IllegalStateException if already set
     */
    public Builder recordExceptions(Predicate<? super Throwable> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      recordExceptions = Preconditions.setOnce("recordExceptions", recordExceptions, predicate);
      return this;
    }

    /**
     * Sets whether a {@link dev.bulwark.core.RejectedException} thrown inside the breaker counts
     * like any other exception (default false: it is ignored, counting as neither success nor
     * failure). A rejection comes from another Bulwark policy between the breaker and the call, a
     * rate or concurrency limiter, a bulkhead or another breaker, in
     * {@code Pipeline.of(retry, breaker, limiter)}: the call never reached the upstream, so it says
     * nothing about its health, and five local refusals must not open the breaker of an upstream
     * that never failed. With {@code true}, {@link #ignoreExceptions} and {@link #recordExceptions}
     * decide for rejections too.
     *
     * @param record true to classify rejections like other exceptions
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder recordRejections(boolean record) {
      recordRejections = Preconditions.setOnce("recordRejections", recordRejections, record);
      return this;
    }

    /**
     * Sets which exceptions count as neither success nor failure: the call is forgotten, and a trial
     * slot it held is freed. Checked before {@link #recordExceptions}. Default: none.
     *
     * @param predicate true to ignore; must not throw (one that throws counts the call as failed)
     * @return this builder
     * @throws NullPointerException if {@code predicate} is null
     * @throws IllegalStateException if already set
     */
    public Builder ignoreExceptions(Predicate<? super Throwable> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      ignoreExceptions = Preconditions.setOnce("ignoreExceptions", ignoreExceptions, predicate);
      return this;
    }

    /**
     * Sets which returned values count as failures, for a call that reports failure by its result:
     * {@code r -> r instanceof HttpResponse<?> h && (h.statusCode() >= 500 || h.statusCode() == 429)}.
     * The caller still receives the result. Default: no result is a failure.
     *
     * @param predicate true for a failure; sees {@code null} results too; must not throw (one that
     *     throws counts the call as failed)
     * @return this builder
     * @throws NullPointerException if {@code predicate} is null
     * @throws IllegalStateException if already set
     */
    public Builder recordResult(Predicate<Object> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      recordResult = Preconditions.setOnce("recordResult", recordResult, predicate);
      return this;
    }

    /**
     * Builds the config. Every alternative is one value, so no two settings can contradict each
     * other here.
     *
     * @return the immutable config
     */
    public CircuitBreakerConfig build() {
      CircuitBreakerConfig b = base;
      Duration maxWait = maxWaitInHalfOpen;
      return new CircuitBreakerConfig(
          trip != null ? trip : b != null ? b.trip : TripStrategy.defaultStrategy(),
          openDuration != null ? openDuration
              : b != null ? b.openDuration : Backoff.fixed(Duration.ofNanos(DEFAULT_OPEN_NANOS)),
          successThreshold != null ? successThreshold : b != null ? b.successThreshold : 1,
          maxHalfOpenCalls != null ? maxHalfOpenCalls : b != null ? b.maxHalfOpenCalls : 1,
          maxWait != null ? Durations.toNanosSaturated(maxWait) : b != null ? b.maxWaitInHalfOpenNanos : 0,
          recordExceptions != null ? recordExceptions : b != null ? b.recordExceptions : null,
          ignoreExceptions != null ? ignoreExceptions : b != null ? b.ignoreExceptions : null,
          recordResult != null ? recordResult : b != null ? b.recordResult : null,
          recordRejections != null ? recordRejections : b != null && b.recordRejections);
    }
  }
}
