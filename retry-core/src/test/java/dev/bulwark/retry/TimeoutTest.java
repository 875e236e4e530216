package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Timeout async =
      Timeout.builder(Duration.ofSeconds(1)).name("llm").scheduler(scheduler).build();
  private final Timeout direct =
      Timeout.builder(Duration.ofSeconds(1)).executor(Runnable::run).scheduler(scheduler).build();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void asyncTimesOutWithATypedExceptionAndCancelsTheInnerStage() {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletionStage<String> stage = async.callAsync(() -> inner);
    scheduler.advanceNanos(999 * MS);
    assertThat(stage.toCompletableFuture()).isNotDone();
    scheduler.advanceNanos(MS);
    assertThatThrownBy(() -> Mode.await(stage))
        .isInstanceOfSatisfying(
            TimeoutExceededException.class,
            e -> {
              assertThat(e).isInstanceOf(TimeoutException.class);
              assertThat(e).hasMessage("timeout 'llm' of PT1S exceeded");
              assertThat(e.source()).isEqualTo("llm");
              assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(1));
            });
    assertThat(inner).isCancelled();
  }

  @Test
  void asyncCompletionInTimeCancelsTheTimer() throws Exception {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletionStage<String> stage = async.callAsync(() -> inner);
    assertThat(scheduler.pending()).isEqualTo(1);
    inner.complete("ok");
    assertThat(Mode.await(stage)).isEqualTo("ok");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void asyncFailureInTimeIsPassedOnUnwrapped() {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletionStage<String> stage = async.callAsync(() -> inner.thenApply(s -> s));
    IOException failure = new IOException();
    inner.completeExceptionally(failure);
    assertThatThrownBy(() -> Mode.await(stage)).isSameAs(failure);
  }

  @Test
  void anAlreadyCompletedStageIsReturnedAsIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    assertThat(async.callAsync(() -> done)).isSameAs(done);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void cancellingTheResultCancelsTheInnerStageAndTheTimer() {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletionStage<String> stage = async.callAsync(() -> inner);
    stage.toCompletableFuture().cancel(true);
    assertThat(inner).isCancelled();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aRejectingSchedulerFailsTheAsyncCall() {
    scheduler.shutdown();
    CompletionStage<String> stage = async.callAsync(() -> new CompletableFuture<>());
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void syncCallInTimeReturnsAndCancelsTheTimer() throws Exception {
    assertThat(direct.call(() -> "ok")).isEqualTo("ok");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void syncFailuresPropagateUnchanged() {
    IOException failure = new IOException();
    assertThatThrownBy(() -> direct.call(() -> {
          throw failure;
        }))
        .isSameAs(failure);
    AssertionError error = new AssertionError();
    assertThatThrownBy(() -> direct.call(() -> {
          throw error;
        }))
        .isSameAs(error);
  }

  @Test
  void syncTimeoutInterruptsTheCallAndReleasesTheCallerAtOnce() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Timeout timeout =
          Timeout.builder(Duration.ofSeconds(1)).executor(executor).scheduler(scheduler).build();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      AtomicReference<Throwable> seenByCall = new AtomicReference<>();
      AtomicReference<Throwable> seenByCaller = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  timeout.call(
                      () -> {
                        started.countDown();
                        try {
                          new CountDownLatch(1).await(); // blocks until interrupted
                          return "never";
                        } catch (InterruptedException e) {
                          seenByCall.set(e);
                          throw e;
                        } finally {
                          finished.countDown();
                        }
                      });
                } catch (Exception e) {
                  seenByCaller.set(e);
                }
              });
      caller.start();
      started.await();
      scheduler.advanceNanos(1000 * MS);
      caller.join();
      finished.await();
      assertThat(seenByCaller.get()).isInstanceOf(TimeoutExceededException.class);
      assertThat(seenByCall.get()).isInstanceOf(InterruptedException.class);
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  @Test
  void aCallerInterruptedWhileWaitingCancelsTheCallAndKeepsItsFlag() {
    CountDownLatch never = new CountDownLatch(1);
    Timeout parked =
        Timeout.builder(Duration.ofSeconds(1))
            .executor(task -> never.countDown()) // accepts the task but never runs it
            .scheduler(scheduler)
            .build();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> parked.call(() -> "never")).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(scheduler.pending()).isZero();
  }

  /**
   * Regression: a {@code Timeout} without an executor failed every synchronous call with "no
   * executor" (from the README's snippet and from YAML {@code outbound.<name>.timeout}). It now runs
   * the call on the caller's thread and interrupts it at the deadline.
   */
  @Test
  void syncCallsFailedWithoutAnExecutor() throws Exception {
    assertThat(async.call(() -> Thread.currentThread().getName())).isEqualTo(Thread.currentThread().getName());
    assertThat(scheduler.pending()).isZero();
    IOException failure = new IOException();
    assertThatThrownBy(() -> async.call(() -> {
          throw failure;
        }))
        .isSameAs(failure);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void onTheCallersThreadTheDeadlineInterruptsTheCallAndNoInterruptLeaks() {
    assertThatThrownBy(() -> async.call(() -> {
          scheduler.advanceNanos(1_000 * MS); // the deadline passes while the call runs
          // What a blocking call that honours interrupts does: it fails at once.
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("blocking call interrupted");
          }
          return "never";
        }))
        .isInstanceOf(TimeoutExceededException.class)
        .hasMessageContaining("llm")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1)
            .allSatisfy(s -> assertThat(s).isInstanceOf(InterruptedException.class)));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void onTheCallersThreadALateResultIsDiscarded() {
    assertThatThrownBy(() -> async.call(() -> {
          scheduler.advanceNanos(1_000 * MS);
          return "late"; // ignores the interrupt and finishes after the deadline
        }))
        .isInstanceOf(TimeoutExceededException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void onTheCallersThreadAResultJustBeforeTheDeadlineIsKept() throws Exception {
    assertThat(async.call(() -> {
          scheduler.advanceNanos(999 * MS);
          return "in time";
        }))
        .isEqualTo("in time");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void onTheCallersThreadAnInterruptedCallerMakesNoCall() {
    Thread.currentThread().interrupt();
    boolean[] called = {false};
    assertThatThrownBy(() -> async.call(() -> called[0] = true)).isInstanceOf(InterruptedException.class);
    assertThat(called[0]).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aRetryInsideStopsAtTheDeadlineOnTheCallersThread() {
    Retry retry = Retry.builder().maxAttempts(5).backoff(Backoff.fixed(Duration.ofMillis(400)))
        .sleeper(nanos -> {
          scheduler.advanceNanos(nanos);
          if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
          }
        })
        .build();
    int[] attempts = {0};
    assertThatThrownBy(() -> Pipeline.of(async, retry).call(() -> {
          attempts[0]++;
          throw new IOException("down");
        }))
        .isInstanceOf(TimeoutExceededException.class);
    // Attempts at 0, 400 and 800 ms; the sleep towards 1,200 ms is cut at the 1 s deadline.
    assertThat(attempts[0]).isEqualTo(3);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> Timeout.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive but was PT0S");
    assertThatThrownBy(() -> Timeout.of(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    TimeoutBuilder b = Timeout.builder(Duration.ofSeconds(1)).name("a").executor(Runnable::run)
        .scheduler(scheduler);
    assertThatThrownBy(() -> b.name("b")).isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> b.executor(Runnable::run)).hasMessageStartingWith("executor was already set");
    assertThatThrownBy(() -> b.scheduler(scheduler)).hasMessageStartingWith("scheduler was already set");
    assertThatThrownBy(() -> b.name(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.executor(null)).hasMessage("executor");
    assertThatThrownBy(() -> b.scheduler(null)).hasMessage("scheduler");
    assertThatThrownBy(() -> async.call(null)).hasMessage("call");
    assertThatThrownBy(() -> async.callAsync(null)).hasMessage("call");
    assertThat(b.build()).hasToString("Timeout[a, PT1S, sync calls on an executor]");
    assertThat(Timeout.of(Duration.ofMillis(250))).hasToString("Timeout[timeout, PT0.25S]");
    assertThat(Timeout.of(Duration.ofMillis(250)).timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(Timeout.of(Duration.ofMillis(250)).name()).isEqualTo("timeout");
  }
}
