package dev.bulwark.ratelimit.internal;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;

/**
 * Arithmetic shared by the window buckets: bit layouts of their packed state, elapsed time since the
 * bucket's creation, and exact products that may exceed 64 bits. Allocation-free.
 */
final class WindowMath {

  private WindowMath() {}

  /** Returns how many bits hold counts from 0 to {@code max}. */
  static int bitsFor(long max) {
    return 64 - Long.numberOfLeadingZeros(max);
  }

  /**
   * Returns the window length of {@code limit} in nanoseconds (its period, saturated), after
   * checking that {@code countFields} counts of {@code burst} fit next to a window index that never
   * wraps: every reading up to {@link Long#MAX_VALUE} ns after the origin has an index below
   * {@code 2^(64 - countFields * bitsFor(burst))}.
   *
   * @throws IllegalArgumentException naming the largest burst that fits, if the burst does not
   */
  static long requireLayout(RateLimit limit, int countFields, RateLimitAlgorithm algorithm) {
    long window = Durations.toNanosSaturated(limit.period());
    if (!fits(window, countFields, bitsFor(limit.burst()))) {
      int bits = bitsFor(limit.burst());
      while (bits > 1 && !fits(window, countFields, bits)) {
        bits--;
      }
      long largest = fits(window, countFields, bits) ? (1L << bits) - 1 : 0;
      throw new IllegalArgumentException(
          "burst "
              + limit.burst()
              + " per window of "
              + limit.period()
              + " is too large for "
              + algorithm
              + " (at most "
              + largest
              + " for this period); use a longer period or TOKEN_BUCKET");
    }
    return window;
  }

  private static boolean fits(long window, int countFields, int countBits) {
    int indexBits = 64 - countFields * countBits;
    if (indexBits < 1) {
      return false;
    }
    return indexBits >= 63 || (Long.MAX_VALUE / window) >>> indexBits == 0;
  }

  /**
   * Returns {@code now - origin}, or 0 for a reading older than the origin (a thread that read the
   * clock just before the bucket was created counts as arriving at its creation).
   */
  static long elapsed(long now, long origin) {
    long elapsed = now - origin;
    return elapsed < 0 ? 0 : elapsed;
  }

  /**
   * Returns {@code floor(a * b / c)} exactly, for {@code a, b >= 0}, {@code c > 0} and a quotient
   * below 2^53, even when the product {@code a * b} needs up to 126 bits.
   */
  static long mulDivFloor(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    // The double estimate is within a few units of the quotient; fix it up with exact comparisons.
    long q = (long) ((double) a * (double) b / (double) c);
    while (q > 0 && compareProduct(q, c, hi, lo) > 0) {
      q--;
    }
    while (compareProduct(q + 1, c, hi, lo) <= 0) {
      q++;
    }
    return q;
  }

  /**
   * Returns {@code floor(a * b / c)} for {@code 0 <= a, c < 2^31}, {@code b >= 0}, {@code c > 0},
   * when the quotient is known to fit in a {@code long}.
   */
  static long mulDivSmall(long a, long b, long c) {
    return a * (b / c) + a * (b % c) / c;
  }

  /** Compares {@code x * y} (non-negative) with the 128-bit value {@code (hi, lo)}. */
  private static int compareProduct(long x, long y, long hi, long lo) {
    long h = Math.multiplyHigh(x, y);
    if (h != hi) {
      return Long.compare(h, hi);
    }
    return Long.compareUnsigned(x * y, lo);
  }
}
