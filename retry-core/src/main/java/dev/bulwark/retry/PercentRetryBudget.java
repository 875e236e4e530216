package dev.bulwark.retry;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finagle-style retry budget: retries may be a percentage of recent calls, plus a floor.
 *
 * <p>Design: the window is split into {@value #SLOTS} slots. Each slot is one {@code long} holding
 * the low 32 bits of its absolute slot number (its generation) and a 32-bit count, so a slot is
 * reset and incremented by one CAS and a reader can tell a stale slot (an older generation) from a
 * live one without a lock. Calls and retries have one ring each.
 *
 * <p>{@link #tryAcquireRetry()} counts the retry first and checks the balance afterwards, undoing
 * its count when the balance is negative. Two racing retries therefore both see each other: the
 * budget may refuse one it could have allowed, but never overspends. Sums read the slots one by one,
 * not as an atomic snapshot; the error is at most what happens while ten slots are read.
 *
 * <p>A slot untouched for exactly 2^32 slot lengths would look live again; with the smallest window
 * (1 s, slots of 100 ms) that takes 13 years of idleness and then one slot's worth of stale counts.
 */
final class PercentRetryBudget implements RetryBudget {

  static final int SLOTS = 10;
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final int percent;
  private final int minRetriesPerSecond;
  private final long windowNanos;
  private final long slotNanos;
  private final long reserveCentiRetries;
  private final Ticker ticker;
  private final long origin;
  /** Slots 0..9 count calls, 10..19 count retries. */
  private final AtomicLongArray slots = new AtomicLongArray(2 * SLOTS);

  PercentRetryBudget(int percent, int minRetriesPerSecond, long windowNanos, Ticker ticker) {
    this.percent = percent;
    this.minRetriesPerSecond = minRetriesPerSecond;
    this.windowNanos = windowNanos;
    this.slotNanos = windowNanos / SLOTS;
    double reserve = (double) minRetriesPerSecond * windowNanos / 1e9 * 100;
    this.reserveCentiRetries = reserve >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) reserve;
    this.ticker = ticker;
    this.origin = ticker.read();
  }

  @Override
  public void recordCall() {
    add(0, slotIndex());
  }

  @Override
  public void recordSuccess() {}

  @Override
  public void recordFailure() {}

  @Override
  public boolean tryAcquireRetry() {
    long index = slotIndex();
    add(SLOTS, index);
    long calls = sum(0, index);
    long retries = sum(SLOTS, index);
    // retries (including this one) <= calls * percent / 100 + reserve, in hundredths of a retry.
    if (retries * 100 <= Durations.saturatedAdd(calls * percent, reserveCentiRetries)) {
      return true;
    }
    undo(SLOTS + (int) (index % SLOTS), (int) index);
    return false;
  }

  private long slotIndex() {
    return Math.max(0L, ticker.read() - origin) / slotNanos;
  }

  private void add(int ring, long index) {
    int position = ring + (int) (index % SLOTS);
    int generation = (int) index;
    for (; ; ) {
      long current = slots.get(position);
      long count = (int) (current >>> 32) == generation ? current & COUNT_MASK : 0;
      long next = pack(generation, Math.min(COUNT_MASK, count + 1));
      if (slots.compareAndSet(position, current, next)) {
        return;
      }
    }
  }

  private void undo(int position, int generation) {
    for (; ; ) {
      long current = slots.get(position);
      long count = current & COUNT_MASK;
      if ((int) (current >>> 32) != generation || count == 0) {
        return; // the slot moved on: the retry no longer counts anyway
      }
      if (slots.compareAndSet(position, current, pack(generation, count - 1))) {
        return;
      }
    }
  }

  private long sum(int ring, long index) {
    int generation = (int) index;
    long total = 0;
    for (int i = 0; i < SLOTS; i++) {
      long value = slots.get(ring + i);
      int age = generation - (int) (value >>> 32);
      if (age >= 0 && age < SLOTS) {
        total += value & COUNT_MASK;
      }
    }
    return total;
  }

  private static long pack(int generation, long count) {
    return ((long) generation << 32) | count;
  }

  /** Calls counted in the current window, for tests. */
  long calls() {
    return sum(0, slotIndex());
  }

  /** Retries counted in the current window, for tests. */
  long retries() {
    return sum(SLOTS, slotIndex());
  }

  @Override
  public String toString() {
    return "RetryBudget.percentOfRequests(percent="
        + percent
        + ", minRetriesPerSecond="
        + minRetriesPerSecond
        + ", window="
        + Duration.ofNanos(windowNanos)
        + ", calls="
        + calls()
        + ", retries="
        + retries()
        + ")";
  }
}
