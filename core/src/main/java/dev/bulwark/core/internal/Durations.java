package dev.bulwark.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Conversions between {@link Duration} and nanoseconds that saturate instead of overflowing.
 *
 * <p>Bulwark works in {@code long} nanoseconds internally. {@link Duration#toNanos()} throws for
 * durations beyond about 292 years; configuration such as "wait forever" is better served by
 * saturating at {@link Long#MAX_VALUE}.
 *
 * <p>Not API: shared by the Bulwark modules only (see the package documentation). Users hold
 * {@link Duration}s; nothing they call needs these conversions.
 */
public final class Durations {

  private Durations() {}

  /**
   * Converts a duration to nanoseconds, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}.
   *
   * @param duration the duration
   * @return the duration in nanoseconds, or the nearest {@code long} when it does not fit
   * @throws NullPointerException if {@code duration} is null
   */
  public static long toNanosSaturated(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    long seconds = duration.getSeconds();
    // 9_223_372_035 s still fits once the nano adjustment (< 1e9) is added.
    if (seconds > 9_223_372_035L) {
      return Long.MAX_VALUE;
    }
    if (seconds < -9_223_372_035L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + duration.getNano();
  }

  /**
   * Adds two nanosecond values, saturating instead of overflowing.
   *
   * @param a a value in nanoseconds
   * @param b a value in nanoseconds
   * @return {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} on overflow
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /**
   * Returns a positive duration in nanoseconds, or throws an exception naming the setting.
   *
   * @param name the setting's name, used in the message
   * @param duration the value to check
   * @return the duration in nanoseconds (saturated)
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static long requirePositive(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + duration);
    }
    return toNanosSaturated(duration);
  }

  /**
   * Returns a non-negative duration in nanoseconds, or throws an exception naming the setting.
   *
   * @param name the setting's name, used in the message
   * @param duration the value to check
   * @return the duration in nanoseconds (saturated)
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static long requireNonNegative(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + duration);
    }
    return toNanosSaturated(duration);
  }
}
