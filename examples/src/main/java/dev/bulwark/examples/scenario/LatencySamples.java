package dev.bulwark.examples.scenario;

import java.util.Arrays;

/**
 * Every latency recorded, kept exactly, for exact percentiles. A scenario records a few thousand
 * samples per minute, so keeping them all (8 bytes each) is cheaper and simpler than a histogram
 * and has no bucket error. Thread-safe (a short lock per sample).
 *
 * <p>Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the one at
 * rank {@code ceil(p / 100 * n)} (1-based), so it is always a recorded value: p50 of {1, 2, 3, 4}
 * is 2, p99 of 1..100 is 99, and p100 is the maximum.
 */
final class LatencySamples {

  private long[] samples = new long[64];
  private int size;

  synchronized void add(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a latency must be >= 0 but was " + nanos);
    }
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized void addAll(LatencySamples other) {
    long[] theirs = other.snapshot();
    for (long s : theirs) {
      add(s);
    }
  }

  synchronized int size() {
    return size;
  }

  synchronized long[] snapshot() {
    return Arrays.copyOf(samples, size);
  }

  /**
   * Returns the nearest-rank percentile.
   *
   * @param percent in (0, 100]
   * @return the sample at rank {@code ceil(percent / 100 * n)}, or -1 if there are no samples
   */
  long percentile(double percent) {
    if (!(percent > 0.0 && percent <= 100.0)) {
      throw new IllegalArgumentException("percent must be in (0, 100] but was " + percent);
    }
    long[] sorted = snapshot();
    if (sorted.length == 0) {
      return -1;
    }
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }
}
