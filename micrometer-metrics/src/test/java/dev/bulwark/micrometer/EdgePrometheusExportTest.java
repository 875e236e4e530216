package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.InputPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The edge's own meters as a Prometheus server scrapes them (text format 0.0.4), line by line. */
class EdgePrometheusExportTest {

  @Test
  void theScrapeTextOfTheEdgeMetersIsExact() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeMetrics metrics = EdgeMetrics.create();
    Edge edge = Edge.builder().ticker(new ManualTicker()).listener(metrics)
        .route(Route.builder("/api/search").name("search").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .build();
    EdgeBinder.of(edge, metrics).bindTo(registry);

    edge.begin(TestRequest.get("/api/search?q=hello")).complete(200);
    edge.begin(TestRequest.get("/api/search?q=1%27%20OR%20%271%27%3D%271&x=%3Cscript%3E"));
    edge.begin(TestRequest.get("/api/search?q=%3Cscript%3E"));
    edge.begin(TestRequest.get("/")).fail(new IOException("reset"));

    assertThat(registry.scrape().lines()
            .filter(l -> l.contains("bulwark_edge_refusals") || l.contains("bulwark_edge_requests")
                || l.contains("bulwark_validation")) // timers: EdgeTimingTest
            .collect(Collectors.toList()))
        .containsExactly(
            "# HELP bulwark_edge_refusals_total Requests an edge's gates refused, or would have refused in shadow mode, by route, gate and outcome",
            "# TYPE bulwark_edge_refusals_total counter",
            "bulwark_edge_refusals_total{gate=\"validation\",outcome=\"rejected\",route=\"search\"} 2.0",
            "# HELP bulwark_edge_requests_total Requests through an edge, by route, outcome and status",
            "# TYPE bulwark_edge_requests_total counter",
            "bulwark_edge_requests_total{outcome=\"admitted\",route=\"search\",status=\"200\"} 1.0",
            "bulwark_edge_requests_total{outcome=\"failed\",route=\"default\",status=\"500\"} 1.0",
            "bulwark_edge_requests_total{outcome=\"validation\",route=\"search\",status=\"400\"} 2.0",
            "# HELP bulwark_validation_violations_total Validation violations behind an edge's refusals, by code",
            "# TYPE bulwark_validation_violations_total counter",
            "bulwark_validation_violations_total{code=\"sql_injection\"} 1.0",
            "bulwark_validation_violations_total{code=\"xss\"} 2.0");
  }
}
