package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Policy;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;

/**
 * The race of a synchronous hedged call. The primary attempt runs on the caller's thread; hedged
 * attempts run on the hedge's executor as {@link FutureTask}s, so cancelling a loser interrupts its
 * thread. When a hedge wins while the primary still runs, the caller's thread is interrupted; the
 * caller returns the winner's result once its primary attempt has returned or thrown, and the
 * interrupt sent by the race is cleared before it returns (as {@link CallerThreadTimeout} does), so
 * it never leaks into the caller's later code.
 *
 * @param <T> the result type
 */
final class SyncHedgeRace<T> extends HedgeRace<T> {

  private final CheckedSupplier<T> call;
  private final Policy.Next next;
  private final Thread caller;
  /** Guarded by this: the caller is still inside its primary attempt. */
  private boolean primaryRunning = true;
  /** Guarded by this: the race interrupted the caller's thread. */
  private boolean interruptedPrimary;

  SyncHedgeRace(Hedge hedge, long callStartNanos, CheckedSupplier<T> call, Policy.Next next, Thread caller) {
    super(hedge, callStartNanos);
    this.call = call;
    this.next = next;
    this.caller = caller;
  }

  @Override
  Future<?> startAttempt(int number) {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              T value;
              try {
                value = next.proceed(call);
              } catch (Exception | Error failure) {
                ended(number, null, failure);
                return null;
              }
              ended(number, value, null);
              return null;
            });
    hedge.executor().execute(task);
    return task;
  }

  @Override
  synchronized void cancelPrimary() {
    if (primaryRunning) {
      interruptedPrimary = true;
      caller.interrupt();
    }
  }

  /** The caller's primary attempt threw an {@link Error}: cancels every other attempt. */
  void primaryError() {
    boolean clearInterrupt;
    synchronized (this) {
      primaryRunning = false;
      clearInterrupt = interruptedPrimary;
    }
    if (clearInterrupt) {
      Thread.interrupted();
    }
    outcome.cancel(true);
  }

  /**
   * The caller's primary attempt ended: reports it, waits for the call's outcome and returns it.
   *
   * @throws InterruptedException if the caller is interrupted while waiting (every attempt is then
   *     cancelled and the interrupt flag set again)
   */
  // NullAway reads T as non-null, but T is the caller's type: a null result is returned as is.
  @SuppressWarnings("NullAway")
  T primaryEnded(@Nullable T value, @Nullable Throwable failure) throws Exception {
    boolean clearInterrupt;
    synchronized (this) {
      primaryRunning = false;
      clearInterrupt = interruptedPrimary;
    }
    if (clearInterrupt) {
      Thread.interrupted(); // the race's interrupt of a losing primary: not the caller's
    }
    ended(1, value, failure);
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    } catch (CancellationException e) {
      throw new IllegalStateException("hedged call was cancelled", e);
    } catch (InterruptedException e) {
      outcome.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
  }
}
