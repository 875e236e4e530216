package dev.bulwark.circuitbreaker;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The window over which a {@link CircuitBreaker} computes failure and slow-call rates: the last N
 * calls, or the calls of the last D of time. Immutable value.
 *
 * <ul>
 *   <li>{@link #ofCalls(int) count-based}: a ring of the outcomes of the last {@code size} calls;
 *   <li>{@link #ofTime(Duration, Duration) time-based}: {@code length / bucket} buckets of
 *       {@code bucket} each. The window covers the current, partly elapsed, bucket and the whole
 *       buckets before it, so its true span varies between {@code length - bucket} and
 *       {@code length}; a finer bucket makes it more precise and evaluation a little dearer.
 * </ul>
 */
public final class SlidingWindow {

  /** The largest count-based window. */
  public static final int MAX_CALLS = 1_000_000;

  /** The most buckets of a time-based window. */
  public static final int MAX_BUCKETS = 3_600;

  private final int size;
  private final long lengthNanos;
  private final long bucketNanos;

  private SlidingWindow(int size, long lengthNanos, long bucketNanos) {
    this.size = size;
    this.lengthNanos = lengthNanos;
    this.bucketNanos = bucketNanos;
  }

  /**
   * Returns a count-based window: the outcomes of the last {@code size} calls.
   *
   * @param size how many calls the window holds, 1 to {@value #MAX_CALLS}
   * @return the window
   * @throws IllegalArgumentException if {@code size} is out of range
   */
  public static SlidingWindow ofCalls(int size) {
    if (size < 1 || size > MAX_CALLS) {
      throw new IllegalArgumentException("size must be in [1, " + MAX_CALLS + "] but was " + size);
    }
    return new SlidingWindow(size, 0L, 0L);
  }

  /**
   * Returns a time-based window of one-second buckets: Resilience4j's {@code TIME_BASED} window.
   *
   * @param length the span of the window; a whole number of seconds, 1 s to 1 h
   * @return the window
   * @throws IllegalArgumentException if {@code length} is not a whole number of seconds in range
   */
  public static SlidingWindow ofTime(Duration length) {
    return ofTime(length, Duration.ofSeconds(1));
  }

  /**
   * Returns a time-based window of {@code length / bucket} buckets.
   *
   * @param length the span of the window; a positive multiple of {@code bucket}
   * @param bucket the span of one bucket; positive
   * @return the window
   * @throws IllegalArgumentException if a value is out of range, {@code length} is not a multiple of
   *     {@code bucket}, or there would be more than {@value #MAX_BUCKETS} buckets
   */
  public static SlidingWindow ofTime(Duration length, Duration bucket) {
    long lengthNanos = positiveNanos("length", length);
    long bucketNanos = positiveNanos("bucket", bucket);
    if (lengthNanos % bucketNanos != 0) {
      throw new IllegalArgumentException(
          "length must be a multiple of the bucket (" + bucket + ") but was " + length);
    }
    long buckets = lengthNanos / bucketNanos;
    if (buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "length / bucket must be <= " + MAX_BUCKETS + " but was " + buckets + " (" + length + " / " + bucket + ")");
    }
    return new SlidingWindow((int) buckets, lengthNanos, bucketNanos);
  }

  private static long positiveNanos(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + d);
    }
    if (d.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(name + " must be <= 1 day but was " + d);
    }
    return d.toNanos();
  }

  /**
   * Tells whether this window spans time rather than a number of calls.
   *
   * @return true for {@link #ofTime(Duration, Duration)} windows
   */
  public boolean isTimeBased() {
    return lengthNanos > 0;
  }

  /**
   * Returns the number of calls of a count-based window, or the number of buckets of a time-based one.
   *
   * @return the size, at least 1
   */
  public int size() {
    return size;
  }

  /**
   * Returns the span of a time-based window.
   *
   * @return the length in nanoseconds, or 0 for a count-based window
   */
  public long lengthNanos() {
    return lengthNanos;
  }

  /**
   * Returns the span of one bucket of a time-based window.
   *
   * @return the bucket in nanoseconds, or 0 for a count-based window
   */
  public long bucketNanos() {
    return bucketNanos;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SlidingWindow
        && ((SlidingWindow) o).size == size
        && ((SlidingWindow) o).lengthNanos == lengthNanos
        && ((SlidingWindow) o).bucketNanos == bucketNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, lengthNanos, bucketNanos);
  }

  @Override
  public String toString() {
    return isTimeBased()
        ? "SlidingWindow.ofTime(" + Duration.ofNanos(lengthNanos) + ", " + Duration.ofNanos(bucketNanos) + ")"
        : "SlidingWindow.ofCalls(" + size + ")";
  }
}
