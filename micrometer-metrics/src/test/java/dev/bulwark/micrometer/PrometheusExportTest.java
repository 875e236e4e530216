package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.retry.Retry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The meters as a Prometheus server scrapes them (text format 0.0.4): names with their unit and
 * {@code _total} suffixes, types, help, labels and values, line by line. The breaker's durations are a
 * summary without quantiles: {@code _count} and {@code _sum} in seconds.
 */
class PrometheusExportTest {

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void theScrapeTextIsExact() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    KeyedRateLimiter<String> perIp =
        KeyedRateLimiter.builder(RateLimit.perMinute(2)).name("per-ip").ticker(ticker).build();
    KeyedRateLimiterBinder.of(perIp).bindTo(registry);
    perIp.tryAcquire("10.0.0.1");
    perIp.tryAcquire("10.0.0.1");
    perIp.tryAcquire("10.0.0.1");
    perIp.tryAcquire("10.0.0.2");

    ConcurrencyLimiter db = ConcurrencyLimiter.builder(8).name("db").build();
    ConcurrencyLimiterBinder.of(db).bindTo(registry);
    db.tryAcquire();

    CircuitBreaker breaker =
        CircuitBreaker.builder("llm")
            .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
            .ticker(ticker)
            .build();
    CircuitBreakerBinder.of(breaker).timingEveryCall().bindTo(registry);
    breaker.call(
        () -> {
          ticker.advance(Duration.ofMillis(250));
          return "ok";
        });
    try {
      breaker.call(
          () -> {
            ticker.advance(Duration.ofMillis(1500));
            throw new IllegalStateException("down");
          });
    } catch (IllegalStateException expected) {
      // opens the breaker
    }

    Retry retry =
        Retry.builder()
            .name("payments")
            .backoff(Backoff.fixed(Duration.ofMillis(10)))
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .build();
    RetryBinder.of(retry).bindTo(registry);
    AtomicInteger attempts = new AtomicInteger();
    retry.call(
        () -> {
          if (attempts.getAndIncrement() == 0) {
            throw new IOException("flaky");
          }
          return "ok";
        });

    assertThat(registry.scrape().lines())
        .containsExactly(
            "# HELP bulwark_circuitbreaker_call_duration_seconds Durations of the calls a circuit breaker timed, by outcome",
            "# TYPE bulwark_circuitbreaker_call_duration_seconds summary",
            "bulwark_circuitbreaker_call_duration_seconds_count{name=\"llm\",outcome=\"failure\"} 1",
            "bulwark_circuitbreaker_call_duration_seconds_sum{name=\"llm\",outcome=\"failure\"} 1.5",
            "bulwark_circuitbreaker_call_duration_seconds_count{name=\"llm\",outcome=\"ignored\"} 0",
            "bulwark_circuitbreaker_call_duration_seconds_sum{name=\"llm\",outcome=\"ignored\"} 0.0",
            "bulwark_circuitbreaker_call_duration_seconds_count{name=\"llm\",outcome=\"slow\"} 0",
            "bulwark_circuitbreaker_call_duration_seconds_sum{name=\"llm\",outcome=\"slow\"} 0.0",
            "bulwark_circuitbreaker_call_duration_seconds_count{name=\"llm\",outcome=\"success\"} 1",
            "bulwark_circuitbreaker_call_duration_seconds_sum{name=\"llm\",outcome=\"success\"} 0.25",
            "# HELP bulwark_circuitbreaker_calls_total Calls guarded by a circuit breaker, by outcome",
            "# TYPE bulwark_circuitbreaker_calls_total counter",
            "bulwark_circuitbreaker_calls_total{name=\"llm\",outcome=\"failure\"} 1.0",
            "bulwark_circuitbreaker_calls_total{name=\"llm\",outcome=\"ignored\"} 0.0",
            "bulwark_circuitbreaker_calls_total{name=\"llm\",outcome=\"rejected\"} 0.0",
            "bulwark_circuitbreaker_calls_total{name=\"llm\",outcome=\"slow\"} 0.0",
            "bulwark_circuitbreaker_calls_total{name=\"llm\",outcome=\"success\"} 1.0",
            "# HELP bulwark_circuitbreaker_state 1 for the circuit breaker's current state, 0 for the others",
            "# TYPE bulwark_circuitbreaker_state gauge",
            "bulwark_circuitbreaker_state{name=\"llm\",state=\"closed\"} 0.0",
            "bulwark_circuitbreaker_state{name=\"llm\",state=\"disabled\"} 0.0",
            "bulwark_circuitbreaker_state{name=\"llm\",state=\"forced_open\"} 0.0",
            "bulwark_circuitbreaker_state{name=\"llm\",state=\"half_open\"} 0.0",
            "bulwark_circuitbreaker_state{name=\"llm\",state=\"open\"} 1.0",
            "# HELP bulwark_circuitbreaker_transitions_total State transitions of a circuit breaker",
            "# TYPE bulwark_circuitbreaker_transitions_total counter",
            "bulwark_circuitbreaker_transitions_total{from=\"closed\",name=\"llm\",to=\"open\"} 1.0",
            "# HELP bulwark_concurrency_inflight Permits of a concurrency limiter held now",
            "# TYPE bulwark_concurrency_inflight gauge",
            "bulwark_concurrency_inflight{name=\"db\"} 1.0",
            "# HELP bulwark_concurrency_limit The current limit of a concurrency limiter",
            "# TYPE bulwark_concurrency_limit gauge",
            "bulwark_concurrency_limit{name=\"db\"} 8.0",
            "# HELP bulwark_ratelimit_decisions_total Rate-limit decisions, by result",
            "# TYPE bulwark_ratelimit_decisions_total counter",
            "bulwark_ratelimit_decisions_total{name=\"per-ip\",result=\"permitted\"} 3.0",
            "bulwark_ratelimit_decisions_total{name=\"per-ip\",result=\"rejected\"} 1.0",
            "# HELP bulwark_ratelimit_keys Keys a keyed rate limiter holds in memory",
            "# TYPE bulwark_ratelimit_keys gauge",
            "bulwark_ratelimit_keys{name=\"per-ip\"} 2.0",
            "# HELP bulwark_retry_attempts_total Attempts made by the ended calls of a retry, first attempts included",
            "# TYPE bulwark_retry_attempts_total counter",
            "bulwark_retry_attempts_total{name=\"payments\"} 2.0",
            "# HELP bulwark_retry_calls_total Calls guarded by a retry, by how they ended",
            "# TYPE bulwark_retry_calls_total counter",
            "bulwark_retry_calls_total{name=\"payments\",result=\"aborted\"} 0.0",
            "bulwark_retry_calls_total{name=\"payments\",result=\"budget_exhausted\"} 0.0",
            "bulwark_retry_calls_total{name=\"payments\",result=\"exhausted\"} 0.0",
            "bulwark_retry_calls_total{name=\"payments\",result=\"failed\"} 0.0",
            "bulwark_retry_calls_total{name=\"payments\",result=\"success\"} 0.0",
            "bulwark_retry_calls_total{name=\"payments\",result=\"success_after_retry\"} 1.0");
  }
}
