package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three example configs of the issue, each through a whole cycle, in every call mode. */
class ExampleConfigsTest {

  private final ManualTicker ticker = new ManualTicker();
  private final EventLog events = EventLog.transitions();

  private CircuitBreaker breaker(CircuitBreakerConfig config) {
    return CircuitBreaker.builder("example").config(config).ticker(ticker).listener(events).build();
  }

  /** (a) failureThreshold 5, successThreshold 2, open 30 s, maxHalfOpenCalls 5. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void configA(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(5))
                .successThreshold(2)
                .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
                .maxHalfOpenCalls(5)
                .build());

    for (int i = 0; i < 4; i++) {
      assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom");
    }
    assertThat(breaker.metrics().consecutiveFailures()).isEqualTo(4);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
    for (int i = 0; i < 4; i++) {
      mode.fail(breaker, ticker);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

    ticker.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    ticker.advanceNanos(1);

    // Five trials in flight at once; the sixth call is rejected.
    long[] trials = new long[5];
    for (int i = 0; i < 5; i++) {
      trials[i] = breaker.tryAcquirePermission();
      assertThat(trials[i]).isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:HALF_OPEN");
    breaker.onSuccess(trials[0], 0);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(breaker.metrics().trialSuccesses()).isEqualTo(1);
    assertThat(breaker.metrics().trialCallsInFlight()).isEqualTo(4);
    // A slot is free again: the second success comes through the mode under test and closes.
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    // The other four trials report late: ignored.
    for (int i = 1; i < 5; i++) {
      breaker.onError(trials[i], 0, new IllegalStateException("late"));
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().consecutiveFailures()).isZero();

    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  /** (b) pybreaker fail_max 5, reset_timeout 60 s, success_threshold 1. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void configB(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(5))
                .openDuration(Backoff.fixed(Duration.ofMinutes(1)))
                .successThreshold(1)
                .build());

    for (int i = 0; i < 5; i++) {
      mode.fail(breaker, ticker);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(59));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    ticker.advance(Duration.ofSeconds(1));
    // The trial fails: open for another 60 s.
    assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
    ticker.advance(Duration.ofMinutes(1));
    // One successful trial closes it.
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->OPEN TRIAL_FAILED",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  /** (c) pybreaker fail_max 3, reset_timeout 30 s; defaults elsewhere (one trial at a time). */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void configC(Mode mode) {
    CircuitBreaker breaker =
        breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(3)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build());

    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    mode.succeed(breaker, ticker);
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

    ticker.advance(Duration.ofSeconds(30));
    long trial = breaker.tryAcquirePermission();
    assertThat(trial).isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:HALF_OPEN");
    breaker.onSuccess(trial, 0);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");

    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }
}
