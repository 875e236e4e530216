package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.testalloc.Allocations;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Request durations and body sizes by route and outcome, on a manual ticker. */
class EdgeTimingTest {

  private static final long CALLS = 100_000;

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Edge edge(EdgeMetrics metrics) {
    return Edge.builder().ticker(ticker).listener(metrics)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("2/minute")).build())
        .build();
  }

  @Test
  void durationsAndSizesAreRecordedByRouteAndOutcomeFromTheEdgesTicker() {
    EdgeMetrics metrics = EdgeMetrics.create();
    Edge edge = edge(metrics);
    EdgeBinder.of(edge, metrics).bindTo(registry);

    EdgeExchange first = edge.begin(TestRequest.get("/api/search"));
    ticker.advance(Duration.ofMillis(120));
    first.complete(200, 10, 300);
    EdgeExchange second = edge.begin(TestRequest.get("/api/search"));
    ticker.advance(Duration.ofMillis(80));
    second.complete(200, -1, -1); // sizes unknown: the request's declared 0 is kept, the response is not recorded
    edge.begin(TestRequest.get("/api/search")); // 429, its problem body measured by the edge
    EdgeExchange cancelled = edge.begin(TestRequest.get("/elsewhere"));
    ticker.advance(Duration.ofSeconds(2));
    cancelled.cancel();

    assertThat(MeterLines.render(registry, MetricNames.EDGE_REQUEST_DURATION)).containsExactly(
        "bulwark.edge.request.duration{outcome=admitted,route=search} count=2 total=200ms",
        "bulwark.edge.request.duration{outcome=cancelled,route=default} count=1 total=2000ms",
        "bulwark.edge.request.duration{outcome=rate_limit,route=search} count=1 total=0ms");
    assertThat(MeterLines.render(registry, MetricNames.EDGE_REQUEST_SIZE)).containsExactly(
        "bulwark.edge.request.size{outcome=admitted,route=search} count=2 total=10",
        "bulwark.edge.request.size{outcome=cancelled,route=default} count=1 total=0",
        "bulwark.edge.request.size{outcome=rate_limit,route=search} count=1 total=0");
    assertThat(MeterLines.render(registry, MetricNames.EDGE_RESPONSE_SIZE)).hasSize(3)
        .contains("bulwark.edge.response.size{outcome=admitted,route=search} count=1 total=300",
            "bulwark.edge.response.size{outcome=cancelled,route=default} count=1 total=0")
        .anySatisfy(line -> assertThat(line).startsWith("bulwark.edge.response.size{outcome=rate_limit,route=search} count=1 total="));
    assertThat(registry.get(MetricNames.EDGE_REQUEST_DURATION).tags("route", "search", "outcome", "admitted")
        .timer().max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(120.0);
  }

  @Test
  void sloBucketsAreExportedToPrometheus() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeMetrics metrics = EdgeMetrics.builder()
        .percentiles(0.5, 0.99)
        .serviceLevelObjectives(Duration.ofSeconds(3), Duration.ofSeconds(5))
        .build();
    Edge edge = edge(metrics);
    EdgeBinder.of(edge, metrics).bindTo(prometheus);
    EdgeExchange slow = edge.begin(TestRequest.get("/api/search"));
    ticker.advance(Duration.ofSeconds(4));
    slow.complete(200);

    String text = prometheus.scrape();
    assertThat(text)
        .contains("bulwark_edge_request_duration_seconds_bucket{outcome=\"admitted\",route=\"search\",le=\"3.0\"} 0")
        .contains("bulwark_edge_request_duration_seconds_bucket{outcome=\"admitted\",route=\"search\",le=\"5.0\"} 1")
        .contains("bulwark_edge_request_duration_seconds_count{outcome=\"admitted\",route=\"search\"} 1")
        .contains("bulwark_edge_request_size_bytes_count{outcome=\"admitted\",route=\"search\"} 1")
        .doesNotContain("client");
  }

  @Test
  void clientSidePercentilesArePublished() {
    EdgeMetrics metrics = EdgeMetrics.builder().percentiles(0.5, 0.99).build();
    Edge edge = edge(metrics);
    EdgeBinder.of(edge, metrics).bindTo(registry);
    EdgeExchange slow = edge.begin(TestRequest.get("/api/search"));
    ticker.advance(Duration.ofSeconds(4));
    slow.complete(200);

    ValueAtPercentile[] values = registry
        .get(MetricNames.EDGE_REQUEST_DURATION).timer().takeSnapshot().percentileValues();
    assertThat(values).extracting(ValueAtPercentile::percentile)
        .containsExactly(0.5, 0.99);
  }

  @Test
  void requestsBeforeTheFirstBindingAreCountedButNotTimedAndLaterBindingsGetTheirOwnTimers() {
    EdgeMetrics metrics = EdgeMetrics.create();
    Edge edge = edge(metrics);
    edge.begin(TestRequest.get("/api/search")).complete(200);
    EdgeBinder.of(edge, metrics).bindTo(registry);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    EdgeBinder.of(edge, metrics).bindTo(other);
    edge.begin(TestRequest.get("/api/search")).complete(200);

    for (SimpleMeterRegistry r : new SimpleMeterRegistry[] {registry, other}) {
      assertThat(MeterLines.render(r, MetricNames.EDGE_REQUESTS))
          .containsExactly("bulwark.edge.requests{outcome=admitted,route=search,status=200} 2.0");
      assertThat(MeterLines.render(r, MetricNames.EDGE_REQUEST_DURATION))
          .containsExactly("bulwark.edge.request.duration{outcome=admitted,route=search} count=1 total=0ms");
    }
  }

  @Test
  void recordingAllocatesNothingPerRequestAfterWarmUp() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeMetrics metrics = EdgeMetrics.builder().percentiles(0.5, 0.99).percentileHistogram(true)
        .serviceLevelObjectives(Duration.ofSeconds(3)).build();
    EdgeBinder.of(Edge.builder().listener(metrics).build(), metrics).bindTo(prometheus);
    EdgeEvent ok = new EdgeEvent.RequestFinished("search", "10.0.0.1", "10.0.0.1", "GET", "/search",
        EdgeOutcome.ADMITTED, 200, 1_234_567, 10, 2048, null);
    Runnable calls = () -> {
      for (long i = 0; i < CALLS; i++) {
        metrics.onEvent(ok);
      }
    };
    calls.run();
    long before = Allocations.ofCurrentThread();
    calls.run();
    assertThat(Allocations.ofCurrentThread() - before).isLessThan(64 * 1024);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> EdgeMetrics.builder().percentiles(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> EdgeMetrics.builder().percentiles(0.5).percentiles(0.9))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EdgeMetrics.builder().serviceLevelObjectives(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EdgeMetrics.builder().percentileHistogram(true).percentileHistogram(false))
        .isInstanceOf(IllegalStateException.class);
  }
}
