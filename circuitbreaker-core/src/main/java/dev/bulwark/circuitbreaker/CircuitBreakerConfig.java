package dev.bulwark.circuitbreaker;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CircuitBreaker} does: when it trips, how long it stays open, how it tests recovery,
 * and which outcomes count as failures. Immutable and thread-safe; one config may serve many
 * breakers. Build one with {@link #builder()}; derive a variant with {@link #toBuilder()}.
 *
 * <h2>Trip strategies (pick one)</h2>
 * <ul>
 *   <li>{@link Builder#consecutiveFailures(int) consecutiveFailures(n)} (the default, with n = 5):
 *       the n-th failure in a row opens the breaker; any success resets the count;
 *   <li>{@link Builder#slidingWindow(SlidingWindow) slidingWindow(w)}: once the window holds at
 *       least {@link Builder#minimumCalls(int) minimumCalls} outcomes, the breaker opens when the
 *       share of failures reaches {@link Builder#failureRateThreshold(double) failureRateThreshold}
 *       percent (default 50), or, if configured, the share of calls slower than
 *       {@link Builder#slowCallDurationThreshold(Duration) slowCallDurationThreshold} reaches
 *       {@link Builder#slowCallRateThreshold(double) slowCallRateThreshold} percent.
 * </ul>
 * Rates are checked when a failure or a slow call is recorded: a breaker opens on a bad outcome,
 * never on a success. A time-based window's buckets start at the moment the breaker (re)closed, and
 * every CLOSED period starts with an empty window or a zero count.
 *
 * <h2>Recovery</h2>
 * After {@link Builder#openDuration(Duration) openDuration} (default 60 s), or the next delay of
 * {@link Builder#openBackoff(Backoff) openBackoff} across consecutive re-openings, the breaker lets
 * at most {@link Builder#maxHalfOpenCalls(int) maxHalfOpenCalls} (default 1) trial calls be in flight
 * at once; {@link Builder#successThreshold(int) successThreshold} (default 1) consecutive trial
 * successes close it, and any failed (or slow) trial opens it again.
 * {@link Builder#maxWaitInHalfOpen(Duration) maxWaitInHalfOpen} (default: none) sends a breaker whose
 * trials never report back to OPEN.
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
 * <h2>Coming from another library</h2>
 * <table>
 *   <caption>Equivalent settings</caption>
 *   <tr><th>library: setting</th><th>Bulwark</th></tr>
 *   <tr><td>gobreaker: {@code MaxRequests = n}</td>
 *       <td>{@code maxHalfOpenCalls(n).successThreshold(n)}; gobreaker limits the trials admitted in
 *       total, Bulwark those in flight</td></tr>
 *   <tr><td>gobreaker: {@code Timeout}</td><td>{@code openDuration}</td></tr>
 *   <tr><td>gobreaker: {@code ReadyToTrip} (default {@code ConsecutiveFailures > 5})</td>
 *       <td>{@code consecutiveFailures(6)}, or a {@code slidingWindow} with rate thresholds</td></tr>
 *   <tr><td>gobreaker: {@code Interval}</td><td>a time-based {@code slidingWindow}</td></tr>
 *   <tr><td>pybreaker: {@code fail_max}</td><td>{@code consecutiveFailures}</td></tr>
 *   <tr><td>pybreaker: {@code reset_timeout}</td><td>{@code openDuration}</td></tr>
 *   <tr><td>pybreaker: {@code success_threshold}</td><td>{@code successThreshold}</td></tr>
 *   <tr><td>pybreaker: {@code exclude}</td><td>{@code ignoreExceptions}</td></tr>
 *   <tr><td>Resilience4j: {@code failureRateThreshold}</td><td>{@code failureRateThreshold}</td></tr>
 *   <tr><td>Resilience4j: {@code slidingWindowType}, {@code slidingWindowSize}</td>
 *       <td>{@code slidingWindow(SlidingWindow.ofCalls(size))} or
 *       {@code slidingWindow(SlidingWindow.ofTime(Duration.ofSeconds(size)))}</td></tr>
 *   <tr><td>Resilience4j: {@code minimumNumberOfCalls}</td><td>{@code minimumCalls}</td></tr>
 *   <tr><td>Resilience4j: {@code permittedNumberOfCallsInHalfOpenState = n}</td>
 *       <td>{@code maxHalfOpenCalls(n)} with {@code successThreshold(n)}; Bulwark closes on n
 *       consecutive successes where Resilience4j compares the failure rate of the n trials</td></tr>
 *   <tr><td>Resilience4j: {@code waitDurationInOpenState}</td><td>{@code openDuration}</td></tr>
 *   <tr><td>Resilience4j: {@code slowCallRateThreshold}, {@code slowCallDurationThreshold}</td>
 *       <td>the same names</td></tr>
 *   <tr><td>Resilience4j: {@code maxWaitDurationInHalfOpenState}</td><td>{@code maxWaitInHalfOpen}</td></tr>
 *   <tr><td>Resilience4j: {@code automaticTransitionFromOpenToHalfOpenEnabled}</td>
 *       <td>{@link CircuitBreaker.Builder#scheduler CircuitBreaker.Builder.scheduler}</td></tr>
 *   <tr><td>Resilience4j: {@code recordExceptions}, {@code ignoreExceptions},
 *       {@code recordResult}</td><td>the same names, as predicates</td></tr>
 * </table>
 *
 * <h2>Examples</h2>
 * <pre>{@code
 * // (a) failureThreshold 5, successThreshold 2, open 30 s, maxHalfOpenCalls 5
 * CircuitBreakerConfig.builder().consecutiveFailures(5).successThreshold(2)
 *     .openDuration(Duration.ofSeconds(30)).maxHalfOpenCalls(5).build();
 * // (b) pybreaker fail_max 5, reset_timeout 60 s, success_threshold 1
 * CircuitBreakerConfig.builder().consecutiveFailures(5)
 *     .openDuration(Duration.ofSeconds(60)).successThreshold(1).build();
 * // (c) pybreaker fail_max 3, reset_timeout 30 s
 * CircuitBreakerConfig.builder().consecutiveFailures(3).openDuration(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class CircuitBreakerConfig {

  private static final CircuitBreakerConfig DEFAULTS = builder().build();

  private final int consecutiveFailures;
  private final @Nullable SlidingWindow slidingWindow;
  private final int minimumCalls;
  private final double failureRateThreshold;
  private final double slowCallRateThreshold;
  private final long slowCallDurationThresholdNanos;
  private final int successThreshold;
  private final int maxHalfOpenCalls;
  private final long openDurationNanos;
  private final @Nullable Backoff openBackoff;
  private final long maxWaitInHalfOpenNanos;
  private final @Nullable Predicate<? super Throwable> recordExceptions;
  private final @Nullable Predicate<? super Throwable> ignoreExceptions;
  private final @Nullable Predicate<Object> recordResult;
  private final boolean recordRejections;

  private CircuitBreakerConfig(Builder b, int minimumCalls, double failureRateThreshold) {
    this.consecutiveFailures = b.slidingWindow == null && b.consecutiveFailures == 0 ? 5 : b.consecutiveFailures;
    this.slidingWindow = b.slidingWindow;
    this.minimumCalls = minimumCalls;
    this.failureRateThreshold = failureRateThreshold;
    this.slowCallRateThreshold = b.slowCallRateThreshold;
    this.slowCallDurationThresholdNanos = b.slowCallDurationThresholdNanos;
    this.successThreshold = b.successThreshold == 0 ? 1 : b.successThreshold;
    this.maxHalfOpenCalls = b.maxHalfOpenCalls == 0 ? 1 : b.maxHalfOpenCalls;
    this.openDurationNanos = b.openDurationNanos < 0 ? 60_000_000_000L : b.openDurationNanos;
    this.openBackoff = b.openBackoff;
    this.maxWaitInHalfOpenNanos = b.maxWaitInHalfOpenNanos;
    this.recordExceptions = b.recordExceptions;
    this.ignoreExceptions = b.ignoreExceptions;
    this.recordResult = b.recordResult;
    this.recordRejections = Boolean.TRUE.equals(b.recordRejections);
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
    return new Builder();
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
   * Returns the consecutive failures that open the breaker.
   *
   * @return the threshold, or 0 when a sliding window decides instead
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Returns the sliding window over which rates are computed.
   *
   * @return the window, or empty with the consecutive-failure strategy
   */
  public Optional<SlidingWindow> slidingWindow() {
    return Optional.ofNullable(slidingWindow);
  }

  /**
   * Returns how many outcomes the window must hold before a rate can open the breaker.
   *
   * @return the minimum, or 0 with the consecutive-failure strategy
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * Returns the failure rate, in percent of the calls in the window, at which the breaker opens.
   *
   * @return the threshold in (0, 100], or 0 with the consecutive-failure strategy
   */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * Returns the slow-call rate, in percent of the calls in the window, at which the breaker opens.
   *
   * @return the threshold in (0, 100], or 0 when slow calls are not tracked
   */
  public double slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /**
   * Returns the duration beyond which a call is slow.
   *
   * @return nanoseconds, or 0 when slow calls are not tracked
   */
  public long slowCallDurationThresholdNanos() {
    return slowCallDurationThresholdNanos;
  }

  /**
   * Tells whether calls are timed to detect slow ones (two clock reads per call).
   *
   * @return true when a slow-call threshold is configured
   */
  public boolean tracksSlowCalls() {
    return slowCallDurationThresholdNanos > 0;
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
   * @return nanoseconds, 0 or more
   */
  public long openDurationNanos() {
    return openDurationNanos;
  }

  /**
   * Returns the backoff that spaces consecutive re-openings.
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
    StringBuilder s = new StringBuilder("CircuitBreakerConfig[");
    if (slidingWindow == null) {
      s.append("consecutiveFailures=").append(consecutiveFailures);
    } else {
      s.append(slidingWindow)
          .append(", minimumCalls=").append(minimumCalls)
          .append(", failureRateThreshold=").append(failureRateThreshold);
      if (tracksSlowCalls()) {
        s.append(", slowCallRateThreshold=").append(slowCallRateThreshold)
            .append(", slowCallDurationThreshold=").append(Duration.ofNanos(slowCallDurationThresholdNanos));
      }
    }
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
   * {@link IllegalStateException}); values are checked at once, and rules between settings in
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder {

    private int consecutiveFailures;
    private @Nullable SlidingWindow slidingWindow;
    private int minimumCalls;
    private double failureRateThreshold;
    private double slowCallRateThreshold;
    private long slowCallDurationThresholdNanos;
    private int successThreshold;
    private int maxHalfOpenCalls;
    private long openDurationNanos = -1;
    private @Nullable Backoff openBackoff;
    private long maxWaitInHalfOpenNanos;
    private @Nullable Predicate<? super Throwable> recordExceptions;
    private @Nullable Predicate<? super Throwable> ignoreExceptions;
    private @Nullable Predicate<Object> recordResult;
    private @Nullable Boolean recordRejections;
    private final Set<String> made = new HashSet<>();

    private Builder() {}

    private Builder(CircuitBreakerConfig c) {
      slidingWindow = c.slidingWindow;
      consecutiveFailures = c.slidingWindow == null ? c.consecutiveFailures : 0;
      minimumCalls = c.minimumCalls;
      failureRateThreshold = c.failureRateThreshold;
      slowCallRateThreshold = c.slowCallRateThreshold;
      slowCallDurationThresholdNanos = c.slowCallDurationThresholdNanos;
      successThreshold = c.successThreshold;
      maxHalfOpenCalls = c.maxHalfOpenCalls;
      openDurationNanos = c.openBackoff == null ? c.openDurationNanos : -1;
      openBackoff = c.openBackoff;
      maxWaitInHalfOpenNanos = c.maxWaitInHalfOpenNanos;
      recordExceptions = c.recordExceptions;
      ignoreExceptions = c.ignoreExceptions;
      recordResult = c.recordResult;
      recordRejections = c.recordRejections ? Boolean.TRUE : null;
    }

    /**
     * Opens the breaker on the {@code threshold}-th consecutive failure; any success resets the
     * count. The default strategy, with 5. pybreaker's {@code fail_max}.
     *
     * @param threshold the failures in a row that open the breaker; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is less than 1
     * @throws IllegalStateException if already set
     */
    public Builder consecutiveFailures(int threshold) {
      Preconditions.requireAtLeastOne("consecutiveFailures", threshold);
      once("consecutiveFailures", consecutiveFailures);
      consecutiveFailures = threshold;
      if (!made.contains("slidingWindow")) { // drop a window inherited through toBuilder()
        slidingWindow = null;
        minimumCalls = made.contains("minimumCalls") ? minimumCalls : 0;
        failureRateThreshold = made.contains("failureRateThreshold") ? failureRateThreshold : 0;
        slowCallRateThreshold = made.contains("slowCallRateThreshold") ? slowCallRateThreshold : 0;
        slowCallDurationThresholdNanos =
            made.contains("slowCallDurationThreshold") ? slowCallDurationThresholdNanos : 0;
      }
      return this;
    }

    /**
     * Opens the breaker on rates computed over a sliding window instead of consecutive failures.
     *
     * @param window the window: {@link SlidingWindow#ofCalls(int)} or {@link SlidingWindow#ofTime(Duration)}
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalStateException if already set
     */
    public Builder slidingWindow(SlidingWindow window) {
      Objects.requireNonNull(window, "window");
      once("slidingWindow", slidingWindow);
      slidingWindow = window;
      if (!made.contains("consecutiveFailures")) { // drop a threshold inherited through toBuilder()
        consecutiveFailures = 0;
      }
      return this;
    }

    /**
     * Sets how many outcomes the window must hold before a rate can open the breaker. Default: 10,
     * or the size of a smaller count-based window.
     *
     * @param minimum at least 1; at most the size of a count-based window (checked in {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if {@code minimum} is less than 1
     * @throws IllegalStateException if already set
     */
    public Builder minimumCalls(int minimum) {
      Preconditions.requireAtLeastOne("minimumCalls", minimum);
      once("minimumCalls", minimumCalls);
      minimumCalls = minimum;
      return this;
    }

    /**
     * Sets the failure rate at which the breaker opens: it opens when at least this percentage of the
     * calls in the window failed. Default with a window: 50.
     *
     * @param percent in (0, 100]
     * @return this builder
     * @throws IllegalArgumentException if {@code percent} is out of range
     * @throws IllegalStateException if already set
     */
    public Builder failureRateThreshold(double percent) {
      double checked = requirePercent("failureRateThreshold", percent);
      once("failureRateThreshold", failureRateThreshold);
      failureRateThreshold = checked;
      return this;
    }

    /**
     * Sets the slow-call rate at which the breaker opens: it opens when at least this percentage of
     * the calls in the window were slower than {@link #slowCallDurationThreshold(Duration)}. Requires
     * that threshold and a sliding window. Slow-call tracking costs two clock reads per call.
     *
     * @param percent in (0, 100]
     * @return this builder
     * @throws IllegalArgumentException if {@code percent} is out of range
     * @throws IllegalStateException if already set
     */
    public Builder slowCallRateThreshold(double percent) {
      double checked = requirePercent("slowCallRateThreshold", percent);
      once("slowCallRateThreshold", slowCallRateThreshold);
      slowCallRateThreshold = checked;
      return this;
    }

    /**
     * Sets the duration beyond which a call is slow (a call lasting exactly this long is not).
     * Requires {@link #slowCallRateThreshold(double)}. In HALF_OPEN a slow trial counts as failed.
     *
     * @param threshold positive
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not positive
     * @throws IllegalStateException if already set
     */
    public Builder slowCallDurationThreshold(Duration threshold) {
      long nanos = Durations.requirePositive("slowCallDurationThreshold", threshold);
      once("slowCallDurationThreshold", Duration.ofNanos(slowCallDurationThresholdNanos));
      slowCallDurationThresholdNanos = nanos;
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
      once("successThreshold", successThreshold);
      successThreshold = threshold;
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
      once("maxHalfOpenCalls", maxHalfOpenCalls);
      maxHalfOpenCalls = max;
      return this;
    }

    /**
     * Sets a fixed open duration: how long the breaker rejects calls before trying again. Default 60 s.
     * Zero makes the first call after opening a trial. Exclusive with {@link #openBackoff(Backoff)}.
     *
     * @param duration zero or more; saturated at about 292 years
     * @return this builder
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException if already set
     */
    public Builder openDuration(Duration duration) {
      long nanos = Durations.requireNonNegative("openDuration", duration);
      once("openDuration", Duration.ofNanos(openDurationNanos));
      openDurationNanos = nanos;
      if (!made.contains("openBackoff")) { // drop a backoff inherited through toBuilder()
        openBackoff = null;
      }
      return this;
    }

    /**
     * Sets a growing open duration: the first opening lasts the backoff's first delay, each
     * re-opening from HALF_OPEN the next one (for example 30 s, 60 s, 120 s, capped), and the
     * sequence starts over when the breaker closes. Exclusive with {@link #openDuration(Duration)}.
     *
     * @param backoff for example {@code Backoff.exponential(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5))}
     * @return this builder
     * @throws NullPointerException if {@code backoff} is null
     * @throws IllegalStateException if already set
     */
    public Builder openBackoff(Backoff backoff) {
      Objects.requireNonNull(backoff, "backoff");
      once("openBackoff", openBackoff);
      openBackoff = backoff;
      if (!made.contains("openDuration")) { // drop a duration inherited through toBuilder()
        openDurationNanos = -1;
      }
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
      long nanos = Durations.requirePositive("maxWaitInHalfOpen", maxWait);
      once("maxWaitInHalfOpen", Duration.ofNanos(maxWaitInHalfOpenNanos));
      maxWaitInHalfOpenNanos = nanos;
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
      once("recordExceptions", recordExceptions);
      recordExceptions = predicate;
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
      Preconditions.requireUnset("recordRejections", recordRejections);
      recordRejections = record;
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
      once("ignoreExceptions", ignoreExceptions);
      ignoreExceptions = predicate;
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
      once("recordResult", recordResult);
      recordResult = predicate;
      return this;
    }

    /**
     * Checks the rules between settings and builds the config.
     *
     * @return the immutable config
     * @throws IllegalArgumentException if settings contradict each other: both or neither of the
     *     slow-call settings; window settings without a window; {@code consecutiveFailures} with a
     *     window; {@code openDuration} with {@code openBackoff}; {@code minimumCalls} larger than a
     *     count-based window
     */
    public CircuitBreakerConfig build() {
      SlidingWindow window = slidingWindow;
      if (consecutiveFailures != 0 && window != null) {
        throw new IllegalArgumentException(
            "set either consecutiveFailures or slidingWindow, not both (consecutiveFailures="
                + consecutiveFailures + ", slidingWindow=" + window + ")");
      }
      if ((slowCallRateThreshold == 0) != (slowCallDurationThresholdNanos == 0)) {
        throw new IllegalArgumentException(
            "slowCallRateThreshold and slowCallDurationThreshold go together, but only "
                + (slowCallRateThreshold == 0 ? "slowCallDurationThreshold" : "slowCallRateThreshold")
                + " was set");
      }
      if (window == null) {
        String windowSetting =
            minimumCalls != 0 ? "minimumCalls"
                : failureRateThreshold != 0 ? "failureRateThreshold"
                : slowCallRateThreshold != 0 ? "slowCallRateThreshold"
                : null;
        if (windowSetting != null) {
          throw new IllegalArgumentException(windowSetting + " needs a slidingWindow");
        }
      }
      if (openDurationNanos >= 0 && openBackoff != null) {
        throw new IllegalArgumentException(
            "set either openDuration or openBackoff, not both (openDuration="
                + Duration.ofNanos(openDurationNanos) + ", openBackoff=" + openBackoff + ")");
      }
      int minimum = 0;
      double failureRate = 0;
      if (window != null) {
        int cap = window.isTimeBased() ? Integer.MAX_VALUE : window.size();
        minimum = minimumCalls != 0 ? minimumCalls : Math.min(10, cap);
        if (minimum > cap) {
          throw new IllegalArgumentException(
              "minimumCalls must be <= the window size (" + cap + ") but was " + minimum);
        }
        failureRate = failureRateThreshold != 0 ? failureRateThreshold : 50.0;
      }
      return new CircuitBreakerConfig(this, minimum, failureRate);
    }

    /** Records that {@code name} is set in this builder; a second time throws. */
    private void once(String name, @Nullable Object current) {
      if (!made.add(name)) {
        throw Preconditions.alreadySet(name, String.valueOf(current));
      }
    }

    private static double requirePercent(String name, double percent) {
      if (!(percent > 0.0 && percent <= 100.0)) {
        throw new IllegalArgumentException(name + " must be in (0, 100] but was " + percent);
      }
      return percent;
    }
  }
}
