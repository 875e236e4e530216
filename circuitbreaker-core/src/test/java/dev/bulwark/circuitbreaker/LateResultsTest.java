package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A call admitted in an earlier generation must not count in the current one. */
class LateResultsTest {

  private final ManualTicker ticker = new ManualTicker();
  private final EventLog events = EventLog.transitions();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder("late")
          .config(
              CircuitBreakerConfig.builder()
                  .trip(TripStrategy.consecutiveFailures(2))
                  .openDuration(Backoff.fixed(Duration.ofSeconds(10)))
                  .successThreshold(2)
                  .build())
          .ticker(ticker)
          .listener(events)
          .build();

  @Test
  void aFailureAdmittedWhileClosedIsIgnoredOnceTheBreakerHasMovedOn() {
    long closedTicket = breaker.tryAcquirePermission();
    trip();
    breaker.onError(closedTicket, 0, new IllegalStateException("late")); // OPEN: ignored
    ticker.advance(Duration.ofSeconds(10));
    long trial = breaker.tryAcquirePermission();
    breaker.onError(closedTicket, 0, new IllegalStateException("late")); // HALF_OPEN: ignored
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    breaker.onSuccess(trial, 0);
    assertThat(breaker.metrics().trialSuccesses()).isEqualTo(1);
    assertThat(events.drain())
        .containsExactly("CLOSED->OPEN CONSECUTIVE_FAILURES", "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED");
  }

  @Test
  void aSuccessAdmittedWhileClosedIsNoTrialSuccess() {
    long closedTicket = breaker.tryAcquirePermission();
    trip();
    ticker.advance(Duration.ofSeconds(10));
    long trial = breaker.tryAcquirePermission();
    breaker.onSuccess(closedTicket, 0);
    breaker.onSuccess(closedTicket, 0);
    assertThat(breaker.metrics())
        .extracting(m -> m.state(), m -> m.trialCallsInFlight(), m -> m.trialSuccesses())
        .containsExactly(CircuitState.HALF_OPEN, 1, 0);
    breaker.onSuccess(trial, 0);
    assertThat(breaker.metrics().trialSuccesses()).isEqualTo(1);
  }

  @Test
  void aTrialOfAnEarlierHalfOpenGenerationFreesNoSlotOfALaterOne() {
    trip();
    ticker.advance(Duration.ofSeconds(10));
    long oldTrial = breaker.tryAcquirePermission();
    long failingTrial = oldTrial; // same generation: both admitted by the first HALF_OPEN
    breaker.onError(failingTrial, 0, new IllegalStateException("still down"));
    ticker.advance(Duration.ofSeconds(10));
    long newTrial = breaker.tryAcquirePermission();
    assertThat(newTrial).isGreaterThan(oldTrial);
    breaker.releasePermission(oldTrial);
    breaker.onSuccess(oldTrial, 0);
    assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(breaker.metrics().trialSuccesses()).isZero();
  }

  @Test
  void anAsyncCallThatCompletesAfterATransitionIsIgnored() {
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<String> guarded = breaker.callAsync(() -> slow).toCompletableFuture();
    trip();
    breaker.reset();
    fail(); // 1 of 2 in the new generation
    slow.completeExceptionally(new IllegalStateException("late"));
    assertThat(guarded).isCompletedExceptionally();
    assertThat(breaker.metrics().consecutiveFailures()).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void reportingATicketTwiceCannotCreateTrialSlots() {
    trip();
    ticker.advance(Duration.ofSeconds(10));
    long trial = breaker.tryAcquirePermission();
    breaker.releasePermission(trial);
    breaker.releasePermission(trial);
    assertThat(breaker.metrics().trialCallsInFlight()).isZero();
    assertThat(breaker.tryAcquirePermission()).isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
  }

  @Test
  void aForgedTicketIsIgnored() {
    breaker.onError(CircuitBreaker.NOT_PERMITTED, 0, new IllegalStateException("x"));
    breaker.onError(42, 0, new IllegalStateException("x"));
    breaker.onError(42, 0, new IllegalStateException("x"));
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
  }

  private void trip() {
    fail();
    fail();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  private void fail() {
    long ticket = breaker.tryAcquirePermission();
    breaker.onError(ticket, 0, new IllegalStateException("boom"));
  }
}
