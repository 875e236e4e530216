package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The asynchronous hedge on a manual clock: each attempt is a future the test completes. */
class HedgeAsyncTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<HedgeEvent> events = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<String>> attempts = new ArrayList<>();
  private final Supplier<CompletionStage<String>> call = this::newAttempt;

  private CompletionStage<String> newAttempt() {
    CompletableFuture<String> attempt = new CompletableFuture<>();
    attempts.add(attempt);
    return attempt;
  }

  private HedgeBuilder builder() {
    return Hedge.builder()
        .name("llm")
        .delay(HedgeDelay.fixed(Duration.ofMillis(100)))
        .ticker(ticker)
        .scheduler(scheduler)
        .listener(events::add)
        .recordStats();
  }

  @Test
  void theHedgeStartsAtTheDelayAndTheFirstSuccessWinsCancellingTheOthers() throws Exception {
    Hedge hedge = builder().maxAttempts(3).build();
    CompletionStage<String> stage = hedge.callAsync(call);
    scheduler.advanceNanos(99 * MS);
    assertThat(attempts).hasSize(1);
    scheduler.advanceNanos(MS);
    assertThat(attempts).hasSize(2);
    scheduler.advanceNanos(100 * MS);
    assertThat(attempts).hasSize(3);
    attempts.get(1).complete("second");
    assertThat(Mode.await(stage)).isEqualTo("second");
    assertThat(attempts.get(0)).isCancelled();
    assertThat(attempts.get(2)).isCancelled();
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(attempts).hasSize(3);
    assertThat(events)
        .containsExactly(
            new HedgeEvent.Started("llm", 2, Duration.ofMillis(100)),
            new HedgeEvent.Started("llm", 3, Duration.ofMillis(200)),
            new HedgeEvent.Won("llm", 2, 3));
  }

  @Test
  void aCompletedStageIsReturnedAsIsAndNeverHedged() {
    Hedge hedge = builder().build();
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    assertThat(hedge.callAsync(() -> done)).isSameAs(done);
    assertThat(Pipeline.of(hedge).callAsync(() -> done)).isSameAs(done);
    assertThat(scheduler.pending()).isZero();
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.SUCCESS)).isEqualTo(2);
  }

  @Test
  void aPrimaryThatSucceedsBeforeTheDelayCancelsTheTimer() throws Exception {
    Hedge hedge = builder().build();
    CompletionStage<String> stage = hedge.callAsync(call);
    attempts.get(0).complete("primary");
    assertThat(Mode.await(stage)).isEqualTo("primary");
    assertThat(scheduler.pending()).isZero();
    assertThat(events).isEmpty(); // reported as unhedged, as a sync call would be
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.SUCCESS)).isEqualTo(1);
  }

  @Test
  void everyAttemptFailingFailsWithThePrimarysException() {
    Hedge hedge = builder().build();
    CompletionStage<String> stage = hedge.callAsync(call);
    scheduler.advanceNanos(100 * MS);
    IOException primary = new IOException("primary");
    IOException second = new IOException("second");
    attempts.get(1).completeExceptionally(second);
    assertThat(stage.toCompletableFuture()).isNotDone();
    attempts.get(0).completeExceptionally(new CompletionException(primary));
    assertThatThrownBy(() -> Mode.await(stage)).isSameAs(primary);
    assertThat(primary.getSuppressed()).containsExactly(second);
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.ALL_FAILED)).isEqualTo(1);
  }

  @Test
  void aFailureBeforeTheDelayIsTheCallsFailure() {
    Hedge hedge = builder().build();
    CompletionStage<String> stage = hedge.callAsync(call);
    IOException primary = new IOException("primary");
    attempts.get(0).completeExceptionally(primary);
    assertThatThrownBy(() -> Mode.await(stage)).isSameAs(primary);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts).hasSize(1);
    assertThat(events).isEmpty();
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.FAILURE)).isEqualTo(1);
  }

  @Test
  void cancellingTheCallCancelsEveryAttemptAndThePendingHedge() {
    Hedge hedge = builder().maxAttempts(3).build();
    CompletionStage<String> stage = hedge.callAsync(call);
    scheduler.advanceNanos(100 * MS);
    stage.toCompletableFuture().cancel(true);
    assertThat(attempts).allSatisfy(a -> assertThat(a).isCancelled());
    assertThat(scheduler.pending()).isZero();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts).hasSize(2);
  }

  @Test
  void aSpentBudgetStopsHedging() throws Exception {
    RetryBudget budget = RetryBudget.percentOfRequests(0, 0, Duration.ofSeconds(10), ticker);
    Hedge hedge = builder().budget(budget).build();
    CompletionStage<String> stage = hedge.callAsync(call);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts).hasSize(1);
    attempts.get(0).complete("primary");
    assertThat(Mode.await(stage)).isEqualTo("primary");
    assertThat(events)
        .containsExactly(new HedgeEvent.BudgetExhausted("llm", 2), new HedgeEvent.Won("llm", 1, 1));
  }

  @Test
  void anOuterTimeoutCancelsEveryAttempt() {
    Hedge hedge = builder().build();
    Timeout timeout = Timeout.builder(Duration.ofMillis(150)).scheduler(scheduler).build();
    CompletionStage<String> stage = Pipeline.of(timeout, hedge).callAsync(call);
    scheduler.advanceNanos(150 * MS);
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(TimeoutExceededException.class);
    assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a).isCancelled());
  }

  @Test
  void furtherHedgesStartOneDelayApartUpToMaxAttempts() throws Exception {
    Hedge hedge = builder().maxAttempts(4).build();
    CompletionStage<String> stage = hedge.callAsync(call);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(scheduler.delays()).containsExactly(100 * MS, 100 * MS, 100 * MS);
    attempts.get(3).complete("fourth");
    assertThat(Mode.await(stage)).isEqualTo("fourth");
  }
}
