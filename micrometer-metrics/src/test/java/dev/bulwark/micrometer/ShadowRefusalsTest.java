package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.InputPolicy;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bulwark.edge.refusals}: the same traffic on the same manual clock through an enforcing and
 * a shadowing edge gives {@code outcome=rejected} and {@code outcome=shadow_rejected} counts that
 * are equal, gate by gate.
 */
class ShadowRefusalsTest {

  private static Edge edge(ManualTicker ticker, EdgeMetrics metrics, boolean shadow) {
    return build(ticker, metrics, shadow);
  }

  private static Edge build(ManualTicker ticker, EdgeMetrics metrics, boolean shadow) {
    var b = Edge.builder().ticker(ticker).listener(metrics)
        .route(Route.builder("/api/search").name("search")
            .rateLimit(RateLimitGate.of("3/minute"))
            .concurrency(ConcurrencyGate.of(2, 10))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .build());
    if (shadow) {
      b.shadow();
    }
    return b.build();
  }

  /**
   * Each gate's refusals on its own: sequential requests over the rate limit, then requests held
   * open over the concurrency limit (within the rate), then an injection probe, then a second
   * client over the rate limit.
   */
  private static void traffic(Edge edge, ManualTicker ticker) {
    for (int i = 0; i < 5; i++) {
      complete(edge.begin(TestRequest.get("/api/search?q=ok" + i)));
    }
    ticker.advance(Duration.ofMinutes(1));
    List<EdgeExchange> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(edge.begin(TestRequest.get("/api/search?q=held")));
    }
    open.forEach(ShadowRefusalsTest::complete);
    ticker.advance(Duration.ofMinutes(1));
    complete(edge.begin(TestRequest.get("/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")));
    for (int i = 0; i < 4; i++) {
      complete(edge.begin(TestRequest.get("/api/search?q=x").from("10.0.0.9")));
    }
  }

  private static void complete(EdgeExchange exchange) {
    if (exchange.admitted()) {
      exchange.complete(200);
    }
  }

  private static double refusals(SimpleMeterRegistry registry, EdgeGate gate, String outcome) {
    var counter = registry.find(MetricNames.EDGE_REFUSALS)
        .tags(Tags.of(MetricNames.ROUTE, "search", MetricNames.GATE, gate.name().toLowerCase(java.util.Locale.ROOT),
            MetricNames.OUTCOME, outcome))
        .functionCounter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shadowRefusalsEqualTheEnforcedRefusalsGateByGate() {
    ManualTicker enforcedTicker = new ManualTicker();
    ManualTicker shadowTicker = new ManualTicker();
    EdgeMetrics enforcedMetrics = EdgeMetrics.create();
    EdgeMetrics shadowMetrics = EdgeMetrics.create();
    Edge enforced = edge(enforcedTicker, enforcedMetrics, false);
    Edge shadow = edge(shadowTicker, shadowMetrics, true);
    SimpleMeterRegistry enforcedRegistry = new SimpleMeterRegistry();
    SimpleMeterRegistry shadowRegistry = new SimpleMeterRegistry();
    EdgeBinder.of(enforced, enforcedMetrics).bindTo(enforcedRegistry);
    EdgeBinder.of(shadow, shadowMetrics).bindTo(shadowRegistry);

    traffic(enforced, enforcedTicker);
    traffic(shadow, shadowTicker);

    for (EdgeGate gate : List.of(EdgeGate.RATE_LIMIT, EdgeGate.CONCURRENCY, EdgeGate.VALIDATION)) {
      assertThat(refusals(shadowRegistry, gate, "shadow_rejected")).as("%s", gate)
          .isEqualTo(refusals(enforcedRegistry, gate, "rejected"));
      assertThat(refusals(shadowRegistry, gate, "rejected")).isZero();
      assertThat(refusals(enforcedRegistry, gate, "shadow_rejected")).isZero();
    }
    assertThat(refusals(enforcedRegistry, EdgeGate.RATE_LIMIT, "rejected")).isEqualTo(3);
    assertThat(refusals(enforcedRegistry, EdgeGate.CONCURRENCY, "rejected")).isEqualTo(1);
    assertThat(refusals(enforcedRegistry, EdgeGate.VALIDATION, "rejected")).isEqualTo(1);
    // every shadowed request was admitted
    assertThat(shadowRegistry.find(MetricNames.EDGE_REQUESTS).tag(MetricNames.OUTCOME, "admitted")
        .functionCounter().count()).isEqualTo(13);
    assertThat(shadowMetrics.refusals("search", EdgeGate.RATE_LIMIT, true)).isEqualTo(3);
  }
}
