package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transitions-only listeners ({@link CircuitBreakerListener#onTransition}), given on the builder, see
 * every transition and nothing else, and cost the calls nothing.
 */
class TransitionListenerTest {

  private final ManualTicker ticker = new ManualTicker();

  private CircuitBreaker breaker(CircuitBreakerListener... listeners) {
    CircuitBreaker.Builder b =
        CircuitBreaker.builder("late")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.consecutiveFailures(1))
                    .openDuration(Backoff.fixed(Duration.ofSeconds(5)))
                    .build())
            .ticker(ticker)
            .recordStats();
    for (CircuitBreakerListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  @Test
  void seesEveryTransitionInOrderAndNoCalls() {
    List<String> seen = new ArrayList<>();
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerListener.onTransition(
                t -> seen.add(t.breakerName() + " " + t.from() + "->" + t.to() + " " + t.reason())));
    Mode.SYNC.succeed(breaker, ticker);
    Mode.SYNC.fail(breaker, ticker);
    Mode.SYNC.succeed(breaker, ticker); // rejected
    ticker.advance(Duration.ofSeconds(5));
    Mode.SYNC.succeed(breaker, ticker);

    assertThat(seen)
        .containsExactly(
            "late CLOSED->OPEN CONSECUTIVE_FAILURES",
            "late OPEN->HALF_OPEN OPEN_DURATION_ELAPSED",
            "late HALF_OPEN->CLOSED TRIALS_SUCCEEDED");
  }

  @Test
  void aTransitionsOnlyListenerDoesNotMakeTheBreakerTimeCalls() {
    List<CircuitBreakerEvent> all = new ArrayList<>();
    CircuitBreaker quiet = breaker(CircuitBreakerListener.onTransition(t -> {}));
    CircuitBreaker loud = breaker(all::add);
    Mode.SYNC.guard(quiet, ticker, Duration.ofMillis(5), "a");
    Mode.SYNC.guard(loud, ticker, Duration.ofMillis(5), "a");
    assertThat(quiet.stats().orElseThrow().timedCount(CallOutcome.SUCCESS)).isZero();
    assertThat(loud.stats().orElseThrow().timedCount(CallOutcome.SUCCESS)).isEqualTo(1);
    assertThat(all).hasSize(2); // permitted, succeeded
  }

  @Test
  void aThrowingListenerDoesNotStopTheTransitionNorTheOtherListeners() {
    List<String> seen = new ArrayList<>();
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerListener.onTransition(
                t -> {
                  throw new IllegalStateException("listener bug");
                }),
            CircuitBreakerListener.onTransition(t -> seen.add(t.to().toString())));
    breaker.forceOpen();
    assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
    assertThat(seen).containsExactly("FORCED_OPEN");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> CircuitBreakerListener.onTransition(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("action");
    assertThatThrownBy(() -> CircuitBreaker.builder("x").listener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }
}
