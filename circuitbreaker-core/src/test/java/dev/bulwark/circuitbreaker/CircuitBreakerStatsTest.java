package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exact call counts and durations after scripted scenarios, in every call mode. */
class CircuitBreakerStatsTest {

  private final ManualTicker ticker = new ManualTicker();

  /** The default kind of breaker, which times no call: it opens after consecutive failures. */
  private CircuitBreaker untimedBreaker(int consecutiveFailures) {
    return CircuitBreaker.builder("untimed")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(consecutiveFailures)).build())
        .ticker(ticker)
        .recordStats()
        .build();
  }

  private CircuitBreaker timedBreaker() {
    return CircuitBreaker.builder("counted")
        .config(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(20)).minimumCalls(20).slowCallRate(100, Duration.ofMillis(100)))
                .ignoreExceptions(e -> e instanceof IllegalArgumentException)
                .build())
        .ticker(ticker)
        .recordStats()
        .build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void countsEveryOutcomeWithItsDuration(Mode mode) {
    CircuitBreaker breaker = timedBreaker();
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    mode.guard(breaker, ticker, Duration.ofMillis(5), "a");
    mode.guard(breaker, ticker, Duration.ofMillis(200), "b"); // slow
    mode.guard(breaker, ticker, Duration.ofMillis(10), new IllegalStateException("down"));
    mode.guard(breaker, ticker, Duration.ofMillis(300), new IllegalStateException("down")); // slow failure
    mode.guard(breaker, ticker, Duration.ofMillis(1), new IllegalArgumentException("bad input"));
    breaker.forceOpen();
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:FORCED_OPEN");
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("rejected:FORCED_OPEN");
    breaker.reset();
    mode.guard(breaker, ticker, Duration.ofMillis(7), "c");

    assertThat(render(counts))
        .containsExactly(
            "SUCCESS 2 timed 2 in 12ms",
            "FAILURE 2 timed 2 in 310ms",
            "SLOW 1 timed 1 in 200ms",
            "IGNORED 1 timed 1 in 1ms",
            "REJECTED 2 timed 0 in 0ms");
  }

  @Test
  void manyThreadsOnAnUntimedBreakerAreCountedExactly() throws Exception {
    // The untimed success is counted in owned cells (one per thread, a few per breaker) and a shared
    // adder for the rest; failures in adders. More threads than cells, and counts read meanwhile.
    CircuitBreaker breaker = untimedBreaker(1_000_000);
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    int threads = 12;
    int each = 20_000;
    long[] seen = {0};
    inThreadsWhileReading(threads, t -> {
      for (int i = 0; i < each; i++) {
        boolean fail = i % 10 == 0;
        try {
          breaker.call(() -> {
            if (fail) {
              throw new IllegalStateException("down");
            }
            return "ok";
          });
        } catch (Exception expected) {
          // the failures
        }
      }
    }, () -> {
      long now = counts.count(CallOutcome.SUCCESS);
      assertThat(now).isGreaterThanOrEqualTo(seen[0]);
      seen[0] = now;
    });

    assertThat(counts.count(CallOutcome.SUCCESS)).isEqualTo(threads * (each - each / 10L));
    assertThat(counts.count(CallOutcome.FAILURE)).isEqualTo(threads * (each / 10L));
    assertThat(counts.timedCount(CallOutcome.SUCCESS)).isZero();
  }

  @Test
  void manyThreadsReportingDurationsAreCountedAndSummedExactly() throws Exception {
    // A timed success (as an edge route reports every request) is counted with its duration in
    // owned cells and a shared adder; failures in adders. More threads than cells, read meanwhile.
    CircuitBreaker breaker = untimedBreaker(1_000_000);
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    int threads = 12;
    int each = 20_000;
    long[] seen = {0};
    inThreadsWhileReading(threads, t -> {
      long nanos = 1_000L * (t + 1);
      for (int i = 0; i < each; i++) {
        long ticket = breaker.tryAcquirePermission();
        if (i % 10 == 0) {
          breaker.onError(ticket, nanos, new IllegalStateException("down"));
        } else {
          breaker.onSuccess(ticket, nanos);
        }
      }
    }, () -> {
      long now = counts.timedCount(CallOutcome.SUCCESS);
      assertThat(now).isGreaterThanOrEqualTo(seen[0]).isLessThanOrEqualTo(counts.count(CallOutcome.SUCCESS));
      seen[0] = now;
    });

    long successes = threads * (each - each / 10L);
    long sumOfPerThreadNanos = 1_000L * threads * (threads + 1) / 2; // 1,000 ns x (1 + ... + 12)
    assertThat(counts.count(CallOutcome.SUCCESS)).isEqualTo(successes);
    assertThat(counts.timedCount(CallOutcome.SUCCESS)).isEqualTo(successes);
    assertThat(counts.totalDurationNanos(CallOutcome.SUCCESS))
        .isEqualTo(sumOfPerThreadNanos * (each - each / 10L));
    assertThat(counts.count(CallOutcome.FAILURE)).isEqualTo(threads * (each / 10L));
    assertThat(counts.totalDurationNanos(CallOutcome.FAILURE)).isEqualTo(sumOfPerThreadNanos * (each / 10L));
  }

  @Test
  void countsFromTheStartAndReturnsTheSameViewEveryTime() throws Exception {
    CircuitBreaker breaker = timedBreaker();
    breaker.call(() -> "first");
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    breaker.call(() -> "second");
    assertThat(breaker.stats()).isSameAs(breaker.stats());
    assertThat(breaker.stats().orElseThrow()).isSameAs(counts);
    assertThat(counts.count(CallOutcome.SUCCESS)).isEqualTo(2);
  }

  @Test
  void aBreakerBuiltWithoutStatsHasNoneAndCanNeverStartKeepingThem() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("plain")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
            .ticker(ticker)
            .build();
    breaker.call(() -> "a");
    Mode.SYNC.fail(breaker, ticker);
    assertThat(breaker.stats()).isEmpty();
    assertThat(breaker.stats()).isSameAs(breaker.stats());
    // The state queries need no statistics.
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.snapshot().generation()).isEqualTo(1);
  }

  @Test
  void statsAreChosenOnceOnTheBuilder() {
    CircuitBreaker.Builder b = CircuitBreaker.builder("twice").recordStats();
    assertThatThrownBy(() -> b.recordStats(CircuitBreakerStats.Timing.EVERY_CALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recordStats");
    assertThatThrownBy(() -> CircuitBreaker.builder("null").recordStats(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timing");
    CircuitBreakerRegistry.Builder r = CircuitBreakerRegistry.builder().recordStats();
    assertThatThrownBy(r::recordStats).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRegistryGivesEveryBreakerItsStatsOrNone() throws Exception {
    CircuitBreakerRegistry with =
        CircuitBreakerRegistry.builder().ticker(ticker).recordStats(CircuitBreakerStats.Timing.EVERY_CALL).build();
    CircuitBreaker a = with.breaker("a");
    Mode.SYNC.guard(a, ticker, Duration.ofMillis(9), "x");
    assertThat(render(a.stats().orElseThrow())).startsWith("SUCCESS 1 timed 1 in 9ms");
    assertThat(CircuitBreakerRegistry.builder().build().breaker("b").stats()).isEmpty();
  }

  @Test
  void aBreakerThatDoesNotTimeCallsCountsThemWithoutDurationsUnlessBuiltToTimeEveryCall() throws Exception {
    CircuitBreaker breaker = untimedBreaker(5);
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    Mode.SYNC.guard(breaker, ticker, Duration.ofMillis(40), "a");
    Mode.SYNC.guard(breaker, ticker, Duration.ofMillis(40), new IllegalStateException("down"));
    assertThat(render(counts))
        .containsExactly(
            "SUCCESS 1 timed 0 in 0ms",
            "FAILURE 1 timed 0 in 0ms",
            "SLOW 0 timed 0 in 0ms",
            "IGNORED 0 timed 0 in 0ms",
            "REJECTED 0 timed 0 in 0ms");

    // The manual form reports its own duration, timed or not.
    Mode.MANUAL.guard(breaker, ticker, Duration.ofMillis(3), "c");
    assertThat(counts.timedCount(CallOutcome.SUCCESS)).isEqualTo(1);

    CircuitBreaker timed =
        CircuitBreaker.builder("every")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())
            .ticker(ticker)
            .recordStats(CircuitBreakerStats.Timing.EVERY_CALL)
            .build();
    CircuitBreakerStats all = timed.stats().orElseThrow();
    Mode.SYNC.guard(timed, ticker, Duration.ofMillis(40), "a");
    Mode.SYNC.guard(timed, ticker, Duration.ofMillis(40), new IllegalStateException("down"));
    Mode.SYNC.guard(timed, ticker, Duration.ofMillis(40), "b");
    Mode.ASYNC.guard(timed, ticker, Duration.ofMillis(60), new IllegalStateException("down"));
    Mode.MANUAL.guard(timed, ticker, Duration.ofMillis(3), "c");
    assertThat(render(all))
        .containsExactly(
            "SUCCESS 3 timed 3 in 83ms",
            "FAILURE 2 timed 2 in 100ms",
            "SLOW 0 timed 0 in 0ms",
            "IGNORED 0 timed 0 in 0ms",
            "REJECTED 0 timed 0 in 0ms");
  }

  @Test
  void lateOutcomesCountAndGivenBackPermissionsAndNonTicketsDoNot() {
    CircuitBreaker breaker = timedBreaker();
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    long early = breaker.tryAcquirePermission();
    long released = breaker.tryAcquirePermission();
    breaker.forceOpen();
    breaker.onSuccess(early, 1_000_000); // late: the breaker ignores it, the counts do not
    breaker.releasePermission(released);
    breaker.onSuccess(CircuitBreaker.NOT_PERMITTED, 1_000_000);
    breaker.disable();
    breaker.onError(breaker.tryAcquirePermission(), 2_000_000, new IllegalStateException("down"));

    assertThat(render(counts))
        .containsExactly(
            "SUCCESS 1 timed 1 in 1ms",
            "FAILURE 1 timed 1 in 2ms",
            "SLOW 0 timed 0 in 0ms",
            "IGNORED 0 timed 0 in 0ms",
            "REJECTED 0 timed 0 in 0ms");
  }

  @Test
  void rejectionsAreCountedInEveryRejectingState() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("rejecting")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.consecutiveFailures(1))
                    .openDuration(Backoff.fixed(Duration.ofSeconds(10)))
                    .maxHalfOpenCalls(1)
                    .build())
            .ticker(ticker)
            .recordStats()
            .build();
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    Mode.SYNC.fail(breaker, ticker);
    assertThat(Mode.SYNC.succeed(breaker, ticker)).isEqualTo("rejected:OPEN");
    ticker.advance(Duration.ofSeconds(10));
    long trial = breaker.tryAcquirePermission();
    assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED); // trials full
    breaker.onSuccess(trial, 0);
    assertThat(counts.count(CallOutcome.REJECTED)).isEqualTo(2);
    assertThat(counts.count(CallOutcome.FAILURE)).isEqualTo(1);
    assertThat(counts.count(CallOutcome.SUCCESS)).isEqualTo(1);
    assertThat(counts).hasToString("CircuitBreakerStats[SUCCESS=1, FAILURE=1, SLOW=0, IGNORED=0, REJECTED=2]");
    assertThat(transitions(counts))
        .containsExactly("CLOSED->OPEN 1", "OPEN->HALF_OPEN 1", "HALF_OPEN->CLOSED 1");
  }

  @Test
  void manualTransitionsAreCountedAsTheyAreReported() {
    CircuitBreaker breaker = timedBreaker();
    breaker.reset(); // counted too: the statistics start when the breaker is built
    CircuitBreakerStats counts = breaker.stats().orElseThrow();
    breaker.reset();
    breaker.forceOpen();
    breaker.forceOpen();
    breaker.disable();
    breaker.reset();
    assertThat(transitions(counts))
        .containsExactly(
            "CLOSED->CLOSED 2",
            "CLOSED->FORCED_OPEN 1",
            "FORCED_OPEN->FORCED_OPEN 1",
            "FORCED_OPEN->DISABLED 1",
            "DISABLED->CLOSED 1");
  }

  private static List<String> transitions(CircuitBreakerStats counts) {
    List<String> lines = new ArrayList<>();
    for (CircuitState from : CircuitState.values()) {
      for (CircuitState to : CircuitState.values()) {
        long n = counts.transitions(from, to);
        if (n != 0) {
          lines.add(from + "->" + to + " " + n);
        }
      }
    }
    return lines;
  }

  private static List<String> render(CircuitBreakerStats counts) {
    List<String> lines = new ArrayList<>();
    for (CallOutcome outcome : CallOutcome.values()) {
      lines.add(
          outcome
              + " "
              + counts.count(outcome)
              + " timed "
              + counts.timedCount(outcome)
              + " in "
              + Duration.ofNanos(counts.totalDurationNanos(outcome)).toMillis()
              + "ms");
    }
    return lines;
  }

  /**
   * Runs {@code work} in {@code threads} threads at once (thread t gets t), calling {@code read}
   * over and over on this thread until all have ended, and returns when they have.
   */
  private static void inThreadsWhileReading(int threads, IntConsumer work, Runnable read)
      throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker = new Thread(() -> work.accept(index));
      worker.start();
      workers.add(worker);
    }
    while (workers.stream().anyMatch(Thread::isAlive)) {
      read.run();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
