package dev.bulwark.circuitbreaker;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a {@link CircuitBreaker} opens: one immutable value, given to
 * {@link CircuitBreakerConfig.Builder#trip(TripStrategy)}. Thread-safe.
 *
 * <ul>
 *   <li>{@link #consecutiveFailures(int) consecutiveFailures(n)} (the default, with n = 5): the n-th
 *       failure in a row opens the breaker; any success resets the count;
 *   <li>{@link #failureRate(double, SlidingWindow) failureRate(percent, window)}: once the window
 *       holds at least {@link #minimumCalls(int) minimumCalls} outcomes (default 10, or the size of a
 *       smaller count-based window), the breaker opens when the share of failures reaches
 *       {@code percent}; add {@link #slowCallRate(double, Duration) slowCallRate(percent, slowerThan)}
 *       to open it also when the share of calls slower than {@code slowerThan} reaches its percent.
 * </ul>
 *
 * <p>Rates are checked when a failure or a slow call is recorded: a breaker opens on a bad outcome,
 * never on a success.
 */
public final class TripStrategy {

  private static final TripStrategy DEFAULT = new TripStrategy(5, null, 0, 0, 0, 0);

  private final int consecutiveFailures;
  private final @Nullable SlidingWindow window;
  private final int minimumCalls;
  private final double failureRateThreshold;
  private final double slowCallRateThreshold;
  private final long slowCallDurationThresholdNanos;

  private TripStrategy(
      int consecutiveFailures,
      @Nullable SlidingWindow window,
      int minimumCalls,
      double failureRateThreshold,
      double slowCallRateThreshold,
      long slowCallDurationThresholdNanos) {
    this.consecutiveFailures = consecutiveFailures;
    this.window = window;
    this.minimumCalls = minimumCalls;
    this.failureRateThreshold = failureRateThreshold;
    this.slowCallRateThreshold = slowCallRateThreshold;
    this.slowCallDurationThresholdNanos = slowCallDurationThresholdNanos;
  }

  /** The default strategy: {@code consecutiveFailures(5)}. */
  static TripStrategy defaultStrategy() {
    return DEFAULT;
  }

  /**
   * Opens the breaker on the {@code threshold}-th consecutive failure; any success resets the count.
   *
   * @param threshold the failures in a row that open the breaker; at least 1
   * @return the strategy
   * @throws IllegalArgumentException if {@code threshold} is less than 1
   */
  public static TripStrategy consecutiveFailures(int threshold) {
    Preconditions.requireAtLeastOne("consecutiveFailures", threshold);
    return new TripStrategy(threshold, null, 0, 0, 0, 0);
  }

  /**
   * Opens the breaker when at least {@code percent} of the calls in {@code window} failed, once the
   * window holds {@link #minimumCalls() minimumCalls} outcomes: 10 by default, or the size of a
   * smaller count-based window. Resilience4j's default is {@code failureRate(50, ...)}.
   *
   * @param percent the failure rate in (0, 100]
   * @param window {@link SlidingWindow#ofCalls(int)} or {@link SlidingWindow#ofTime(Duration)}
   * @return the strategy
   * @throws IllegalArgumentException if {@code percent} is out of range
   * @throws NullPointerException if {@code window} is null
   */
  public static TripStrategy failureRate(double percent, SlidingWindow window) {
    double checked = requirePercent("failureRateThreshold", percent);
    Objects.requireNonNull(window, "window");
    int minimum = Math.min(10, window.isTimeBased() ? Integer.MAX_VALUE : window.size());
    return new TripStrategy(0, window, minimum, checked, 0, 0);
  }

  /**
   * Returns this rate strategy with another minimum: how many outcomes the window must hold before a
   * rate can open the breaker.
   *
   * @param minimum at least 1, and at most the size of a count-based window
   * @return a new strategy
   * @throws IllegalArgumentException if {@code minimum} is less than 1
   * @throws IllegalStateException if this is the consecutive-failure strategy, or {@code minimum}
   *     exceeds the size of a count-based window
   */
  public TripStrategy minimumCalls(int minimum) {
    Preconditions.requireAtLeastOne("minimumCalls", minimum);
    SlidingWindow w = requireWindow("minimumCalls");
    if (!w.isTimeBased() && minimum > w.size()) {
      throw new IllegalStateException(
          "minimumCalls must be <= the window size (" + w.size() + ") but was " + minimum);
    }
    return new TripStrategy(0, w, minimum, failureRateThreshold, slowCallRateThreshold, slowCallDurationThresholdNanos);
  }

  /**
   * Returns this rate strategy that also opens the breaker when at least {@code percent} of the
   * calls in the window lasted longer than {@code slowerThan} (a call lasting exactly that long is
   * not slow). In HALF_OPEN a slow trial counts as failed. Timing calls costs two clock reads per
   * call.
   *
   * @param percent the slow-call rate in (0, 100]
   * @param slowerThan positive: the duration beyond which a call is slow
   * @return a new strategy
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code slowerThan} is null
   * @throws IllegalStateException if this is the consecutive-failure strategy
   */
  public TripStrategy slowCallRate(double percent, Duration slowerThan) {
    double checked = requirePercent("slowCallRateThreshold", percent);
    long nanos = Durations.requirePositive("slowCallDurationThreshold", slowerThan);
    SlidingWindow w = requireWindow("slowCallRate");
    return new TripStrategy(0, w, minimumCalls, failureRateThreshold, checked, nanos);
  }

  private SlidingWindow requireWindow(String setting) {
    SlidingWindow w = window;
    if (w == null) {
      throw new IllegalStateException(
          setting + " needs a failureRate strategy, not consecutiveFailures(" + consecutiveFailures + ")");
    }
    return w;
  }

  static double requirePercent(String name, double percent) {
    if (!(percent > 0.0 && percent <= 100.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 100] but was " + percent);
    }
    return percent;
  }

  /**
   * Returns the consecutive failures that open the breaker.
   *
   * @return the threshold, or 0 for a rate strategy
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Returns the sliding window over which rates are computed.
   *
   * @return the window, or empty for the consecutive-failure strategy
   */
  public Optional<SlidingWindow> slidingWindow() {
    return Optional.ofNullable(window);
  }

  /**
   * Returns how many outcomes the window must hold before a rate can open the breaker.
   *
   * @return the minimum, or 0 for the consecutive-failure strategy
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * Returns the failure rate, in percent of the calls in the window, at which the breaker opens.
   *
   * @return the threshold in (0, 100], or 0 for the consecutive-failure strategy
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

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof TripStrategy)) {
      return false;
    }
    TripStrategy t = (TripStrategy) o;
    return consecutiveFailures == t.consecutiveFailures
        && Objects.equals(window, t.window)
        && minimumCalls == t.minimumCalls
        && Double.compare(failureRateThreshold, t.failureRateThreshold) == 0
        && Double.compare(slowCallRateThreshold, t.slowCallRateThreshold) == 0
        && slowCallDurationThresholdNanos == t.slowCallDurationThresholdNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        consecutiveFailures, window, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDurationThresholdNanos);
  }

  /** Returns the settings as the config prints them, for example {@code consecutiveFailures=5}. */
  @Override
  public String toString() {
    if (window == null) {
      return "consecutiveFailures=" + consecutiveFailures;
    }
    String s = window + ", minimumCalls=" + minimumCalls + ", failureRateThreshold=" + failureRateThreshold;
    if (slowCallDurationThresholdNanos > 0) {
      s += ", slowCallRateThreshold=" + slowCallRateThreshold
          + ", slowCallDurationThreshold=" + Duration.ofNanos(slowCallDurationThresholdNanos);
    }
    return s;
  }
}
