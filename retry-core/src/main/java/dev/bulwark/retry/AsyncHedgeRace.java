package dev.bulwark.retry;

import dev.bulwark.core.Policy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The race of an asynchronous hedged call: every attempt is a stage of the inner pipeline, hedged
 * ones started on the scheduler's thread (so they must not block, as with {@link Retry}'s async
 * retries). Cancelling a loser cancels its future ({@code cancel(true)}).
 *
 * @param <T> the result type
 */
final class AsyncHedgeRace<T> extends HedgeRace<T> {

  private final Supplier<? extends CompletionStage<T>> call;
  private final Policy.AsyncNext next;

  AsyncHedgeRace(
      Hedge hedge, long callStartNanos, Supplier<? extends CompletionStage<T>> call, Policy.AsyncNext next) {
    super(hedge, callStartNanos);
    this.call = call;
    this.next = next;
  }

  /** Stands for a stage that cannot be cancelled (it offers no future). */
  private static final Future<?> NOT_CANCELLABLE = CompletableFuture.completedFuture(null);

  /**
   * Follows the primary attempt's stage and arms the first hedge; returns the call's stage.
   *
   * @param primary the primary attempt's stage, not yet complete
   * @param future its future, or null if it offers none
   */
  // The dependent stage of the completion hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletionStage<T> start(CompletionStage<T> primary, @Nullable CompletableFuture<T> future) {
    if (future != null) {
      primary(future);
    }
    synchronized (this) {
      armNext();
    }
    primary.whenComplete((value, error) -> ended(1, value, error));
    return outcome;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // see start
  Future<?> startAttempt(int number) {
    CompletionStage<T> stage = next.proceed(call);
    CompletableFuture<T> future = AsyncRetryRun.toFuture(stage);
    stage.whenComplete((value, error) -> ended(number, value, error));
    return future != null ? future : NOT_CANCELLABLE;
  }
}
