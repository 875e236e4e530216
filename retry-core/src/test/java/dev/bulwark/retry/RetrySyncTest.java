package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.testalloc.Allocations;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the sync path has: interruption, and the allocation-free success path. */
class RetrySyncTest {

  private final ManualTicker ticker = new ManualTicker();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void interruptedWhileSleepingStopsRestoresTheFlagAndThrows() {
    Retry retry =
        Retry.builder()
            .maxAttempts(5)
            .backoff(Backoff.fixed(Duration.ofMillis(100)))
            .ticker(ticker)
            .sleeper(
                nanos -> {
                  Thread.currentThread().interrupt(); // interrupted by someone during the sleep
                  ticker.sleeper().sleepNanos(nanos);
                })
            .build();
    IOException failure = new IOException("down");
    Script<String> call = Script.of(failure, "ok");
    assertThatThrownBy(() -> retry.call(call))
        .isInstanceOf(InterruptedException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(failure));
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(call.calls()).isEqualTo(1);
  }

  @Test
  void aFailureWhileTheThreadIsInterruptedIsNotRetried() {
    List<Long> sleeps = new CopyOnWriteArrayList<>();
    Retry retry = Retry.builder().sleeper(sleeps::add).build();
    IOException failure = new IOException("interrupted I/O");
    CheckedSupplier<String> call =
        () -> {
          Thread.currentThread().interrupt();
          throw failure;
        };
    assertThatThrownBy(() -> retry.call(call)).isSameAs(failure);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void errorsAreNeverCaught() {
    Retry retry = Retry.builder().retryOn(e -> true).sleeper(ticker.sleeper()).build();
    Script<String> call = Script.of(new IOException());
    AssertionError error = new AssertionError("error");
    CheckedSupplier<String> failing =
        () -> {
          if (call.calls() == 0) {
            call.get();
          }
          throw error;
        };
    assertThatThrownBy(() -> retry.call(failing)).isSameAs(error);
    assertThat(ticker.sleeps()).hasSize(1);
  }

  @Test
  void aThrowingPredicatePropagatesItsException() {
    IllegalStateException bug = new IllegalStateException("predicate bug");
    Retry retry =
        Retry.builder()
            .retryOn(
                e -> {
                  throw bug;
                })
            .build();
    assertThatThrownBy(() -> retry.call(Script.of(new IOException()))).isSameAs(bug);
  }

  @Test
  void aSuccessAllocatesNothingDirectlyOrInAPipeline() throws Exception {
    Retry retry = Retry.builder().budget(RetryBudget.tokenBucket(10, 0.1)).build();
    Pipeline pipeline = Pipeline.of(retry);
    CheckedSupplier<String> call = () -> "ok";
    for (int i = 0; i < 20_000; i++) { // warm up: class loading, interpreter profiles
      retry.call(call);
      pipeline.call(call);
    }
    long before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      retry.call(call);
      pipeline.call(call);
    }
    long allocated = Allocations.ofCurrentThread() - before;
    // 200,000 calls: anything per call would be megabytes; allow the measurement's own noise.
    assertThat(allocated).isLessThan(4096);
  }

  @Test
  void ticksOnlyWhenAMaxDurationIsSet() throws Exception {
    int[] reads = new int[1];
    Retry unbounded = Retry.builder().ticker(() -> ++reads[0]).build();
    unbounded.call(() -> "ok");
    assertThat(reads[0]).isZero();
    Retry bounded =
        Retry.builder().maxDuration(Duration.ofSeconds(1)).ticker(() -> ++reads[0]).build();
    bounded.call(() -> "ok");
    assertThat(reads[0]).isEqualTo(1);
  }
}
