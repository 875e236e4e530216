package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Regression: cancelling the stage {@code callAsync} returns (as an outer Timeout or Retry does when
 * it gives up) used to leave the call's own stage running, because the breaker returned a dependent
 * copy; the call then reported a late result. The cancellation now reaches the call.
 */
class AsyncCancellationTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder("cancel")
          .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
          .ticker(ticker)
          .build();

  @Test
  void cancellingTheReturnedStageCancelsTheCall() {
    CompletableFuture<String> call = new CompletableFuture<>();
    CompletableFuture<String> guarded = breaker.callAsync(() -> call).toCompletableFuture();

    assertThat(guarded.cancel(true)).isTrue();

    assertThat(call).isCancelled();
  }

  @Test
  void theCancelledCallIsRecordedAsAnError() {
    CompletableFuture<String> call = new CompletableFuture<>();
    breaker.callAsync(() -> call).toCompletableFuture().cancel(true);

    // The default classification counts every exception, CancellationException included.
    assertThat(call).isCancelled();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aCompletedCallIsNotCancelledAfterwards() {
    CompletableFuture<String> call = new CompletableFuture<>();
    CompletableFuture<String> guarded = breaker.callAsync(() -> call).toCompletableFuture();
    call.complete("ok");

    assertThat(guarded.cancel(true)).isFalse();
    assertThat(call).isCompletedWithValue("ok");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aMinimalStageThatCannotBeConvertedIsLeftAlone() {
    CompletableFuture<String> call = new CompletableFuture<>();
    CompletionStage<String> minimal = call.minimalCompletionStage();
    CompletableFuture<String> guarded = breaker.callAsync(() -> minimal).toCompletableFuture();

    assertThat(guarded.cancel(true)).isTrue();

    call.completeExceptionally(new IllegalStateException("late"));
    // Still recorded when the call ends, although the caller cancelled its stage long before.
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aCancelledTrialReturnsItsHalfOpenSlot() {
    CircuitBreaker trials = CircuitBreaker.builder("trials")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1))
            .openDuration(Backoff.fixed(java.time.Duration.ofSeconds(1))).maxHalfOpenCalls(1).successThreshold(1)
            .ignoreExceptions(e -> e instanceof java.util.concurrent.CancellationException).build())
        .ticker(ticker)
        .build();
    trials.forceOpen();
    trials.reset();
    trials.callAsync(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    assertThat(trials.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(java.time.Duration.ofSeconds(1));

    CompletableFuture<String> trial = new CompletableFuture<>();
    trials.callAsync(() -> trial).toCompletableFuture().cancel(true);

    // The cancelled trial was ignored and gave its slot back: the next trial is admitted.
    assertThat(trials.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(trials.callAsync(() -> CompletableFuture.completedFuture("ok")).toCompletableFuture())
        .isCompletedWithValue("ok");
    assertThat(trials.state()).isEqualTo(CircuitState.CLOSED);
  }
}
