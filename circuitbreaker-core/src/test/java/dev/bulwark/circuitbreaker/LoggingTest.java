package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.testlog.LogCapture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The breaker's structured log: each operational event once, on the logger
 * {@code dev.bulwark.circuitbreaker}, with exact levels and key-value pairs; calls never.
 */
class LoggingTest {

  private static final String LOGGER = "dev.bulwark.circuitbreaker";

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void transitionsAreLoggedWithTheirReasonAndRatesAndCallsAreNot() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("logging-test-breaker")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(4)).minimumCalls(2))
                    .openDuration(Backoff.fixed(Duration.ofSeconds(1)))
                    .build())
            .ticker(ticker)
            .build();
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 5; i++) {
        breaker.call(() -> "fine");
      }
      Mode.SYNC.fail(breaker, ticker);
      Mode.SYNC.fail(breaker, ticker); // 2 of 4 failed
      assertThat(Mode.SYNC.fail(breaker, ticker)).isEqualTo("rejected:OPEN");
      ticker.advance(Duration.ofSeconds(1));
      breaker.call(() -> "fine");
      breaker.forceOpen();

      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=circuit_breaker_transition name=logging-test-breaker from=closed to=open"
                  + " reason=failure_rate failure_rate=50.0",
              "INFO event=circuit_breaker_transition name=logging-test-breaker from=open to=half_open"
                  + " reason=open_duration_elapsed",
              "INFO event=circuit_breaker_transition name=logging-test-breaker from=half_open to=closed"
                  + " reason=trials_succeeded",
              "WARN event=circuit_breaker_transition name=logging-test-breaker from=closed to=forced_open"
                  + " reason=forced_open");
      assertThat(logs.entries().get(0).message())
          .isEqualTo("circuit breaker 'logging-test-breaker' CLOSED -> OPEN (FAILURE_RATE)");
    }
  }

  @Test
  void slowCallTripsLogTheSlowCallRate() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("slow")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(2)).minimumCalls(2).slowCallRate(50, Duration.ofMillis(100)))
                    .build())
            .ticker(ticker)
            .build();
    try (LogCapture logs = LogCapture.start()) {
      Mode.SYNC.guard(breaker, ticker, Duration.ofMillis(10), "fast");
      Mode.SYNC.guard(breaker, ticker, Duration.ofMillis(150), "slow");
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=circuit_breaker_transition name=slow from=closed to=open"
                  + " reason=slow_call_rate failure_rate=0.0 slow_call_rate=50.0");
    }
  }

  @Test
  void aThrowingListenerIsLoggedOncePerEventWithItsCause() {
    IllegalStateException bug = new IllegalStateException("listener bug");
    CircuitBreakerListener listener =
        new CircuitBreakerListener() {
          @Override
          public void onEvent(CircuitBreakerEvent event) {
            throw bug;
          }

          @Override
          public String toString() {
            return "buggy";
          }
        };
    CircuitBreaker breaker = CircuitBreaker.builder("listened").ticker(ticker).listener(listener).build();
    try (LogCapture logs = LogCapture.start()) {
      breaker.forceOpen();
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=circuit_breaker_transition name=listened from=closed to=forced_open"
                  + " reason=forced_open",
              "WARN event=circuit_breaker_listener_failed name=listened listener=buggy");
      assertThat(logs.entries().get(1).cause()).isSameAs(bug);
    }
  }

  @Test
  void aThrowingPredicateIsLoggedAndCountsTheCallAsFailed() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("predicates")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.consecutiveFailures(5))
                    .recordExceptions(
                        e -> {
                          throw new IllegalStateException("predicate bug");
                        })
                    .recordResult(
                        r -> {
                          throw new IllegalStateException("predicate bug");
                        })
                    .build())
            .ticker(ticker)
            .build();
    CircuitBreakerCounts counts = breaker.countCalls();
    try (LogCapture logs = LogCapture.start()) {
      Mode.SYNC.fail(breaker, ticker);
      Mode.SYNC.succeed(breaker, ticker);
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=circuit_breaker_predicate_failed name=predicates predicate=exception",
              "WARN event=circuit_breaker_predicate_failed name=predicates predicate=result");
    }
    assertThat(counts.count(CallOutcome.FAILURE)).isEqualTo(2);
  }

  @Test
  void aRefusingSchedulerIsLogged() {
    ManualScheduler scheduler = new ManualScheduler(new ManualTicker());
    scheduler.shutdown();
    CircuitBreaker breaker =
        CircuitBreaker.builder("scheduled")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
            .ticker(ticker)
            .scheduler(scheduler)
            .build();
    try (LogCapture logs = LogCapture.start()) {
      Mode.SYNC.fail(breaker, ticker);
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=circuit_breaker_transition name=scheduled from=closed to=open"
                  + " reason=consecutive_failures",
              "WARN event=circuit_breaker_scheduler_rejected name=scheduled");
    }
  }

  @Test
  void aBreakerNamedLikeAConfigButCreatedWithTheDefaultIsAConfigurationWarning() {
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.builder()
            .config("search", CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
            .ticker(ticker)
            .build();
    try (LogCapture logs = LogCapture.start()) {
      registry.breaker("search", "search");
      registry.breaker("db");
      registry.breaker("search"); // exists: no warning
      CircuitBreakerRegistry other =
          CircuitBreakerRegistry.builder()
              .config("search", CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
              .build();
      other.breaker("search");
      other.breaker("search");
      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "WARN event=configuration_warning name=search warning=named_config_not_applied");
    }
  }

  @Test
  void aThrowingRegistryActionIsLogged() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    registry.onEachBreaker(
        new java.util.function.Consumer<CircuitBreaker>() {
          @Override
          public void accept(CircuitBreaker b) {
            throw new IllegalStateException("action bug");
          }

          @Override
          public String toString() {
            return "binder";
          }
        });
    try (LogCapture logs = LogCapture.start()) {
      registry.breaker("db");
      assertThat(logs.lines(LOGGER))
          .containsExactly("WARN event=circuit_breaker_listener_failed name=db listener=binder");
    }
  }
}
