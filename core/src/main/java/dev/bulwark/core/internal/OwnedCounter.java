package dev.bulwark.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A counter that most updates change without an atomic read-modify-write: the counts that a
 * request pays for on every call (a bound breaker's successes and their summed durations, a
 * limiter's decisions, an edge's in-flight requests), where a {@link LongAdder} cell shared by
 * threads on two cores costs a cache-line transfer per update, about as much as the call itself.
 *
 * <p>It has {@value #CELLS} cells, each owned by at most one thread at a time; a thread looks for
 * its cell from the one its id maps to, among {@value #PROBES} consecutive cells. The owner updates
 * its cell with a plain (opaque) write, which no other thread ever writes while the owner lives. A
 * thread that finds a free cell there claims it (one CAS, once); a thread that finds all
 * {@value #PROBES} owned by other threads counts in a shared {@link LongAdder} instead, at the
 * adder's usual cost. So up to {@value #CELLS} threads (a servlet container's busy pool, not only an
 * event loop per core) count without an atomic instruction; the cells take about 2 KiB. {@link #sum()} frees the cells of owners that have terminated, leaving their values in
 * place: the next owner continues from there (it sees the value through the terminated thread's
 * {@link Thread#isAlive()} and the CASes that freed and claimed the cell). So no update is ever
 * lost, and memory is fixed: {@value #CELLS} cells a cache line apart, and at most {@value #CELLS}
 * references to threads that ended since the last sum.
 *
 * <p>{@link #sum()} adds the cells (volatile reads: each a value its owner wrote) and the adder;
 * like {@link LongAdder#sum()}, it is exact once updates stop, not an atomic snapshot while they
 * go on. Amounts may be negative (an in-flight count goes down on another thread than it went up).
 *
 * <p>Each cell has a second lane beside its count, in the same cache line: {@link #tally} adds one
 * to the count and an amount to the second lane ({@link #total()}) with one ownership check and one
 * line written, where two counters would take two of each (a timed success's count and duration).
 * The second lane has its own shared adder; the two sums are read one after the other, as two
 * counters' would be.
 *
 * <p>Not API (see the package documentation). Thread-safe and allocation-free once a thread owns its
 * cell or the adder has its cells.
 */
public final class OwnedCounter {

  /** The number of owned cells, a power of two. */
  static final int CELLS = 32;

  /** How many cells, from the one its id maps to, a thread looks at for its own or a free one. */
  static final int PROBES = 4;

  /** Longs per cell: 64 bytes, so owners on different cores do not write one cache line. */
  private static final int STRIDE = 8;

  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);

  /**
   * Cell i's count is at {@code (i + 1) * STRIDE} and its second lane right after it. A stride is
   * left unused before the first cell and after the last: the array header (whose length every
   * access reads) and the object allocated after the array (the owners, read on every update)
   * never share a cache line with a cell.
   */
  private final long[] values = new long[(CELLS + 2) * STRIDE];

  private final @Nullable Thread[] owners = new Thread[CELLS];
  private final LongAdder shared = new LongAdder();
  private final LongAdder sharedTotal = new LongAdder();

  /** Creates a counter at zero. */
  public OwnedCounter() {}

  /** Adds one. */
  public void increment() {
    add(1);
  }

  /**
   * Adds {@code x}, as {@link LongAdder#add} does (no overflow check: a sum of durations in
   * nanoseconds reaches {@code Long.MAX_VALUE} after 292 years of calls).
   *
   * @param x the amount
   */
  public void add(long x) {
    int at = ownedCell();
    if (at >= 0) {
      VALUES.setOpaque(values, at, values[at] + x); // a plain read: only this thread writes it
    } else {
      shared.add(x);
    }
  }

  /**
   * Adds {@code x} as {@link #add} does, with the cell written by a volatile write, so that the
   * update is sequentially consistent like a {@link LongAdder}'s CAS: a thread that adds and then
   * reads a volatile flag, and a thread that writes the flag and then {@linkplain #sum() sums}, do
   * not both miss the other's write (the edge's drain relies on this).
   *
   * @param x the amount
   */
  public void addVolatile(long x) {
    int at = ownedCell();
    if (at >= 0) {
      VALUES.setVolatile(values, at, values[at] + x); // a plain read: only this thread writes it
    } else {
      shared.add(x);
    }
  }

  /**
   * Adds one to the count and {@code amount} to the second lane, as {@code increment()} on one
   * counter and {@code add(amount)} on another would, in one cell.
   *
   * @param amount the amount (a duration in nanoseconds)
   */
  public void tally(long amount) {
    int at = ownedCell();
    if (at >= 0) {
      VALUES.setOpaque(values, at, values[at] + 1);
      VALUES.setOpaque(values, at + 1, values[at + 1] + amount);
    } else {
      shared.increment();
      sharedTotal.add(amount);
    }
  }

  /** The index of the count of the current thread's cell if it owns (or just claimed) one, else -1. */
  private int ownedCell() {
    Thread me = Thread.currentThread();
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same id
    int first = (int) me.getId();
    for (int i = 0; i < PROBES; i++) {
      int cell = (first + i) & (CELLS - 1);
      // A plain read: only this thread stores itself here, and nobody replaces it while it lives.
      Thread owner = owners[cell];
      if (owner == me || (owner == null && claim(cell, me))) {
        return (cell + 1) * STRIDE;
      }
    }
    return -1;
  }

  private boolean claim(int cell, Thread me) {
    return OWNERS.getVolatile(owners, cell) == null && OWNERS.compareAndSet(owners, cell, null, me);
  }

  /**
   * Returns the count, and frees the cells of owners that have terminated.
   *
   * @return the updates so far
   */
  public long sum() {
    long sum = shared.sum();
    for (int cell = 0; cell < CELLS; cell++) {
      Thread owner = (Thread) OWNERS.getVolatile(owners, cell);
      if (owner != null && !owner.isAlive()) {
        // Terminated: its last write is visible now, and a CAS to null hands the value on.
        OWNERS.compareAndSet(owners, cell, owner, null);
      }
      sum += (long) VALUES.getVolatile(values, (cell + 1) * STRIDE);
    }
    return sum;
  }

  /**
   * Returns the second lane's sum: the amounts of {@link #tally}, exact once calls stop, like
   * {@link #sum()}.
   *
   * @return the summed amounts
   */
  public long total() {
    long total = sharedTotal.sum();
    for (int cell = 0; cell < CELLS; cell++) {
      // A cell's next owner continues from the value a terminated owner left (see sum()).
      total += (long) VALUES.getVolatile(values, (cell + 1) * STRIDE + 1);
    }
    return total;
  }

  @Override
  public String toString() {
    return Long.toString(sum());
  }
}
