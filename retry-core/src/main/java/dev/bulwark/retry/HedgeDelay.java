package dev.bulwark.retry;

import dev.bulwark.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link Hedge} starts its next attempt: a fixed delay, or a percentile of the latencies of
 * recent successful attempts. An immutable value; each {@link Hedge} built with a percentile delay
 * keeps its own latency window.
 *
 * <h2>Percentile delay</h2>
 * The hedge records the latency (on its ticker) of every attempt that succeeds, primary or hedge,
 * into a ring of the last {@code window} samples. After every {@code max(1, window / 4)} samples the
 * delay is recomputed as the {@code percentile}-th percentile of the samples held (nearest rank: the
 * smallest sample that at least {@code percentile}% of the samples do not exceed), raised to
 * {@code minimum} if below it. Until the first recomputation the {@code initial} delay applies. The
 * minimum keeps a fast dependency from being hedged at every scheduler tick: a percentile of
 * microseconds is below what a timer can honour and would hedge most calls. The ring is preallocated, recording is lock-free
 * and allocation-free, and the recomputation (a selection over a preallocated scratch copy, O(window))
 * runs on the recording thread that crosses the boundary; a thread that finds another one
 * recomputing skips.
 */
public final class HedgeDelay {

  /** The smallest percentile window. */
  public static final int MIN_WINDOW = 4;

  /** The largest percentile window. */
  public static final int MAX_WINDOW = 65_536;

  private final long fixedNanos;
  private final double percentile;
  private final int window;
  private final long minimumNanos;

  private HedgeDelay(long fixedNanos, double percentile, int window, long minimumNanos) {
    this.fixedNanos = fixedNanos;
    this.percentile = percentile;
    this.window = window;
    this.minimumNanos = minimumNanos;
  }

  /**
   * Returns a fixed delay: each further attempt starts {@code delay} after the previous one started.
   *
   * @param delay a positive duration (saturated at about 292 years)
   * @return the delay
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is zero or negative
   */
  public static HedgeDelay fixed(Duration delay) {
    return new HedgeDelay(Durations.requirePositive("delay", delay), Double.NaN, 0, 0);
  }

  /**
   * Returns a delay that follows a percentile of recent latencies (see the class documentation).
   *
   * @param percentile the percentile, in (0, 100]; 95 hedges about one call in twenty
   * @param window how many recent successful attempts count, in [{@value #MIN_WINDOW},
   *     {@value #MAX_WINDOW}]
   * @param initial the delay until the first recomputation; positive
   * @param minimum the smallest delay the percentile may give; zero or positive, at most
   *     {@code initial}
   * @return the delay
   * @throws NullPointerException if {@code initial} or {@code minimum} is null
   * @throws IllegalArgumentException if a value is out of range (the message names it)
   */
  public static HedgeDelay percentile(
      double percentile, int window, Duration initial, Duration minimum) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100] but was " + percentile);
    }
    if (window < MIN_WINDOW || window > MAX_WINDOW) {
      throw new IllegalArgumentException(
          "window must be in [" + MIN_WINDOW + ", " + MAX_WINDOW + "] but was " + window);
    }
    long initialNanos = Durations.requirePositive("initial", initial);
    Objects.requireNonNull(minimum, "minimum");
    if (minimum.isNegative() || Durations.toNanosSaturated(minimum) > initialNanos) {
      throw new IllegalArgumentException(
          "minimum must be in [0, initial] but was " + minimum + " (initial " + initial + ")");
    }
    return new HedgeDelay(initialNanos, percentile, window, Durations.toNanosSaturated(minimum));
  }

  /** Whether this is a percentile delay. */
  boolean adaptive() {
    return window != 0;
  }

  /** The fixed delay, or the initial delay of a percentile delay, in nanoseconds. */
  long initialNanos() {
    return fixedNanos;
  }

  double percentileValue() {
    return percentile;
  }

  int window() {
    return window;
  }

  long minimumNanos() {
    return minimumNanos;
  }

  @Override
  public String toString() {
    return adaptive()
        ? "HedgeDelay.percentile(" + percentile + ", window=" + window + ", initial="
            + Duration.ofNanos(fixedNanos) + ", minimum=" + Duration.ofNanos(minimumNanos) + ")"
        : "HedgeDelay.fixed(" + Duration.ofNanos(fixedNanos) + ")";
  }
}
