package dev.bulwark.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One async call under a {@link Timeout}: the timer task ({@link Runnable}) and the inner stage's
 * completion callback ({@link BiConsumer}) in one object. Whichever completes {@code result} first
 * wins; the loser's effect is a no-op. Both sides cancel what the other holds: the timer cancels
 * the inner stage, the inner completion cancels the timer.
 */
final class AsyncTimeout<T> implements Runnable, BiConsumer<T, Throwable> {

  private final String name;
  private final Duration timeout;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile @Nullable Future<?> timer;
  private volatile @Nullable CompletableFuture<T> inner;

  AsyncTimeout(String name, Duration timeout) {
    this.name = name;
    this.timeout = timeout;
  }

  void arm(Future<?> timer) {
    this.timer = timer;
  }

  // The dependent stage of the cancellation hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletionStage<T> watch(CompletionStage<T> stage) {
    CompletableFuture<T> future = AsyncRetryRun.toFuture(stage);
    if (future != null && future.isDone() && !result.isDone()) {
      cancelTimer();
      return stage; // finished within the synchronous part of the call: nothing to bound
    }
    inner = future;
    result.whenComplete((value, error) -> cancelAll());
    stage.whenComplete(this);
    if (result.isDone()) {
      cancelAll();
    }
    return result;
  }

  /** The timer fired. */
  @Override
  public void run() {
    if (result.completeExceptionally(new TimeoutExceededException(name, timeout))) {
      cancelAll();
    }
  }

  /** The inner stage completed. */
  @Override
  public void accept(@Nullable T value, @Nullable Throwable error) {
    if (error == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(
          error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
    }
  }

  private void cancelTimer() {
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  private void cancelAll() {
    cancelTimer();
    CompletableFuture<T> f = inner;
    if (f != null) {
      f.cancel(true);
    }
  }
}
