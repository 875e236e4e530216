package dev.bulwark.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical floor of a thread-safe rate limiter, for {@link RateLimiterBenchmark}: one
 * {@link System#nanoTime()} and one compare-and-set on an {@link AtomicLong} holding a GCRA
 * theoretical arrival time. No validation, no listeners, no permits argument, no abstraction.
 *
 * <p>A grant costs one clock read, one volatile read and one CAS (retried only when another thread
 * won the race, as any correct limiter must); a refusal costs the clock read and the volatile read.
 * Not a library class: it exists only to measure how close a real limiter gets to the hardware.
 */
final class FloorGcra {

  private final AtomicLong tat;
  private final long intervalNanos;
  private final long toleranceNanos;

  /**
   * Creates a full bucket.
   *
   * @param intervalNanos nanoseconds per permit
   * @param burst permits available at once
   */
  FloorGcra(long intervalNanos, long burst) {
    this.intervalNanos = intervalNanos;
    this.toleranceNanos = intervalNanos * burst;
    this.tat = new AtomicLong(System.nanoTime());
  }

  /**
   * Takes one permit if available now.
   *
   * @return whether it was granted
   */
  boolean tryAcquire() {
    long now = System.nanoTime();
    for (; ; ) {
      long current = tat.get();
      long next = (current - now < 0 ? now : current) + intervalNanos;
      if (next - now > toleranceNanos) {
        return false;
      }
      if (tat.compareAndSet(current, next)) {
        return true;
      }
    }
  }
}
