package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A property test: 8 threads make 10,000 random calls each (successes, failures, ignored errors, sync
 * and async) while one of them also advances a ManualTicker. Afterwards the event counts agree with what
 * the callers saw, transitions form a valid chain whose length is the generation, the counters are
 * consistent, and no trial permit leaked: once the open duration has passed, a call is admitted.
 */
class ManyThreadsTest {

  private static final int THREADS = 8;
  private static final int CALLS = 10_000;
  private static final Set<String> EDGES =
      Set.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "HALF_OPEN->CLOSED");

  enum Strategy {
    CONSECUTIVE {
      @Override
      CircuitBreakerConfig.Builder apply(CircuitBreakerConfig.Builder b) {
        return b.trip(TripStrategy.consecutiveFailures(3));
      }
    },
    COUNT_WINDOW {
      @Override
      CircuitBreakerConfig.Builder apply(CircuitBreakerConfig.Builder b) {
        return b.trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(10)).minimumCalls(5));
      }
    },
    TIME_WINDOW {
      @Override
      CircuitBreakerConfig.Builder apply(CircuitBreakerConfig.Builder b) {
        return b.trip(
            // about 25% of the recorded calls fail
            TripStrategy.failureRate(20, SlidingWindow.ofTime(Duration.ofSeconds(2), Duration.ofMillis(100)))
                .minimumCalls(5)
                .slowCallRate(90, Duration.ofMillis(5)));
      }
    };

    abstract CircuitBreakerConfig.Builder apply(CircuitBreakerConfig.Builder b);
  }

  /** Counts events by type and checks the chain of transitions as it grows. */
  static final class Tally implements CircuitBreakerListener {
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final List<CircuitBreakerEvent.StateTransition> transitions = new ArrayList<>();

    @Override
    public void onEvent(CircuitBreakerEvent event) {
      counts.computeIfAbsent(event.getClass().getSimpleName(), k -> new LongAdder()).increment();
      if (event instanceof CircuitBreakerEvent.StateTransition) {
        synchronized (transitions) { // delivered under the breaker's lock, but be explicit
          transitions.add((CircuitBreakerEvent.StateTransition) event);
        }
      }
    }

    long count(String type) {
      LongAdder a = counts.get(type);
      return a == null ? 0 : a.sum();
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void countersStayConsistentAndNoPermitLeaks(Strategy strategy) throws Exception {
    ManualTicker ticker = new ManualTicker();
    Tally tally = new Tally();
    CircuitBreaker breaker =
        CircuitBreaker.builder("many")
            .config(
                strategy
                    .apply(CircuitBreakerConfig.builder())
                    .openDuration(Backoff.fixed(Duration.ofMillis(200)))
                    .maxHalfOpenCalls(2)
                    .successThreshold(2)
                    .ignoreExceptions(e -> e instanceof IllegalArgumentException)
                    .build())
            .ticker(ticker)
            .listener(tally)
            .build();

    AtomicLong permitted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> unexpected = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = 42L + t;
      boolean clock = t == 0; // this worker also moves time: 1 ms before each of its calls
      workers.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                  start.await();
                  for (int i = 0; i < CALLS; i++) {
                    if (clock) {
                      ticker.advance(Duration.ofMillis(1));
                    }
                    int dice = random.nextInt(100);
                    Supplier<String> body =
                        () -> {
                          if (dice < 20) {
                            throw new IllegalStateException("down");
                          }
                          if (dice < 40) {
                            throw new IllegalArgumentException("bad input");
                          }
                          return "ok";
                        };
                    String outcome = random.nextBoolean() ? sync(breaker, body) : async(breaker, body);
                    if (outcome.equals("rejected")) {
                      rejected.incrementAndGet();
                    } else {
                      permitted.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  synchronized (unexpected) {
                    unexpected.add(e);
                  }
                }
              }));
    }
    workers.forEach(Thread::start);
    start.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(w.isAlive()).isFalse();
    }

    assertThat(unexpected).isEmpty();
    assertThat(permitted.get() + rejected.get()).isEqualTo((long) THREADS * CALLS);
    assertThat(tally.count("CallPermitted")).isEqualTo(permitted.get());
    assertThat(tally.count("CallRejected")).isEqualTo(rejected.get());
    long recorded = tally.count("CallSucceeded") + tally.count("CallFailed") + tally.count("ErrorIgnored");
    assertThat(recorded).isBetween(1L, permitted.get()); // the rest were late: admitted before a transition
    assertThat(rejected.get()).isPositive();

    // Transitions form a chain, one per generation.
    CircuitState state = CircuitState.CLOSED;
    for (CircuitBreakerEvent.StateTransition t : tally.transitions) {
      assertThat(t.from()).isEqualTo(state);
      assertThat(EDGES).contains(t.from() + "->" + t.to());
      state = t.to();
    }
    CircuitBreakerMetrics metrics = breaker.metrics();
    assertThat(tally.transitions).hasSizeGreaterThan(3);
    assertThat(metrics.generation()).isEqualTo(tally.transitions.size());
    assertThat(metrics.state()).isEqualTo(state);

    // Counters of the current generation are consistent.
    assertThat(metrics.failedCalls()).isBetween(0, metrics.bufferedCalls());
    assertThat(metrics.slowCalls()).isBetween(0, metrics.bufferedCalls());
    Phase phase = breaker.machine().phase();
    if (phase instanceof Phase.Closed) {
      ClosedStats stats = ((Phase.Closed) phase).stats;
      if (stats instanceof CountWindow) {
        assertThat(stats.counts(0)).isEqualTo(((CountWindow) stats).recount());
        assertThat(metrics.bufferedCalls()).isLessThanOrEqualTo(10);
      }
      if (stats instanceof ConsecutiveFailures) {
        assertThat(metrics.consecutiveFailures()).isLessThan(3); // reaching 3 would have opened it
      }
    }
    if (phase instanceof Phase.HalfOpen) {
      assertThat(metrics.trialCallsInFlight()).isZero();
    }

    // No leaked permit: after the open duration, a call gets through.
    ticker.advance(Duration.ofMillis(200));
    assertThat(breaker.tryAcquirePermission()).isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
  }

  private static String sync(CircuitBreaker breaker, Supplier<String> body) {
    try {
      return breaker.call(body::get);
    } catch (CircuitOpenException e) {
      return "rejected";
    } catch (Exception e) {
      return "error";
    }
  }

  private static String async(CircuitBreaker breaker, Supplier<String> body) {
    CompletableFuture<String> f =
        breaker.callAsync(() -> CompletableFuture.supplyAsync(body, Runnable::run)).toCompletableFuture();
    return f.handle((v, e) -> e == null ? v : Classifier.unwrap(e) instanceof CircuitOpenException ? "rejected" : "error")
        .join();
  }
}
