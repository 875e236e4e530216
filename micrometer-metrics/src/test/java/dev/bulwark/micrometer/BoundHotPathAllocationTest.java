package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CallOutcome;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.circuitbreaker.CircuitBreakerListener;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testalloc.Allocations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A bound limiter's decisions and a bound breaker's successful calls allocate nothing, measured with
 * the JVM's per-thread allocation counter over many calls (one allocation per call would be at least
 * 1.6 MB). The JMH figures are in MetricsOverheadBenchmark.
 */
class BoundHotPathAllocationTest {

  private static final int CALLS = 100_000;
  private static final long SLACK_BYTES = 64 * 1024;

  private final ManualTicker ticker = new ManualTicker();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void aBoundLimiterAllocatesNothingPerDecision() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1_000)).name("hot").ticker(ticker).recordStats().build();
    RateLimiterBinder.of(limiter).bindTo(registry);
    Runnable decisions =
        () -> {
          for (int i = 0; i < CALLS; i++) {
            limiter.tryAcquire();
            ticker.advanceNanos(1_000_000); // a permit every millisecond: every decision is granted
          }
        };
    decisions.run(); // lets the JIT compile the path
    assertThat(allocatedBy(decisions)).isLessThan(SLACK_BYTES);
    assertThat(registry.scrape()).contains("bulwark_ratelimit_decisions_total{name=\"hot\",result=\"permitted\"} 200000.0");
  }

  @Test
  void aBoundBreakerAllocatesNothingPerSuccessfulCall() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("hot")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())
            .recordStats()
            .ticker(ticker)
            .build();
    CircuitBreakerBinder.of(breaker).bindTo(registry);
    CheckedSupplier<String> call = () -> "ok";
    Runnable calls =
        () -> {
          try {
            for (int i = 0; i < CALLS; i++) {
              breaker.call(call);
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    calls.run();
    assertThat(allocatedBy(calls)).isLessThan(SLACK_BYTES);
    assertThat(registry.scrape()).contains("bulwark_circuitbreaker_calls_total{name=\"hot\",outcome=\"success\"} 200000.0");
  }

  @Test
  void aBreakerWithATransitionsOnlyListenerAllocatesNothingPerSuccessfulCall() throws Exception {
    List<String> transitions = new CopyOnWriteArrayList<>();
    CircuitBreaker breaker =
        CircuitBreaker.builder("quiet")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())
            .listener(CircuitBreakerListener.onTransition(t -> transitions.add(t.from() + "->" + t.to())))
            .recordStats()
            .ticker(ticker)
            .build();
    CircuitBreakerBinder.of(breaker).bindTo(registry);
    CheckedSupplier<String> call = () -> "ok";
    Runnable calls =
        () -> {
          try {
            for (int i = 0; i < CALLS; i++) {
              breaker.call(call);
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    calls.run();
    assertThat(allocatedBy(calls)).isLessThan(SLACK_BYTES);
    breaker.forceOpen();
    assertThat(transitions).containsExactly("CLOSED->FORCED_OPEN");
    assertThat(breaker.stats().orElseThrow().timedCount(CallOutcome.SUCCESS)).isZero();
  }

  private static long allocatedBy(Runnable work) {
    long before = Allocations.ofCurrentThread();
    work.run();
    return Allocations.ofCurrentThread() - before;
  }
}
