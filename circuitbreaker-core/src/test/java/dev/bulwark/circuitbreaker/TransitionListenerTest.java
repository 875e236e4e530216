package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listeners added to a built breaker see the later transitions, and nothing else. */
class TransitionListenerTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder("late")
          .config(
              CircuitBreakerConfig.builder()
                  .trip(TripStrategy.consecutiveFailures(1))
                  .openDuration(Backoff.fixed(Duration.ofSeconds(5)))
                  .build())
          .ticker(ticker)
          .build();

  @Test
  void seesEveryLaterTransitionInOrderAndNoCalls() {
    breaker.forceOpen(); // before the listener: not seen
    breaker.reset();
    List<String> seen = new ArrayList<>();
    breaker.addTransitionListener(t -> seen.add(t.breakerName() + " " + t.from() + "->" + t.to() + " " + t.reason()));
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
  void aThrowingListenerDoesNotStopTheTransitionNorTheOtherListeners() {
    List<String> seen = new ArrayList<>();
    breaker.addTransitionListener(
        t -> {
          throw new IllegalStateException("listener bug");
        });
    breaker.addTransitionListener(t -> seen.add(t.to().toString()));
    breaker.forceOpen();
    assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
    assertThat(seen).containsExactly("FORCED_OPEN");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> breaker.addTransitionListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }
}
