package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.RejectedException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OPEN, HALF_OPEN and the manual states, on a ManualTicker, in every call mode. */
class TransitionsTest {

  private final ManualTicker ticker = new ManualTicker(1_000);
  private final EventLog events = EventLog.transitions();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    return CircuitBreaker.builder("t").config(config.build()).ticker(ticker).listener(events).build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void openRejectsWithOneExceptionWhoseRetryAfterCountsDown(Mode mode) throws Exception {
    CircuitBreaker breaker =
        breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))));
    mode.fail(breaker, ticker);

    CircuitOpenException first = rejection(breaker);
    assertThat(first.source()).isEqualTo("t");
    assertThat(first.state()).isEqualTo(CircuitState.OPEN);
    assertThat(first.retryAfterNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(first.getStackTrace()).isEmpty();
    assertThat(first).hasMessage("circuit breaker 't' is OPEN (open duration PT30S)");
    ticker.advance(Duration.ofSeconds(10));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    assertThat(rejection(breaker)).isSameAs(first);
    assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
    ticker.advance(Duration.ofSeconds(20).minusNanos(1));
    assertThat(first.retryAfterNanos()).isEqualTo(1);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    ticker.advanceNanos(1);
    assertThat(first.retryAfterNanos()).isZero();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // lazily: no call yet
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void openDurationFollowsTheBackoffAcrossReopeningsAndStartsOverWhenClosed(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(2))
                .openDuration(Backoff.exponential(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(2))));
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    for (long seconds : new long[] {30, 60, 120, 120}) {
      assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(seconds).toNanos());
      ticker.advance(Duration.ofSeconds(seconds).minusNanos(1));
      assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
      ticker.advanceNanos(1);
      assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom"); // the trial fails
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }
    ticker.advance(Duration.ofMinutes(2));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    mode.fail(breaker, ticker);
    mode.fail(breaker, ticker);
    assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void halfOpenClosesAfterConsecutiveTrialSuccessesAndReopensOnAnyFailure(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .openDuration(Backoff.fixed(Duration.ofSeconds(1)))
                .successThreshold(3));
    mode.fail(breaker, ticker);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.metrics().trialSuccesses()).isEqualTo(2);
    assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 2; i++) {
      mode.succeed(breaker, ticker);
      assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }
    mode.succeed(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->OPEN TRIAL_FAILED",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxWaitInHalfOpenReturnsAStuckBreakerToOpen(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .openDuration(Backoff.fixed(Duration.ofSeconds(10)))
                .maxWaitInHalfOpen(Duration.ofSeconds(5)));
    mode.fail(breaker, ticker);
    ticker.advance(Duration.ofSeconds(10));
    long stuck = breaker.tryAcquirePermission(); // a trial that never reports
    assertThat(stuck).isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
    ticker.advance(Duration.ofSeconds(5).minusNanos(1));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:HALF_OPEN");
    ticker.advanceNanos(1);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
    ticker.advance(Duration.ofSeconds(10));
    breaker.onSuccess(stuck, 0); // late: ignored, and frees nothing in the new generation
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->OPEN HALF_OPEN_TIMEOUT",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void zeroOpenDurationMakesTheNextCallATrial(Mode mode) {
    CircuitBreaker breaker =
        breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ZERO)));
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void forcedOpenRejectsEverythingUntilReset(Mode mode) throws Exception {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)));
    mode.fail(breaker, ticker);
    breaker.forceOpen();
    assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
    ticker.advance(Duration.ofDays(1));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:FORCED_OPEN");
    CircuitOpenException e = rejection(breaker);
    assertThat(e.retryAfterNanos()).isEqualTo(RejectedException.UNKNOWN);
    assertThat(e.retryAfter()).isEqualTo(Duration.ZERO);
    breaker.reset();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    mode.fail(breaker, ticker); // the count started over: 1 of 2
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events.drain()).containsExactly("CLOSED->FORCED_OPEN FORCED_OPEN", "FORCED_OPEN->CLOSED RESET");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void disabledPassesEverythingAndRecordsNothing(Mode mode) {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)));
    long admittedBefore = breaker.tryAcquirePermission();
    breaker.disable();
    breaker.onError(admittedBefore, 0, new IllegalStateException("late"));
    for (int i = 0; i < 10; i++) {
      assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom");
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
    assertThat(breaker.metrics().generation()).isEqualTo(1);
    breaker.reset();
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain())
        .containsExactly(
            "CLOSED->DISABLED DISABLED", "DISABLED->CLOSED RESET", "CLOSED->OPEN CONSECUTIVE_FAILURES");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void resetFromClosedStartsAFreshGeneration(Mode mode) {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)));
    long before = breaker.tryAcquirePermission();
    mode.fail(breaker, ticker);
    breaker.reset();
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
    breaker.onError(before, 0, new IllegalStateException("late")); // ignored
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain()).containsExactly("CLOSED->CLOSED RESET", "CLOSED->OPEN CONSECUTIVE_FAILURES");
  }

  private static CircuitOpenException rejection(CircuitBreaker breaker) throws Exception {
    try {
      breaker.acquirePermission();
    } catch (CircuitOpenException e) {
      return e;
    }
    throw new AssertionError("expected a rejection from " + breaker);
  }
}
