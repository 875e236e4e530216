package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.http.Route;
import dev.bulwark.testalloc.Allocations;
import dev.bulwark.validation.Violation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Counting an edge's requests allocates nothing once a combination has been seen: the listener's own
 * calls, and a whole admitted request with the metrics bound compared with the same request on an
 * edge whose listener does nothing (the edge builds each event for any listener; per-thread
 * allocation counter; one byte per request would show).
 */
class EdgeAllocationTest {

  private static final int CALLS = 100_000;
  private static final long SLACK_BYTES = 64 * 1024;

  /** Where the baseline listener keeps the last event, so that no compiler can skip building it. */
  private static volatile @Nullable EdgeEvent last;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void theListenerAllocatesNothingPerRequestAfterWarmUp() {
    EdgeMetrics metrics = EdgeMetrics.create();
    EdgeBinder.of(Edge.builder().listener(metrics).build(), metrics).bindTo(registry);
    EdgeEvent ok = finished("search", 200);
    EdgeEvent notFound = finished("search", 404);
    EdgeEvent violation = new EdgeEvent.ViolationFound(
        "search", "10.0.0.1", "10.0.0.1", "GET", "/api/search", Violation.Code.SQL_INJECTION, "q");
    Runnable calls = () -> {
      for (int i = 0; i < CALLS; i++) {
        metrics.onEvent(ok);
        metrics.onEvent((i & 1) == 0 ? notFound : ok);
        metrics.onEvent(violation);
      }
    };
    calls.run();
    assertThat(allocatedBy(calls)).isLessThan(SLACK_BYTES);
    assertThat(registry.scrape())
        .contains("bulwark_edge_requests_total{outcome=\"admitted\",route=\"search\",status=\"200\"} 300000.0")
        .contains("bulwark_validation_violations_total{code=\"sql_injection\"} 200000.0");
  }

  @Test
  void anAdmittedRequestAllocatesTheSameWithMetricsBoundAsWithANoOpListener() {
    EdgeMetrics metrics = EdgeMetrics.create();
    Edge measured = edge(Edge.builder().listener(metrics));
    EdgeBinder.of(measured, metrics).bindTo(registry);
    Edge plain = edge(Edge.builder().listener(event -> last = event)); // the event escapes: it is built
    TestRequest request = TestRequest.get("/api");

    long without = bytesPerBatch(plain, request);
    long with = bytesPerBatch(measured, request);
    long withoutAgain = bytesPerBatch(plain, request);

    assertThat(without).isPositive(); // the exchange itself: the counter sees allocation
    assertThat(with - Math.min(without, withoutAgain)).isLessThan(CALLS);
    assertThat(registry.scrape())
        .contains("bulwark_edge_requests_total{outcome=\"admitted\",route=\"api\",status=\"200\"} 200000.0");
  }

  static EdgeEvent finished(String route, int status) {
    return new EdgeEvent.RequestFinished(route, "10.0.0.1", "10.0.0.1", "GET", "/" + route,
        EdgeOutcome.ADMITTED, status, 0, -1, -1, null);
  }

  private static Edge edge(EdgeBuilder builder) {
    return builder.ticker(new ManualTicker())
        .route(Route.builder("/api").name("api").concurrency(ConcurrencyGate.of(10, 100))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())).build())
        .build();
  }

  private static long bytesPerBatch(Edge edge, TestRequest request) {
    Runnable batch = () -> {
      for (int i = 0; i < CALLS; i++) {
        edge.begin(request).complete(200);
      }
    };
    batch.run();
    return allocatedBy(batch);
  }

  private static long allocatedBy(Runnable work) {
    long before = Allocations.ofCurrentThread();
    work.run();
    return Allocations.ofCurrentThread() - before;
  }
}
