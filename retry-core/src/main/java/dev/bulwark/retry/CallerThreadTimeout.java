package dev.bulwark.retry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timer of one synchronous call that runs on the caller's own thread (a {@link Timeout} without
 * an executor): when it fires first, it interrupts that thread, and the call's end turns into a
 * {@link TimeoutExceededException}.
 *
 * <h2>Why a small state machine</h2>
 * The timer and the call's end race. Whoever moves {@code state} out of {@code RUNNING} first
 * wins: the call (it ended in time, the timer does nothing) or the timer (it interrupts). An
 * interrupt must never leak past the call into the caller's later code, so when the timer won,
 * the caller waits until the interrupt has been delivered ({@code INTERRUPTED}) and then clears
 * the thread's flag. That wait is at most the few instructions between the timer's two writes.
 */
final class CallerThreadTimeout implements Runnable {

  private static final int RUNNING = 0;
  private static final int ENDED = 1;
  private static final int FIRING = 2;
  private static final int INTERRUPTED = 3;

  private final Thread caller;
  private final AtomicInteger state = new AtomicInteger(RUNNING);

  CallerThreadTimeout(Thread caller) {
    this.caller = caller;
  }

  /** The timer: interrupts the caller unless the call already ended. */
  @Override
  public void run() {
    if (state.compareAndSet(RUNNING, FIRING)) {
      caller.interrupt();
      state.set(INTERRUPTED);
    }
  }

  /**
   * Ends the call, on the caller's thread; tells whether the timer fired first. When it did, the
   * interrupt it sent has been consumed: the thread's interrupt flag is clear again (unless the
   * thread is interrupted anew by someone else afterwards).
   */
  boolean end() {
    if (state.compareAndSet(RUNNING, ENDED)) {
      return false;
    }
    while (state.get() != INTERRUPTED) {
      Thread.onSpinWait();
    }
    Thread.interrupted(); // the timer's interrupt, delivered or consumed by the call: not the caller's
    return true;
  }
}
