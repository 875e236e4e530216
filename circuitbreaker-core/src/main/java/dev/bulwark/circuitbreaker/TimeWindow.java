package dev.bulwark.circuitbreaker;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The time-based sliding window: B buckets of W nanoseconds each, covering the current bucket and
 * the B - 1 before it.
 *
 * <p><b>Design.</b> Time since the window's creation, divided by W, is an epoch; epoch e lives in
 * slot {@code e % B}. Each slot holds two counters: calls, and failures (low 32 bits) plus slow calls
 * (high 32 bits). {@code head}, a volatile, is the newest epoch seen. Recording in the current epoch
 * is one atomic add to the slot's calls (two for a failure or slow call): no lock, no allocation.
 *
 * <p>When time crosses into a newer epoch, the thread that notices takes a small lock, zeroes the
 * slots of every epoch between the old head and the new one (at most B), and only then publishes the
 * new head. That is the only critical section, taken once per bucket rollover, never per call.
 * Outcomes from epochs already out of the window (a thread that read the clock long ago) are
 * dropped. A thread that read {@code head} just before a rollover reused its slot adds into the new
 * bucket instead of its own: that outcome expires one window later than it should. Nothing is lost
 * or counted twice.
 *
 * <p>There are no running totals: a failure or slow call sums the B slots to decide (B is at most
 * 3,600), so a success costs a single atomic add. Per bucket, failures and slow calls each count up
 * to 2^32 - 1.
 */
final class TimeWindow implements ClosedStats {

  private static final long LOW_32 = 0xFFFF_FFFFL;

  private final int buckets;
  private final long bucketNanos;
  private final long originNanos;
  private final RateRule rule;
  private final AtomicLongArray calls;
  private final AtomicLongArray bad;
  private final ReentrantLock rollLock = new ReentrantLock();
  private volatile long head;

  TimeWindow(SlidingWindow window, RateRule rule, long originNanos) {
    this.buckets = window.size();
    this.bucketNanos = window.bucketNanos();
    this.originNanos = originNanos;
    this.rule = rule;
    this.calls = new AtomicLongArray(buckets);
    this.bad = new AtomicLongArray(buckets);
  }

  @Override
  public @Nullable TransitionReason record(boolean failure, boolean slow, long nowNanos) {
    long epoch = epoch(nowNanos);
    long h = head;
    if (epoch > h) {
      roll(epoch);
    } else if (epoch <= h - buckets) {
      return null; // older than the window
    }
    int slot = (int) (epoch % buckets);
    calls.getAndIncrement(slot);
    if (!failure && !slow) {
      return null;
    }
    bad.getAndAdd(slot, (failure ? 1L : 0L) + (slow ? 1L << 32 : 0L));
    long c = 0;
    long f = 0;
    long s = 0;
    for (int i = 0; i < buckets; i++) {
      c += calls.get(i);
      long b = bad.get(i);
      f += b & LOW_32;
      s += b >>> 32;
    }
    return rule.evaluate(c, f, s);
  }

  @Override
  public Counts counts(long nowNanos) {
    long epoch = epoch(nowNanos);
    if (epoch > head) {
      roll(epoch);
    }
    long c = 0;
    long f = 0;
    long s = 0;
    for (int i = 0; i < buckets; i++) {
      c += calls.get(i);
      long b = bad.get(i);
      f += b & LOW_32;
      s += b >>> 32;
    }
    return new Counts(saturate(c), saturate(f), saturate(s), 0);
  }

  private long epoch(long nowNanos) {
    long elapsed = nowNanos - originNanos;
    return elapsed <= 0 ? 0 : elapsed / bucketNanos;
  }

  /** Zeroes the slots of the epochs after the current head up to {@code epoch}, then publishes it. */
  private void roll(long epoch) {
    rollLock.lock();
    try {
      long h = head;
      if (epoch <= h) {
        return;
      }
      for (long e = Math.max(h + 1, epoch - buckets + 1); e <= epoch; e++) {
        int slot = (int) (e % buckets);
        calls.set(slot, 0L);
        bad.set(slot, 0L);
      }
      head = epoch;
    } finally {
      rollLock.unlock();
    }
  }

  private static int saturate(long n) {
    return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
  }
}
