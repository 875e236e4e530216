package dev.bulwark.retry;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The latency window of a percentile {@link HedgeDelay}: the last {@code window} latencies of
 * successful attempts, and the delay computed from them.
 *
 * <h2>Design</h2>
 * A ring of {@code window} longs, written at {@code count++ % window}: recording is one
 * {@code getAndIncrement} and one array store, no lock, no allocation. Two recorders racing for
 * the same slot (only possible when the ring wraps during the race) lose one sample, which a
 * percentile over a window tolerates. Every {@code max(1, window / 4)} samples the recorder that
 * crosses the boundary copies the ring into a preallocated scratch array and selects the
 * nearest-rank percentile with a quickselect (expected O(window), in place, no allocation: the JDK's
 * {@code Arrays.sort} can allocate a merge buffer). One recomputation runs at a time; a recorder that
 * finds one running skips its turn, so the scratch array needs no lock. Readers see the delay through
 * one volatile field.
 */
final class LatencyRing {

  private final AtomicLongArray samples;
  private final int window;
  private final double percentile;
  private final int recomputeEvery;
  private final long minimumNanos;
  private final AtomicLong count = new AtomicLong();
  private final AtomicBoolean computing = new AtomicBoolean();
  private final long[] scratch;
  private volatile long delayNanos;

  LatencyRing(HedgeDelay delay) {
    this.window = delay.window();
    this.percentile = delay.percentileValue();
    this.samples = new AtomicLongArray(window);
    this.scratch = new long[window];
    this.recomputeEvery = Math.max(1, window / 4);
    this.delayNanos = delay.initialNanos();
    this.minimumNanos = delay.minimumNanos();
  }

  /** The current delay in nanoseconds. */
  long delayNanos() {
    return delayNanos;
  }

  /** Records the latency of a successful attempt; negative values count as zero. */
  void record(long latencyNanos) {
    long n = count.getAndIncrement();
    samples.set((int) (n % window), Math.max(0, latencyNanos));
    long recorded = n + 1;
    if (recorded % recomputeEvery == 0) {
      recompute(recorded);
    }
  }

  private void recompute(long recorded) {
    if (!computing.compareAndSet(false, true)) {
      return;
    }
    try {
      int size = (int) Math.min(recorded, window);
      for (int i = 0; i < size; i++) {
        scratch[i] = samples.get(i);
      }
      int rank = (int) Math.ceil(percentile / 100.0 * size); // nearest rank, from 1
      delayNanos = Math.max(minimumNanos, select(scratch, size, Math.max(1, rank) - 1));
    } finally {
      computing.set(false);
    }
  }

  /** The k-th smallest (from 0) of {@code a[0, size)}; reorders {@code a}. */
  static long select(long[] a, int size, int k) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      long pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  @Override
  public String toString() {
    return "LatencyRing[p" + percentile + " of " + window + ", delay=" + delayNanos + " ns]";
  }
}
