package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The event log of a whole cycle is the same in every call mode. */
class EventsTest {

  private final ManualTicker ticker = new ManualTicker();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aWholeCycleEmitsTheSameEventsInEveryMode(Mode mode) {
    EventLog events = EventLog.all();
    CircuitBreaker breaker =
        CircuitBreaker.builder("e")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.consecutiveFailures(2))
                    .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
                    .build())
            .ticker(ticker)
            .listener(events)
            .build();
    mode.guard(breaker, ticker, Duration.ofMillis(5), "a");
    mode.guard(breaker, ticker, Duration.ofMillis(10), new IllegalStateException("down"));
    mode.guard(breaker, ticker, Duration.ofMillis(15), new IllegalStateException("down"));
    ticker.advance(Duration.ofSeconds(10));
    mode.succeed(breaker, ticker);
    ticker.advance(Duration.ofSeconds(20));
    mode.guard(breaker, ticker, Duration.ofMillis(20), "b");

    assertThat(events.drain())
        .containsExactly(
            "permitted CLOSED",
            "success CLOSED 5ms",
            "permitted CLOSED",
            "failure CLOSED 10ms down",
            "permitted CLOSED",
            "failure CLOSED 15ms down",
            "CLOSED->OPEN CONSECUTIVE_FAILURES",
            "rejected OPEN 20000ms",
            "OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "permitted HALF_OPEN",
            "success HALF_OPEN 20ms",
            "HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  @Test
  void aThrowingListenerNeitherFailsTheCallNorStopsTheOthers() throws Exception {
    List<String> seen = new ArrayList<>();
    CircuitBreaker breaker =
        CircuitBreaker.builder("x")
            .ticker(ticker)
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .listener(e -> seen.add(e.getClass().getSimpleName()))
            .build();
    assertThat(breaker.call(() -> "ok")).isEqualTo("ok");
    assertThat(seen).containsExactly("CallPermitted", "CallSucceeded");
  }

  @Test
  void aListenerMayResetTheBreakerFromATransitionEvent() {
    List<CircuitBreaker> self = new ArrayList<>();
    EventLog log = EventLog.transitions();
    CircuitBreaker breaker =
        CircuitBreaker.builder("self-healing")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
            .ticker(ticker)
            .listener(log)
            .listener(
                e -> {
                  if (e instanceof CircuitBreakerEvent.StateTransition
                      && ((CircuitBreakerEvent.StateTransition) e).to() == CircuitState.OPEN) {
                    self.get(0).reset();
                  }
                })
            .build();
    self.add(breaker);
    Mode.SYNC.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(log.drain()).containsExactly("CLOSED->OPEN CONSECUTIVE_FAILURES", "OPEN->CLOSED RESET");
  }
}
