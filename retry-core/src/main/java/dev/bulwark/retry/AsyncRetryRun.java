package dev.bulwark.retry;

import dev.bulwark.core.Policy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One asynchronous call being retried.
 *
 * <p>Design: the run is itself the completion callback of every attempt ({@link BiConsumer}) and
 * the scheduled task that starts the next one ({@link Runnable}), so a retry costs one scheduled
 * task and no lambda. Attempts never overlap: the next one is scheduled only after the previous one
 * completed, so the inherited {@link RetryRun} state is handed from thread to thread through the
 * stage's completion and the scheduler, which both establish happens-before. Only cancellation
 * races with the run; it reads the two volatile fields and cancels what they hold, and every step
 * checks {@code result.isDone()} before starting something new.
 */
final class AsyncRetryRun<T> extends RetryRun implements BiConsumer<T, Throwable>, Runnable {

  private final Supplier<? extends CompletionStage<T>> call;
  private final Policy.AsyncNext next;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile @Nullable CompletableFuture<T> inFlight;
  private volatile @Nullable Future<?> timer;

  AsyncRetryRun(
      Retry retry, Supplier<? extends CompletionStage<T>> call, Policy.AsyncNext next, long startNanos) {
    super(retry, startNanos);
    this.call = call;
    this.next = next;
  }

  /** Returns the stage's future, or null for a stage that cannot provide one. */
  static <T> @Nullable CompletableFuture<T> toFuture(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  // The dependent stage of the cancellation hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletionStage<T> start(CompletionStage<T> first, @Nullable CompletableFuture<T> firstFuture) {
    result.whenComplete((value, error) -> cancelPending());
    listen(first, firstFuture);
    return result;
  }

  private void listen(CompletionStage<T> stage, @Nullable CompletableFuture<T> future) {
    inFlight = future;
    if (future != null && result.isDone()) {
      future.cancel(true);
    }
    stage.whenComplete(this);
  }

  /** An attempt completed. */
  @Override
  public void accept(@Nullable T value, @Nullable Throwable error) {
    inFlight = null;
    if (result.isDone()) {
      return; // cancelled, or timed out by an outer policy
    }
    Throwable failure = unwrap(error);
    long delay;
    try {
      delay = decide(value, failure, false);
    } catch (RuntimeException | Error e) { // a user predicate or hint threw: report, never hang
      if (failure != null && failure != e) {
        e.addSuppressed(failure);
      }
      result.completeExceptionally(e);
      return;
    }
    if (delay == STOP) {
      if (failure != null) {
        result.completeExceptionally(withEarlierFailures(failure));
      } else {
        result.complete(value);
      }
      return;
    }
    try {
      timer = retry.scheduler().schedule(this, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      retry.notifier().failed(attempts() - 1); // the attempt just counted will never be made
      Throwable last = failure != null ? withEarlierFailures(failure) : e;
      if (last != e) {
        last.addSuppressed(e);
      }
      result.completeExceptionally(last);
      return;
    }
    if (result.isDone()) {
      cancelPending();
    }
  }

  /** The delay is over: start the next attempt. */
  @Override
  public void run() {
    timer = null;
    if (result.isDone()) {
      return;
    }
    CompletionStage<T> stage = next.proceed(call);
    listen(stage, toFuture(stage));
  }

  private void cancelPending() {
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    CompletableFuture<T> f = inFlight;
    if (f != null) {
      f.cancel(true);
    }
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable error) {
    if (error instanceof CompletionException && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }
}
