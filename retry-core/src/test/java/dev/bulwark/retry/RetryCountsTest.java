package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.testalloc.Allocations;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exact outcome and attempt counts after scripted calls, sync and async. */
class RetryCountsTest {

  private final Mode.Fixture f = new Mode.Fixture();

  private RetryBuilder builder() {
    return f.builder()
        .name("counted")
        .maxAttempts(3)
        .backoff(Backoff.fixed(Duration.ofMillis(100)))
        .abortOn(e -> e instanceof FileNotFoundException)
        .recordStats();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyEndedCallIsCountedOnceWithItsAttempts(Mode mode) throws Exception {
    Retry retry = builder().build();
    RetryCounts counts = retry.stats().orElseThrow();
    mode.call(f, retry, Script.of("ok"));
    mode.call(f, retry, Script.of("ok"));
    mode.call(f, retry, Script.of(new IOException("1"), "ok"));
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(new IOException("2")))).hasMessage("2");
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(new IllegalStateException("3")))).hasMessage("3");
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(new IOException("4"), new FileNotFoundException("5"))))
        .hasMessage("5");

    assertThat(render(counts))
        .containsExactly(
            "SUCCESS 2", "SUCCESS_AFTER_RETRY 1", "EXHAUSTED 1", "ABORTED 1", "BUDGET_EXHAUSTED 0", "FAILED 1");
    assertThat(counts.attempts()).isEqualTo(2 + 2 + 3 + 1 + 2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRefusedRetryIsCountedAsBudgetExhausted(Mode mode) {
    Retry retry = builder().budget(RetryBudget.tokenBucket(2, 1.0)).build();
    RetryCounts counts = retry.stats().orElseThrow();
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(new IOException("1"), "ok"))).hasMessage("1");
    assertThat(counts.count(RetryOutcome.BUDGET_EXHAUSTED)).isEqualTo(1);
    assertThat(counts.attempts()).isEqualTo(1);
  }

  @Test
  void resultRulesCountTooAndEveryCallIsCountedFromTheStart() throws Exception {
    Retry retry = builder().retryOnResult(String.class, s -> s.equals("again")).build();
    retry.call(Script.of("again", "ok")); // counted: the statistics start with the retry
    RetryCounts counts = retry.stats().orElseThrow();
    assertThat(retry.stats().orElseThrow()).isSameAs(counts);
    assertThat(retry.call(Script.<String>of("fine"))).isEqualTo("fine");
    assertThat(retry.call(Script.<String>of("again", "again", "again"))).isEqualTo("again");
    assertThat(render(counts))
        .containsExactly(
            "SUCCESS 1", "SUCCESS_AFTER_RETRY 1", "EXHAUSTED 1", "ABORTED 0", "BUDGET_EXHAUSTED 0", "FAILED 0");
    assertThat(counts.attempts()).isEqualTo(6);
  }

  @Test
  void anInterruptedCallIsCountedAsFailed() {
    Retry retry = builder().build();
    RetryCounts counts = retry.stats().orElseThrow();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> retry.call(Script.of(new IOException("1"), "ok"))).hasMessage("1");
    } finally {
      Thread.interrupted();
    }
    assertThat(counts.count(RetryOutcome.FAILED)).isEqualTo(1);
    assertThat(counts.attempts()).isEqualTo(1);
  }

  @Test
  void anAsyncCallWhoseRetryCannotBeScheduledIsCountedAsFailed() {
    Retry retry = builder().build();
    RetryCounts counts = retry.stats().orElseThrow();
    f.scheduler.shutdown();
    assertThatThrownBy(() -> Mode.ASYNC.call(f, retry, Script.of(new IOException("1"), "ok"))).hasMessage("1");
    assertThat(counts.count(RetryOutcome.FAILED)).isEqualTo(1);
    assertThat(counts.attempts()).isEqualTo(1);
    assertThat(counts)
        .hasToString(
            "RetryCounts{SUCCESS=0, SUCCESS_AFTER_RETRY=0, EXHAUSTED=0, ABORTED=0, BUDGET_EXHAUSTED=0,"
                + " FAILED=1} attempts=1");
  }

  @Test
  void aSucceedingCallAllocatesNothingWhileCounted() throws Exception {
    Retry retry = Retry.builder().name("hot").recordStats().build();
    Script<String> ok = Script.of("ok");
    for (int i = 0; i < 20_000; i++) {
      retry.call(ok); // warm up
    }
    long before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      retry.call(ok);
    }
    long bytes = Allocations.ofCurrentThread() - before;
    assertThat(bytes).isLessThan(64 * 1024); // one allocation per call would be at least 1.6 MB
    assertThat(retry.stats().orElseThrow().count(RetryOutcome.SUCCESS)).isEqualTo(120_000);
  }

  private static List<String> render(RetryCounts counts) {
    List<String> lines = new ArrayList<>();
    for (RetryOutcome outcome : RetryOutcome.values()) {
      lines.add(outcome + " " + counts.count(outcome));
    }
    return lines;
  }

  @Test
  void aRetryBuiltWithoutStatsHasNoneAndStatsAreChosenOnce() throws Exception {
    Retry plain = Retry.builder().name("plain").build();
    plain.call(Script.<String>of("fine"));
    assertThat(plain.stats()).isEmpty();
    assertThat(plain.stats()).isSameAs(plain.stats());
    RetryBuilder b = Retry.builder().recordStats();
    assertThatThrownBy(b::recordStats).isInstanceOf(IllegalStateException.class).hasMessageContaining("recordStats");
  }
}
