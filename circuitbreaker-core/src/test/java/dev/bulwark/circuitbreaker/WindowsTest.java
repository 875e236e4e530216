package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sliding-window strategies: failure rate and slow-call rate, count- and time-based. */
class WindowsTest {

  private final ManualTicker ticker = new ManualTicker();
  private final EventLog events = EventLog.transitions();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    return CircuitBreaker.builder("w").config(config.build()).ticker(ticker).listener(events).build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void countWindowWaitsForTheMinimumThenOpensAtTheThreshold(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(4)).minimumCalls(4)));
    mode.succeed(breaker, ticker);
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker); // 2 of 3 failed, but fewer than 4 calls
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics())
        .extracting(m -> m.bufferedCalls(), m -> m.failedCalls(), m -> m.failureRate())
        .containsExactly(3, 2, 200.0 / 3);
    mode.succeed(breaker, ticker); // 2 of 4: the rate is reached, but only a failure checks it
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    mode.fail(breaker, ticker); // evicts the first success: F F S F, 3 of 4
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain()).containsExactly("CLOSED->OPEN FAILURE_RATE failureRate=75.0");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void countWindowForgetsEvictedOutcomes(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(100, SlidingWindow.ofCalls(3)).minimumCalls(3)));
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    mode.succeed(breaker, ticker);
    mode.fail(breaker, ticker); // F S F
    mode.fail(breaker, ticker); // S F F
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
    mode.fail(breaker, ticker); // F F F
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain()).containsExactly("CLOSED->OPEN FAILURE_RATE failureRate=100.0");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void timeWindowExpiresWholeBuckets(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(10))).minimumCalls(3)));
    ticker.advance(Duration.ofMillis(500));
    mode.fail(breaker, ticker); // bucket 0
    mode.fail(breaker, ticker); // bucket 0
    ticker.advance(Duration.ofMillis(4_500));
    mode.succeed(breaker, ticker); // bucket 5
    mode.succeed(breaker, ticker); // bucket 5
    ticker.advance(Duration.ofSeconds(5)); // t = 10 s: bucket 0 has left the window
    mode.fail(breaker, ticker); // 1 failure of 3
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics())
        .extracting(m -> m.bufferedCalls(), m -> m.failedCalls())
        .containsExactly(3, 1);
    mode.fail(breaker, ticker); // 2 of 4
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain()).containsExactly("CLOSED->OPEN FAILURE_RATE failureRate=50.0");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void timeWindowCountsTheWholeWindowJustBeforeABucketExpires(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(10))).minimumCalls(3)));
    ticker.advance(Duration.ofMillis(500));
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    ticker.advance(Duration.ofMillis(4_500));
    mode.succeed(breaker, ticker);
    mode.succeed(breaker, ticker);
    ticker.advance(Duration.ofSeconds(5).minusNanos(1)); // still in bucket 9
    mode.fail(breaker, ticker); // 3 failures of 5
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain()).containsExactly("CLOSED->OPEN FAILURE_RATE failureRate=60.0");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void slowCallRateOpensTheBreaker(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(100, SlidingWindow.ofCalls(4)).minimumCalls(4).slowCallRate(50, Duration.ofSeconds(1))));
    assertThat(mode.guard(breaker, ticker, Duration.ofSeconds(1), "a")).isEqualTo("ok:a"); // not slow
    mode.guard(breaker, ticker, Duration.ofSeconds(1).plusNanos(1), "b"); // slow
    mode.guard(breaker, ticker, Duration.ZERO, "c");
    assertThat(breaker.metrics())
        .extracting(m -> m.bufferedCalls(), m -> m.slowCalls(), m -> m.slowCallRate())
        .containsExactly(3, 1, 100.0 / 3);
    mode.guard(breaker, ticker, Duration.ofSeconds(2), "d"); // slow: 2 of 4
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain())
        .containsExactly("CLOSED->OPEN SLOW_CALL_RATE failureRate=0.0 slowCallRate=50.0");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSlowTrialReopens(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(10))).minimumCalls(1).slowCallRate(100, Duration.ofSeconds(1)))
                .openDuration(Backoff.fixed(Duration.ofSeconds(5))));
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(mode.guard(breaker, ticker, Duration.ofSeconds(2), "slow")).isEqualTo("ok:slow");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(5));
    mode.guard(breaker, ticker, Duration.ofMillis(10), "quick");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN FAILURE_RATE failureRate=100.0 slowCallRate=0.0",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->OPEN TRIAL_FAILED",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }
}
