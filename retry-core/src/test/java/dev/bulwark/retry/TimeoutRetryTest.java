package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A timeout as the outermost policy is a deadline for every retry inside it. */
class TimeoutRetryTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  @Test
  void asyncTimeoutCancelsThePendingRetry() {
    Timeout timeout = Timeout.builder(Duration.ofSeconds(1)).scheduler(scheduler).build();
    Retry retry =
        Retry.builder()
            .maxAttempts(10)
            .backoff(Backoff.fixed(Duration.ofMillis(400)))
            .ticker(ticker)
            .scheduler(scheduler)
            .build();
    List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    CompletionStage<String> stage =
        Pipeline.of(timeout, retry)
            .callAsync(
                () -> {
                  attemptTimes.add(ticker.read());
                  return CompletableFuture.failedFuture(new IOException("down"));
                });
    scheduler.advanceNanos(1000 * MS);
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(TimeoutExceededException.class);
    // attempts at 0, 400 and 800 ms; the one due at 1200 ms is cancelled with the timeout
    assertThat(attemptTimes).containsExactly(0L, 400 * MS, 800 * MS);
    assertThat(scheduler.pending()).isZero();
    scheduler.runUntilIdle();
    assertThat(attemptTimes).hasSize(3);
  }

  @Test
  void asyncTimeoutCancelsTheAttemptInFlight() {
    Timeout timeout = Timeout.builder(Duration.ofSeconds(1)).scheduler(scheduler).build();
    Retry retry = Retry.builder().backoff(Backoff.none()).scheduler(scheduler).build();
    CompletableFuture<String> hanging = new CompletableFuture<>();
    CompletionStage<String> stage = Pipeline.of(timeout, retry).callAsync(() -> hanging);
    scheduler.advanceNanos(1000 * MS);
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(TimeoutExceededException.class);
    assertThat(hanging).isCancelled();
  }

  @Test
  void aPerAttemptTimeoutInsideTheRetryIsRetried() throws Exception {
    Timeout perAttempt = Timeout.builder(Duration.ofMillis(100)).scheduler(scheduler).build();
    Retry retry =
        Retry.builder().maxAttempts(3).backoff(Backoff.none()).scheduler(scheduler).build();
    AtomicInteger calls = new AtomicInteger();
    CompletionStage<String> stage =
        Pipeline.of(retry, perAttempt)
            .callAsync(
                () ->
                    calls.incrementAndGet() < 3
                        ? new CompletableFuture<>()
                        : CompletableFuture.completedFuture("third"));
    scheduler.runUntilIdle();
    assertThat(Mode.await(stage)).isEqualTo("third");
    assertThat(calls).hasValue(3);
    assertThat(ticker.read()).isEqualTo(200 * MS);
  }

  @Test
  void syncTimeoutInterruptsTheRetrySleepingBetweenAttempts() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch sleeping = new CountDownLatch(1);
      AtomicReference<Throwable> retryOutcome = new AtomicReference<>();
      Timeout timeout =
          Timeout.builder(Duration.ofSeconds(1)).executor(executor).scheduler(scheduler).build();
      Retry retry =
          Retry.builder()
              .maxAttempts(10)
              .sleeper(
                  nanos -> {
                    sleeping.countDown();
                    new CountDownLatch(1).await(); // a long sleep, ended only by an interrupt
                  })
              .build();
      AtomicInteger calls = new AtomicInteger();
      AtomicReference<Throwable> callerOutcome = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  Pipeline.of(timeout, new Observing(retryOutcome), retry)
                      .call(
                          () -> {
                            calls.incrementAndGet();
                            throw new IOException("down");
                          });
                } catch (Exception e) {
                  callerOutcome.set(e);
                }
              });
      caller.start();
      sleeping.await();
      scheduler.advanceNanos(1000 * MS);
      caller.join();
      executor.shutdown();
      assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      assertThat(callerOutcome.get()).isInstanceOf(TimeoutExceededException.class);
      assertThat(retryOutcome.get())
          .isInstanceOf(InterruptedException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class));
      assertThat(calls).hasValue(1);
    } finally {
      executor.shutdownNow();
    }
  }

  /** Records what the rest of the pipeline threw. */
  private static final class Observing implements dev.bulwark.core.Policy {
    private final AtomicReference<Throwable> outcome;

    Observing(AtomicReference<Throwable> outcome) {
      this.outcome = outcome;
    }

    @Override
    public <T> T execute(dev.bulwark.core.CheckedSupplier<T> call, Next next) throws Exception {
      try {
        return next.proceed(call);
      } catch (Exception e) {
        outcome.set(e);
        throw e;
      }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(
        java.util.function.Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      return next.proceed(call);
    }
  }
}
