package dev.bulwark.retry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One call of a {@link Hedge} once its first hedge delay has passed: the attempts in flight, the
 * timer of the next one, and the outcome. Created only then, so a call that ends before its delay
 * never allocates one.
 *
 * <h2>Rules</h2>
 * The first attempt to succeed wins: {@link #outcome} completes with its value and every other
 * attempt is cancelled (a pending timer too). A failed attempt does not end the call while another
 * is in flight; when every started attempt has failed, the call fails with the primary attempt's
 * exception, the others' suppressed in it, and no further hedge starts (hedging is not retrying: put
 * a {@link Retry} outside the hedge for that). Each further attempt starts one current delay after
 * the previous one, up to {@code maxAttempts}, if the budget allows it. Completing {@link #outcome}
 * any other way (the caller cancels it) cancels every attempt too.
 *
 * <p>All bookkeeping is under this object's monitor; the attempts themselves, the listener and the
 * outcome's completion run outside it.
 *
 * @param <T> the result type
 */
abstract class HedgeRace<T> {

  final Hedge hedge;
  final long callStartNanos;
  final CompletableFuture<T> outcome = new CompletableFuture<>();

  /** Per attempt (index = number - 1): its handle for cancelling, its start, its failure. */
  private final @Nullable Future<?>[] attempts;
  private final long[] starts;
  private final @Nullable Throwable[] failures;
  private int started;
  private int failed;
  private @Nullable ScheduledFuture<?> timer;
  private boolean cancelled;
  /** Set, under the monitor, by the attempt that decides the call: nothing starts after it. */
  private boolean decided;
  /** The number of the attempt that won, or 0: its handle is not cancelled (it may be running). */
  private int winner;
  /**
   * The call reached its first hedge delay (a hedge started or the budget refused it). An async
   * call that ends before it is reported as unhedged, like a sync one.
   */
  private boolean reachedDelay;

  HedgeRace(Hedge hedge, long callStartNanos) {
    this.hedge = hedge;
    this.callStartNanos = callStartNanos;
    int max = hedge.maxAttempts();
    this.attempts = new Future<?>[max];
    this.starts = new long[max];
    this.failures = new Throwable[max];
    this.started = 1;
    this.starts[0] = callStartNanos;
    CompletableFuture<T> unused = outcome.whenComplete((value, error) -> cancelAll());
  }

  /** Starts attempt {@code number} (at least 2) and returns its handle; must not throw. */
  abstract Future<?> startAttempt(int number);

  /** Stops the primary attempt when it is not a future of this race (sync: the caller's thread). */
  void cancelPrimary() {}

  /** Sets the handle of the primary attempt (async). */
  final synchronized void primary(Future<?> handle) {
    attempts[0] = handle;
  }

  /** Runs on the timer: starts the next hedged attempt if the call is still open. */
  final void launchNext() {
    int number;
    boolean allowed;
    synchronized (this) {
      timer = null;
      if (decided || outcome.isDone() || started >= attempts.length) {
        return;
      }
      reachedDelay = true;
      number = started + 1;
      allowed = hedge.spendBudget();
      if (allowed) {
        started = number;
        starts[number - 1] = hedge.ticker().read();
      }
    }
    if (!allowed) {
      hedge.notifier().budgetExhausted(number);
      return;
    }
    hedge.notifier().started(number, starts[number - 1] - callStartNanos);
    Future<?> handle;
    try {
      handle = startAttempt(number);
    } catch (RejectedExecutionException e) {
      ended(number, null, e);
      return;
    }
    boolean cancelNow;
    synchronized (this) {
      attempts[number - 1] = handle;
      cancelNow = cancelled;
      if (!cancelNow && !decided && !outcome.isDone() && started < attempts.length) {
        armNext();
      }
    }
    if (cancelNow) {
      handle.cancel(true);
    }
  }

  /** Schedules the next hedge one current delay from now; holds the monitor. */
  final void armNext() {
    try {
      timer =
          hedge.scheduler().schedule(this::launchNext, hedge.delayNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      timer = null; // no further hedge: the attempts in flight decide the call
    }
  }

  /**
   * An attempt ended. The first success completes the outcome; a failure completes it only when it
   * is the last attempt in flight.
   */
  final void ended(int number, @Nullable T value, @Nullable Throwable failure) {
    Throwable error = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
    int attemptsStarted;
    long attemptStart;
    boolean hedged;
    synchronized (this) {
      if (decided || outcome.isDone()) {
        return;
      }
      hedged = reachedDelay;
      attemptsStarted = started;
      attemptStart = starts[number - 1];
      if (error != null) {
        failures[number - 1] = error;
        failed++;
        if (failed < started) {
          return;
        }
      }
      decided = true;
      if (error == null) {
        winner = number;
      }
    }
    if (error == null) {
      hedge.recordWin(hedge.ticker().read() - attemptStart);
      if (hedged) {
        hedge.notifier().won(number, attemptsStarted);
      } else {
        hedge.notifier().unhedged(true);
      }
      outcome.complete(value);
      return;
    }
    if (!hedged) {
      hedge.notifier().unhedged(false);
      outcome.completeExceptionally(error);
      return;
    }
    Throwable primary = failures[0] != null ? failures[0] : error;
    for (int i = 1; i < attemptsStarted; i++) {
      Throwable other = failures[i];
      if (other != null && other != primary) {
        primary.addSuppressed(other);
      }
    }
    hedge.notifier().allFailed(attemptsStarted, primary);
    outcome.completeExceptionally(primary);
  }

  private void cancelAll() {
    @Nullable Future<?>[] handles;
    ScheduledFuture<?> t;
    synchronized (this) {
      cancelled = true;
      t = timer;
      timer = null;
      handles = attempts.clone();
      if (winner != 0) {
        handles[winner - 1] = null; // cancelling a running FutureTask would interrupt its own thread
      }
    }
    if (t != null) {
      t.cancel(false);
    }
    for (Future<?> handle : handles) {
      if (handle != null) {
        handle.cancel(true);
      }
    }
    cancelPrimary();
  }
}
