package dev.bulwark.circuitbreaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A counter that most increments update without an atomic instruction: the counts a bound breaker
 * adds to every successful call (and their summed durations), which would otherwise cost about as
 * much as the call itself.
 *
 * <p>It has {@value #CELLS} cells, each owned by at most one thread at a time; a thread maps to one
 * cell by its id. The owner increments its cell with a plain (opaque) write, which no other thread
 * ever writes while the owner lives. A thread whose cell is free claims it (one CAS, once); a thread
 * whose cell another thread owns counts in a shared {@link LongAdder} instead, at the adder's usual
 * cost. {@link #sum()} frees the cells of owners that have terminated, leaving their values in
 * place: the next owner continues from there (it sees the value through the terminated thread's
 * {@link Thread#isAlive()} and the CASes that freed and claimed the cell). So no increment is ever
 * lost, and memory is fixed: {@value #CELLS} cells a cache line apart, and at most {@value #CELLS}
 * references to threads that ended since the last sum.
 *
 * <p>{@link #sum()} adds the cells (opaque reads: each a value its owner wrote) and the adder; like
 * {@link LongAdder#sum()}, it is exact once increments stop, not an atomic snapshot while they go on.
 *
 * <p>Each cell has a second lane beside its count, in the same cache line: {@link #tally} adds one
 * to the count and an amount to the second lane ({@link #total()}) with one ownership check and one
 * line written, where two counters would take two of each (a timed success's count and duration).
 * The second lane has its own shared adder; the two sums are read one after the other, as two
 * counters' would be.
 */
final class OwnedCounter {

  /** The number of owned cells, a power of two. */
  static final int CELLS = 4;

  /** Longs per cell: 64 bytes, so owners on different cores do not write one cache line. */
  private static final int STRIDE = 8;

  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);

  /**
   * Cell i's count is at {@code (i + 1) * STRIDE} and its second lane right after it: the first
   * line is left to the array header.
   */
  private final long[] values = new long[(CELLS + 1) * STRIDE];

  private final @Nullable Thread[] owners = new Thread[CELLS];
  private final LongAdder shared = new LongAdder();
  private final LongAdder sharedTotal = new LongAdder();

  /** Adds one. */
  void increment() {
    add(1);
  }

  /**
   * Adds {@code x}, as {@link LongAdder#add} does (no overflow check: a sum of durations in
   * nanoseconds reaches {@code Long.MAX_VALUE} after 292 years of calls).
   *
   * @param x the amount, at least 0 for the counts this class keeps
   */
  void add(long x) {
    Thread me = Thread.currentThread();
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same id
    int cell = (int) me.getId() & (CELLS - 1);
    // A plain read: only this thread stores itself here, and nobody replaces it while it lives.
    if (owners[cell] == me || claim(cell, me)) {
      int at = (cell + 1) * STRIDE;
      VALUES.setOpaque(values, at, values[at] + x); // a plain read: only this thread writes it
    } else {
      shared.add(x);
    }
  }

  /**
   * Adds one to the count and {@code amount} to the second lane, as {@code increment()} on one
   * counter and {@code add(amount)} on another would, in one cell.
   *
   * @param amount the amount, at least 0 (a duration in nanoseconds)
   */
  void tally(long amount) {
    Thread me = Thread.currentThread();
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same id
    int cell = (int) me.getId() & (CELLS - 1);
    if (owners[cell] == me || claim(cell, me)) {
      int at = (cell + 1) * STRIDE;
      VALUES.setOpaque(values, at, values[at] + 1);
      VALUES.setOpaque(values, at + 1, values[at + 1] + amount);
    } else {
      shared.increment();
      sharedTotal.add(amount);
    }
  }

  private boolean claim(int cell, Thread me) {
    return OWNERS.getVolatile(owners, cell) == null && OWNERS.compareAndSet(owners, cell, null, me);
  }

  /**
   * Returns the count, and frees the cells of owners that have terminated.
   *
   * @return the increments so far
   */
  long sum() {
    long sum = shared.sum();
    for (int cell = 0; cell < CELLS; cell++) {
      Thread owner = (Thread) OWNERS.getVolatile(owners, cell);
      if (owner != null && !owner.isAlive()) {
        // Terminated: its last write is visible now, and a CAS to null hands the value on.
        OWNERS.compareAndSet(owners, cell, owner, null);
      }
      sum += (long) VALUES.getOpaque(values, (cell + 1) * STRIDE);
    }
    return sum;
  }

  /**
   * Returns the second lane's sum: the amounts of {@link #tally}, exact once calls stop, like
   * {@link #sum()}.
   *
   * @return the summed amounts
   */
  long total() {
    long total = sharedTotal.sum();
    for (int cell = 0; cell < CELLS; cell++) {
      // A cell's next owner continues from the value a terminated owner left (see sum()).
      total += (long) VALUES.getOpaque(values, (cell + 1) * STRIDE + 1);
    }
    return total;
  }

  @Override
  public String toString() {
    return Long.toString(sum());
  }
}
