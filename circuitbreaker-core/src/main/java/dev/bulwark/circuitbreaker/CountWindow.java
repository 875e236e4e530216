package dev.bulwark.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The count-based sliding window: the outcomes of the last N calls, lock-free.
 *
 * <p><b>Design.</b> A ring of N slots holds one outcome code each (0 = empty, else PRESENT plus the
 * FAILED and SLOW bits). A call claims the next position with one {@code getAndIncrement} and swaps
 * its code into that slot with {@code getAndSet}, which hands back the code it evicts. The running
 * totals (calls, failures, slow calls) live packed in one {@link AtomicLong}, three signed 21-bit
 * fields, and change by {@code added - evicted} in a single {@code addAndGet}: each thread sees a
 * whole triple, never a torn one, and a success evicting a success (the steady state) skips that
 * write altogether.
 *
 * <p>Because every slot change is accounted exactly once (the swap is atomic and its delta is added
 * once), the totals equal the ring's contents whenever no record is in progress; they never drift.
 * In the instant between a swap and its add, a field can be one off, even -1 when a thread lapped by
 * N others evicts a code whose add has not landed yet; decoding sign-extends each field, so this is
 * read as -1 rather than as garbage in the neighbouring field. N is at most 1,000,000 &lt; 2^20, so
 * fields stay in range with room for a million threads of overshoot.
 */
final class CountWindow implements ClosedStats {

  private static final int PRESENT = 1;
  private static final int FAILED = 2;
  private static final int SLOW = 4;
  private static final int FIELD_BITS = 21;

  private final int size;
  private final RateRule rule;
  private final AtomicIntegerArray ring;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong totals = new AtomicLong();

  CountWindow(int size, RateRule rule) {
    this.size = size;
    this.rule = rule;
    this.ring = new AtomicIntegerArray(size);
  }

  @Override
  public @Nullable TransitionReason record(boolean failure, boolean slow, long nowNanos) {
    int code = PRESENT | (failure ? FAILED : 0) | (slow ? SLOW : 0);
    int slot = (int) (next.getAndIncrement() % size);
    int evicted = ring.getAndSet(slot, code);
    long sums;
    if (evicted != code) {
      sums = totals.addAndGet(weight(code) - weight(evicted));
    } else if (code == PRESENT) {
      return null;
    } else {
      sums = totals.get();
    }
    if (code == PRESENT) {
      return null; // a plain success never raises a rate
    }
    long calls = field(sums, 0);
    long failures = field(sums, 1);
    long slowCalls = field(sums, 2);
    return rule.evaluate(calls, failures, slowCalls);
  }

  @Override
  public Counts counts(long nowNanos) {
    long sums = totals.get();
    return new Counts(
        (int) Math.max(0, field(sums, 0)),
        (int) Math.max(0, field(sums, 1)),
        (int) Math.max(0, field(sums, 2)),
        0);
  }

  /** Counts the ring's slots one by one: equals {@link #counts} whenever no record is in progress. */
  Counts recount() {
    int calls = 0;
    int failures = 0;
    int slow = 0;
    for (int i = 0; i < size; i++) {
      int code = ring.get(i);
      calls += code != 0 ? 1 : 0;
      failures += (code & FAILED) != 0 ? 1 : 0;
      slow += (code & SLOW) != 0 ? 1 : 0;
    }
    return new Counts(calls, failures, slow, 0);
  }

  /** The packed (calls, failures, slow) contribution of one slot code. */
  private static long weight(int code) {
    if (code == 0) {
      return 0L;
    }
    long failures = (code & FAILED) != 0 ? 1L : 0L;
    long slow = (code & SLOW) != 0 ? 1L : 0L;
    return 1L + (failures << FIELD_BITS) + (slow << (2 * FIELD_BITS));
  }

  /**
   * Decodes field {@code index} of a packed sum of signed 21-bit fields: strip the lower fields
   * (each sign-extended, so that a transient -1 borrows correctly), then sign-extend this one.
   */
  static long field(long packed, int index) {
    long rest = packed;
    for (int i = 0; i < index; i++) {
      long low = (rest << (64 - FIELD_BITS)) >> (64 - FIELD_BITS);
      rest = (rest - low) >> FIELD_BITS;
    }
    return (rest << (64 - FIELD_BITS)) >> (64 - FIELD_BITS);
  }
}
