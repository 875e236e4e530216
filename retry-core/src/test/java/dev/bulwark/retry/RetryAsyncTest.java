package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What only the async path has: no blocking, cancellation, stage plumbing. */
class RetryAsyncTest {

  private static final long MS = 1_000_000L;

  private final Mode.Fixture f = new Mode.Fixture();
  private final Retry retry =
      f.builder().maxAttempts(5).backoff(Backoff.fixed(Duration.ofMillis(100))).build();

  @Test
  void aStageThatAlreadySucceededIsReturnedAsIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    assertThat(retry.callAsync(() -> done)).isSameAs(done);
    assertThat(Pipeline.of(retry).callAsync(() -> done)).isSameAs(done);
  }

  @Test
  void aPendingAttemptIsAwaitedWithoutBlocking() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CompletionStage<String> stage =
        retry.callAsync(() -> calls.incrementAndGet() == 1 ? first : second);
    assertThat(stage.toCompletableFuture()).isNotDone();
    first.completeExceptionally(new CompletionException(new IOException("wrapped")));
    assertThat(f.scheduler.pending()).isEqualTo(1);
    f.scheduler.runUntilIdle();
    assertThat(calls).hasValue(2);
    second.complete("ok");
    assertThat(Mode.await(stage)).isEqualTo("ok");
    assertThat(f.scheduler.delays()).containsExactly(100 * MS);
  }

  @Test
  void failuresAreUnwrappedFromCompletionException() {
    IOException cause = new IOException("cause");
    CompletionStage<String> stage =
        f.builder().maxAttempts(1).build()
            .callAsync(() -> CompletableFuture.failedFuture(new CompletionException(cause)));
    assertThatThrownBy(() -> Mode.await(stage)).isSameAs(cause);
  }

  @Test
  void aSupplierThatThrowsOrReturnsNullIsAFailedAttempt() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException bug = new IllegalStateException("bug");
    CompletionStage<String> thrown =
        f.builder()
            .backoff(Backoff.none())
            .retryOn(e -> e instanceof NullPointerException)
            .build()
            .callAsync(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    return null;
                  }
                  throw bug;
                });
    f.scheduler.runUntilIdle();
    assertThatThrownBy(() -> Mode.await(thrown))
        .isSameAs(bug)
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
            .isInstanceOf(NullPointerException.class));
    assertThat(calls).hasValue(2);
  }

  @Test
  void cancellingDuringADelayStopsFurtherAttemptsAndCancelsTheTimer() {
    AtomicInteger calls = new AtomicInteger();
    CompletionStage<String> stage =
        retry.callAsync(
            () -> {
              calls.incrementAndGet();
              return CompletableFuture.failedFuture(new IOException());
            });
    assertThat(f.scheduler.pending()).isEqualTo(1);
    assertThat(stage.toCompletableFuture().cancel(true)).isTrue();
    assertThat(f.scheduler.pending()).isZero();
    f.scheduler.runUntilIdle();
    assertThat(calls).hasValue(1);
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancellingDuringAnAttemptCancelsItAndStopsRetrying() {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CompletionStage<String> stage =
        retry.callAsync(() -> calls.incrementAndGet() == 1 ? first : second);
    first.completeExceptionally(new IOException());
    f.scheduler.runUntilIdle();
    assertThat(calls).hasValue(2);
    stage.toCompletableFuture().cancel(true);
    assertThat(second).isCancelled();
    f.scheduler.runUntilIdle();
    assertThat(calls).hasValue(2);
    assertThat(f.scheduler.pending()).isZero();
  }

  @Test
  void aScheduledRetryThatFindsTheStageCompletedDoesNothing() {
    AtomicInteger calls = new AtomicInteger();
    CompletionStage<String> stage =
        retry.callAsync(
            () -> {
              calls.incrementAndGet();
              return CompletableFuture.failedFuture(new IOException());
            });
    // completed by someone else (not a cancellation): the timer goes, no new attempt starts
    stage.toCompletableFuture().completeExceptionally(new IllegalStateException("outer"));
    f.scheduler.runUntilIdle();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRejectingSchedulerEndsTheCallWithTheLastFailure() {
    f.scheduler.shutdown();
    IOException failure = new IOException("down");
    CompletionStage<String> stage = retry.callAsync(() -> CompletableFuture.failedFuture(failure));
    assertThatThrownBy(() -> Mode.await(stage))
        .isSameAs(failure)
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
            .isInstanceOf(RejectedExecutionException.class));
  }

  @Test
  void aThrowingPredicateCompletesTheStageInsteadOfLeavingItPending() {
    IllegalStateException bug = new IllegalStateException("predicate bug");
    IOException failure = new IOException();
    Retry broken =
        f.builder()
            .retryOn(
                e -> {
                  throw bug;
                })
            .build();
    CompletionStage<String> stage = broken.callAsync(() -> CompletableFuture.failedFuture(failure));
    assertThatThrownBy(() -> Mode.await(stage))
        .isSameAs(bug)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(failure));
  }

  @Test
  void theDefaultSchedulerRunsRetriesOnItsDaemonThread() throws Exception {
    Retry real = Retry.builder().backoff(Backoff.none()).build();
    AtomicInteger calls = new AtomicInteger();
    String[] retryThread = new String[1];
    CompletableFuture<String> result =
        real.<String>callAsync(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    return CompletableFuture.failedFuture(new IOException());
                  }
                  retryThread[0] = Thread.currentThread().getName();
                  return CompletableFuture.completedFuture("ok");
                })
            .toCompletableFuture();
    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(retryThread[0]).isEqualTo("bulwark-retry-scheduler");
  }
}
