package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Policy;
import dev.bulwark.core.internal.Durations;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * How synchronous calls of a {@link Hedge} get their first hedge without allocating a timer each.
 *
 * <h2>Design</h2>
 * A synchronous call runs its primary attempt on the caller's thread, which is then busy: something
 * else must notice that the hedge delay has passed. Scheduling one timer per call would allocate a
 * task and take the scheduler's lock on every call, the success path included. Instead each call
 * registers in a preallocated {@link Slot} (one CAS to claim it, one volatile write to publish it,
 * one CAS to release it), and one <em>sweep</em> per hedge, scheduled on the scheduler, hedges every
 * registered call whose due time (its start plus the delay) has passed and re-arms itself for the
 * earliest due time still ahead. {@link #nextSweep} holds the due time of the pending sweep: a call
 * due later than it arms nothing, so while calls keep coming a sweep is scheduled about once per
 * delay, not once per call; a call due earlier (the first call after a quiet spell, or a percentile
 * delay that shrank) schedules one.
 *
 * <p>No call is missed: a call claims its slot with a CAS (a full fence) and then reads
 * {@link #nextSweep}; a sweep resets {@link #nextSweep} (volatile) and then reads the slots. So either
 * the call sees the reset and arms a sweep itself, or the sweep sees the slot claimed: {@code RUNNING}
 * (it knows the due time), or still {@code SETUP} (the fields are being written: it re-arms one
 * current delay ahead, which is no later than that call's due time plus the few instructions of its
 * set-up). Publishing {@code RUNNING} and freeing a slot are ordered stores ({@code lazySet}), not
 * fences: a call that ends before its delay costs two CASes.
 *
 * <p>A slot's state is {@code generation << 2 | phase}. A sweep that read a call's fields hedges it
 * with a CAS on the exact state it read, so a slot released and claimed again meanwhile (a new
 * generation) is never hedged on the old call's behalf. Sweeps run one at a time (a monitor: sweeps
 * are not the common path). When every slot is taken, a call gets a slot of its own with a timer of
 * its own: it allocates, and is hedged exactly like the others.
 */
final class SyncHedgeSlots implements Runnable {

  /** Slots per hedge: calls in flight beyond this many allocate a timer each. */
  static final int SLOTS = 128;

  private static final long FREE = 0;
  private static final long SETUP = 1;
  private static final long RUNNING = 2;
  private static final long HEDGING = 3;
  private static final long PHASE = 3;

  private final Hedge hedge;
  private final Slot[] slots = new Slot[SLOTS];
  private final AtomicLong nextSweep = new AtomicLong(Long.MAX_VALUE);

  SyncHedgeSlots(Hedge hedge) {
    this.hedge = hedge;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Slot();
    }
  }

  /** One call in flight: written by its caller while {@code SETUP}, read by sweeps once published. */
  static final class Slot {
    final AtomicLong state = new AtomicLong();
    /** The state the caller published; only the caller reads it. */
    long token;
    long startNanos;
    long dueNanos;
    @Nullable Thread caller;
    @Nullable CheckedSupplier<?> call;
    Policy.@Nullable Next next;
    /** Set by the sweep before it moves the slot to {@code HEDGING}. */
    volatile @Nullable SyncHedgeRace<?> race;
    /** The own timer of a slot outside the table. */
    @Nullable ScheduledFuture<?> timer;
  }

  /** Registers a call whose primary attempt starts now, on this thread. */
  Slot claim(CheckedSupplier<?> call, Policy.Next next, long startNanos, long delayNanos) {
    long due = Durations.saturatedAdd(startNanos, delayNanos);
    int mask = SLOTS - 1;
    // The thread's id spreads threads over the table; not identityHashCode, which takes a slow VM
    // call once the Thread's monitor has been inflated (join, wait), the case of pooled threads.
    int first = (int) ((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    for (int probe = 0; probe < SLOTS; probe++) {
      Slot slot = slots[(first + probe) & mask];
      long state = slot.state.get();
      if ((state & PHASE) == FREE && slot.state.compareAndSet(state, nextGeneration(state) | SETUP)) {
        fill(slot, call, next, startNanos, due, nextGeneration(state) | RUNNING);
        arm(due, startNanos);
        return slot;
      }
    }
    Slot own = new Slot();
    fill(own, call, next, startNanos, due, nextGeneration(0) | RUNNING);
    try {
      long token = own.token;
      own.timer = hedge.scheduler().schedule(() -> hedgeIfDue(own, token), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // no timer, no hedge: the call runs unhedged
    }
    return own;
  }

  private static void fill(
      Slot slot, CheckedSupplier<?> call, Policy.Next next, long start, long due, long running) {
    slot.caller = Thread.currentThread();
    slot.call = call;
    slot.next = next;
    slot.startNanos = start;
    slot.dueNanos = due;
    slot.token = running;
    slot.state.lazySet(running);
  }

  /**
   * The caller's primary attempt ended. Returns true if no hedge started (the slot is free again);
   * false if the call is hedging: then {@link #race} holds its race, and {@link #finish} frees it.
   */
  boolean release(Slot slot) {
    long token = slot.token;
    if (!slot.state.compareAndSet(token, (token & ~PHASE) | SETUP)) {
      return false;
    }
    free(slot, token);
    return true;
  }

  /** The race of a slot that {@link #release} found hedging. */
  @SuppressWarnings("unchecked") // the race was created for this slot's call, of the caller's type
  <T> SyncHedgeRace<T> race(Slot slot) {
    SyncHedgeRace<?> race = slot.race;
    if (race == null) {
      throw new IllegalStateException("a hedging slot without a race");
    }
    return (SyncHedgeRace<T>) race;
  }

  /** Frees a slot whose hedged call has ended. */
  void finish(Slot slot) {
    free(slot, slot.token);
  }

  private static void free(Slot slot, long token) {
    ScheduledFuture<?> t = slot.timer;
    if (t != null) {
      slot.timer = null;
      t.cancel(false);
    }
    slot.caller = null;
    slot.call = null;
    slot.next = null;
    if (slot.race != null) {
      slot.race = null;
    }
    slot.state.lazySet(token & ~PHASE); // FREE, same generation: the next claim moves to the next one
  }

  /** Makes sure a sweep runs no later than {@code due}. */
  private void arm(long due, long now) {
    for (; ; ) {
      long pending = nextSweep.get();
      if (pending <= due) {
        return; // the common path: a sweep at or before this call's due time is already pending
      }
      if (nextSweep.compareAndSet(pending, due)) {
        try {
          Object unused = hedge.scheduler().schedule(this, due - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          nextSweep.compareAndSet(due, Long.MAX_VALUE); // no sweep: calls run unhedged
        }
        return;
      }
    }
  }

  /** The sweep: hedges every call that is due and re-arms for the earliest one that is not. */
  @Override
  public void run() {
    synchronized (this) {
      nextSweep.set(Long.MAX_VALUE);
      long now = hedge.ticker().read();
      long earliest = Long.MAX_VALUE;
      for (Slot slot : slots) {
        long state = slot.state.get();
        long phase = state & PHASE;
        if (phase == SETUP) {
          earliest = Math.min(earliest, Durations.saturatedAdd(now, hedge.delayNanos()));
          continue;
        }
        if (phase != RUNNING) {
          continue;
        }
        long due = slot.dueNanos;
        if (due <= now) {
          startRace(slot, state);
        } else {
          earliest = Math.min(earliest, due);
        }
      }
      if (earliest != Long.MAX_VALUE) {
        arm(earliest, now);
      }
    }
  }

  /** The own timer of a slot outside the table. */
  private synchronized void hedgeIfDue(Slot slot, long token) {
    if (slot.state.get() == token) {
      startRace(slot, token);
    }
  }

  /** Moves a running call to hedging and starts its first hedge; a no-op if the call ended. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // the slot holds the call's own supplier and link
  private void startRace(Slot slot, long state) {
    CheckedSupplier call = slot.call;
    Policy.Next next = slot.next;
    Thread caller = slot.caller;
    if (call == null || next == null || caller == null) {
      return; // released meanwhile
    }
    SyncHedgeRace<?> race = new SyncHedgeRace<>(hedge, slot.startNanos, call, next, caller);
    slot.race = race;
    if (!slot.state.compareAndSet(state, (state & ~PHASE) | HEDGING)) {
      slot.race = null; // the call ended (or the slot was reused) since it was read
      return;
    }
    race.launchNext();
  }

  private static long nextGeneration(long state) {
    return ((state >>> 2) + 1) << 2;
  }
}
