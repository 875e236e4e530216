package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.testlog.LogCapture;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The retry's structured log on {@code dev.bulwark.retry}: exact events, levels and key-value pairs;
 * a successful call logs nothing.
 */
class RetryLoggingTest {

  private static final String LOGGER = "dev.bulwark.retry";

  private final Mode.Fixture f = new Mode.Fixture();

  private RetryBuilder builder(String name) {
    return f.builder()
        .name(name)
        .maxAttempts(3)
        .backoff(Backoff.fixed(Duration.ofMillis(100)))
        .abortOn(e -> e instanceof FileNotFoundException);
  }

  @Test
  void successesLogNothingAndEveryOtherEndIsLoggedOnce() throws Exception {
    Retry retry = builder("logged").build();
    try (LogCapture logs = LogCapture.start()) {
      retry.call(Script.of("ok"));
      retry.call(Script.of(new IOException("a"), "ok"));
      assertThatThrownBy(() -> retry.call(Script.of(new IOException("b")))).hasMessage("b");
      assertThatThrownBy(() -> retry.call(Script.of(new FileNotFoundException("c")))).hasMessage("c");
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> retry.call(Script.of(new IOException("d")))).hasMessage("d");
      } finally {
        Thread.interrupted();
      }

      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "DEBUG event=retry_attempt_failed name=logged attempt=1 delay_ms=100 outcome=java.io.IOException: a",
              "DEBUG event=retry_attempt_failed name=logged attempt=1 delay_ms=100 outcome=java.io.IOException: b",
              "DEBUG event=retry_attempt_failed name=logged attempt=2 delay_ms=100 outcome=java.io.IOException: b",
              "WARN event=retry_exhausted name=logged attempts=3 reason=max_attempts"
                  + " outcome=java.io.IOException: b",
              "DEBUG event=retry_aborted name=logged attempts=1 outcome=java.io.FileNotFoundException: c",
              "DEBUG event=retry_interrupted name=logged attempts=1");
      LogCapture.Entry exhausted = logs.entries().get(3);
      assertThat(exhausted.message()).isEqualTo("retry 'logged': retries exhausted after 3 attempts (MAX_ATTEMPTS)");
      assertThat(exhausted.cause()).hasMessage("b");
    }
  }

  @Test
  void exhaustionByMaxDurationNamesItsReason() {
    Retry retry =
        f.builder()
            .name("timed")
            .maxDuration(Duration.ofMillis(150))
            .backoff(Backoff.fixed(Duration.ofMillis(100)))
            .build();
    try (LogCapture logs = LogCapture.start()) {
      assertThatThrownBy(() -> retry.call(Script.of(new IOException("x")))).hasMessage("x");
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "DEBUG event=retry_attempt_failed name=timed attempt=1 delay_ms=100 outcome=java.io.IOException: x",
              "WARN event=retry_exhausted name=timed attempts=2 reason=max_duration outcome=java.io.IOException: x");
    }
  }

  @Test
  void theBudgetIsLoggedWhenItStartsRefusingAndWhenItAllowsAgainNotInBetween() throws Exception {
    // 4 tokens; retries allowed while more than 2 remain; each failure takes 1, each success gives 1.
    Retry retry = builder("budgeted").budget(RetryBudget.tokenBucket(4, 1.0)).build();
    try (LogCapture logs = LogCapture.start()) {
      assertThatThrownBy(() -> retry.call(Script.of(new IOException("a1"), new IOException("a2"))))
          .hasMessage("a2"); // 3 tokens: retried; 2 tokens: refused
      assertThatThrownBy(() -> retry.call(Script.of(new IOException("b")))).hasMessage("b"); // still refused
      retry.call(Script.of("ok"));
      retry.call(Script.of("ok"));
      retry.call(Script.of("ok")); // back to 4 tokens
      assertThat(retry.call(Script.<String>of(new IOException("c"), "ok"))).isEqualTo("ok"); // allowed again

      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "DEBUG event=retry_attempt_failed name=budgeted attempt=1 delay_ms=100 outcome=java.io.IOException: a1",
              "WARN event=retry_budget_exhausted name=budgeted attempts=2 outcome=java.io.IOException: a2",
              "INFO event=retry_budget_recovered name=budgeted",
              "DEBUG event=retry_attempt_failed name=budgeted attempt=1 delay_ms=100 outcome=java.io.IOException: c");
    }
  }

  @Test
  void aThrowingListenerIsLoggedWithItsCause() throws Exception {
    IllegalStateException bug = new IllegalStateException("listener bug");
    RetryListener listener =
        new RetryListener() {
          @Override
          public void onEvent(RetryEvent event) {
            throw bug;
          }

          @Override
          public String toString() {
            return "buggy";
          }
        };
    Retry retry = builder("listened").listener(listener).build();
    try (LogCapture logs = LogCapture.start()) {
      assertThat(retry.call(Script.<String>of(new IOException("a"), "ok"))).isEqualTo("ok");
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "DEBUG event=retry_attempt_failed name=listened attempt=1 delay_ms=100 outcome=java.io.IOException: a",
              "WARN event=retry_listener_failed name=listened listener=buggy",
              "WARN event=retry_listener_failed name=listened listener=buggy");
      assertThat(logs.entries().get(1).cause()).isSameAs(bug);
    }
  }
}
