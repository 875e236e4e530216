package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The optional scheduler moves OPEN to HALF_OPEN on time; without it, the first call does. */
class SchedulerTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final EventLog events = EventLog.transitions();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder("scheduled")
          .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())
          .ticker(ticker)
          .scheduler(scheduler)
          .listener(events)
          .build();

  @Test
  void theScheduledTaskMovesOpenToHalfOpenWithoutAnyCall() {
    assertThat(scheduler.delays()).isEmpty();
    Mode.SYNC.fail(breaker, ticker);
    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(30).toNanos());
    ticker.advance(Duration.ofSeconds(30));
    scheduler.runDue();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(events.drain())
        .containsExactly("CLOSED->OPEN CONSECUTIVE_FAILURES", "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED");
  }

  @Test
  void aTaskForAnOpeningThatIsOverDoesNothing() {
    Mode.SYNC.fail(breaker, ticker);
    ticker.advance(Duration.ofSeconds(30));
    Mode.SYNC.fail(breaker, ticker); // the lazy path went half-open first; the trial failed: open again
    assertThat(scheduler.pending()).isEqualTo(2);
    scheduler.runUntilIdle(); // the first task's opening is gone; the second moves the new one on
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(events.drain())
        .containsExactly(
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "HALF_OPEN->OPEN TRIAL_FAILED",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED");
  }

  @Test
  void aRefusingSchedulerFallsBackToTheLazyTransition() {
    scheduler.shutdown();
    Mode.SYNC.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(Mode.SYNC.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }
}
