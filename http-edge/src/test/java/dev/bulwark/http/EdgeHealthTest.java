package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Health reports of scripted edge states, as exact JSON. */
class EdgeHealthTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker upstream = CircuitBreaker.ofDefaults("upstream");

  private Edge edge() {
    return Edge.builder().ticker(ticker)
        .route(Route.builder("/api/llm").name("llm").circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())).build())
        .route(Route.builder("/api/search").name("search").concurrency(ConcurrencyGate.of(5, 10)).build())
        .route(Route.builder("/a").name("a").circuitBreaker(BreakerGate.of(upstream)).build())
        .route(Route.builder("/b").name("b").circuitBreaker(BreakerGate.of(upstream)).build())
        .build();
  }

  private static List<EdgeExchange> hold(Edge edge, String path, int requests) {
    List<EdgeExchange> held = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      EdgeExchange e = edge.begin(FakeRequest.get(path).peer("10.0.0." + i));
      assertThat(e.admitted()).isTrue();
      held.add(e);
    }
    return held;
  }

  @Test
  void anIdleEdgeIsUp() throws Exception {
    HealthReport report = EdgeHealth.builder(edge()).build().report();

    assertThat(report.status()).isEqualTo(HealthStatus.UP);
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.toJson()).isEqualTo("{\"status\":\"UP\",\"components\":{"
        + "\"breaker:llm\":{\"status\":\"UP\",\"details\":{\"remaining_open_ms\":0,\"state\":\"closed\"}},"
        + "\"breaker:upstream\":{\"status\":\"UP\",\"details\":{\"remaining_open_ms\":0,\"state\":\"closed\"}},"
        + "\"concurrency:search\":{\"status\":\"UP\",\"details\":{\"in_flight\":0,\"limit\":10}}}}");
    assertThat(new ObjectMapper().writeValueAsString(report)).isEqualTo(report.toJson());
  }

  @Test
  void aHalfOpenBreakerAndANearlyFullLimiterAreDegraded() {
    Edge edge = edge();
    EdgeHealth health = EdgeHealth.builder(edge).build();
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    ticker.advance(Duration.ofSeconds(30));
    EdgeExchange trial = edge.begin(FakeRequest.get("/api/llm")); // moves the breaker to HALF_OPEN
    assertThat(trial.admitted()).isTrue();
    List<EdgeExchange> held = hold(edge, "/api/search", 8);

    HealthReport eight = health.report();
    assertThat(eight.components().get("concurrency:search").status()).isEqualTo(HealthStatus.UP);
    assertThat(eight.status()).isEqualTo(HealthStatus.DEGRADED);

    held.add(edge.begin(FakeRequest.get("/api/search").peer("10.0.1.1")));
    HealthReport report = health.report();
    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.toJson()).isEqualTo("{\"status\":\"DEGRADED\",\"components\":{"
        + "\"breaker:llm\":{\"status\":\"DEGRADED\",\"details\":{\"remaining_open_ms\":0,\"state\":\"half_open\"}},"
        + "\"breaker:upstream\":{\"status\":\"UP\",\"details\":{\"remaining_open_ms\":0,\"state\":\"closed\"}},"
        + "\"concurrency:search\":{\"status\":\"DEGRADED\",\"details\":{\"in_flight\":9,\"limit\":10}}}}");

    trial.complete(200);
    held.forEach(e -> e.complete(200));
    assertThat(health.report().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void anOpenBreakerIsDownAndTheEndpointAnswers503() {
    Edge edge = edge();
    edge.begin(FakeRequest.get("/api/llm")).complete(502);
    ticker.advance(Duration.ofMillis(10_500));
    upstream.forceOpen();

    HealthReport report = EdgeHealth.builder(edge).build().report();

    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.httpStatus()).isEqualTo(503);
    assertThat(report.toJson()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
        + "\"breaker:llm\":{\"status\":\"DOWN\",\"details\":{\"remaining_open_ms\":19500,\"state\":\"open\"}},"
        + "\"breaker:upstream\":{\"status\":\"DOWN\",\"details\":{\"remaining_open_ms\":0,\"state\":\"forced_open\"}},"
        + "\"concurrency:search\":{\"status\":\"UP\",\"details\":{\"in_flight\":0,\"limit\":10}}}}");
  }

  @Test
  void contributorsAddComponentsAndAFailingOneIsDown() throws Exception {
    AtomicReference<HealthComponent> redis = new AtomicReference<>(
        new HealthComponent(HealthStatus.DEGRADED, Map.of("fallback", true, "since_ms", 1500L)));
    EdgeHealth health = EdgeHealth.builder(Edge.builder().build())
        .contributor("redis:limits", redis::get)
        .contributor("db", () -> {
          throw new IllegalStateException("pool closed");
        })
        .build();

    HealthReport report = health.report();

    assertThat(report.toJson()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
        + "\"db\":{\"status\":\"DOWN\",\"details\":{\"error\":\"java.lang.IllegalStateException\"}},"
        + "\"redis:limits\":{\"status\":\"DEGRADED\",\"details\":{\"fallback\":true,\"since_ms\":1500}}}}");
    assertThat(new ObjectMapper().writeValueAsString(report)).isEqualTo(report.toJson());
    assertThat(health.toString()).isEqualTo("EdgeHealth[redis:limits, db]");

    redis.set(null);
    assertThat(health.report().components().get("redis:limits")).isEqualTo(
        new HealthComponent(HealthStatus.DOWN, Map.of("error", "java.lang.NullPointerException")));
  }

  @Test
  void theSaturationThresholdIsConfigurable() {
    Edge edge = edge();
    EdgeHealth health = EdgeHealth.builder(edge).saturationThreshold(0.5).build();
    hold(edge, "/api/search", 4);
    assertThat(health.report().components().get("concurrency:search").status()).isEqualTo(HealthStatus.UP);
    hold(edge, "/api/search", 1);
    assertThat(health.report().components().get("concurrency:search").status())
        .isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void anEdgeWithoutComponentsIsUp() {
    HealthReport report = EdgeHealth.builder(Edge.builder().build()).build().report();
    assertThat(report.toJson()).isEqualTo("{\"status\":\"UP\",\"components\":{}}");
    assertThat(report.httpStatus()).isEqualTo(200);
  }

  @Test
  void theBuilderFailsFast() {
    assertThatThrownBy(() -> EdgeHealth.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("edge");
    EdgeHealth.Builder b = EdgeHealth.builder(edge()).saturationThreshold(1);
    assertThatThrownBy(() -> b.saturationThreshold(0.5))
        .isInstanceOf(IllegalStateException.class).hasMessage("saturationThreshold was already set to 1.0");
    for (double bad : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> EdgeHealth.builder(edge()).saturationThreshold(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("saturationThreshold must be in (0, 1] but was " + bad);
    }
    assertThatThrownBy(() -> b.contributor(" ", HealthComponentTest::up))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank but was \" \"");
    assertThatThrownBy(() -> b.contributor("breaker:llm", HealthComponentTest::up))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a component named \"breaker:llm\" already exists");
    b.contributor("x", HealthComponentTest::up);
    assertThatThrownBy(() -> b.contributor("x", HealthComponentTest::up))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a component named \"x\" already exists");
    assertThatThrownBy(() -> b.contributor("y", null))
        .isInstanceOf(NullPointerException.class).hasMessage("contributor");
  }

  @Test
  void twoBreakersOfOneNameWouldCollide() {
    Edge edge = Edge.builder()
        .route(Route.builder("/a").name("a").circuitBreaker(BreakerGate.of(CircuitBreaker.ofDefaults("same"))).build())
        .route(Route.builder("/b").name("b").circuitBreaker(BreakerGate.of(CircuitBreaker.ofDefaults("same"))).build())
        .build();
    assertThatThrownBy(() -> EdgeHealth.builder(edge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("two components would be named \"breaker:same\": ");
  }
}
