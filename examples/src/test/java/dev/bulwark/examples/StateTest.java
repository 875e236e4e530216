package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateTest {

  private static final List<String> ROUTES =
      List.of(
          "GET /", "GET /api/search", "POST /api/chat", "POST /api/auth/login", "POST /api/documents",
          "GET /api/fetch", "GET /api/stream", "POST /admin/upstream", "GET /api/state");

  @Test
  void recordCountsKnownRoutesByStatus() {
    DemoFixture demo = new DemoFixture();

    assertThat(demo.app.record("GET /api/search", 200)).isTrue();
    assertThat(demo.app.record("GET /api/search", 200)).isTrue();
    assertThat(demo.app.record("GET /api/search", 429)).isTrue();
    assertThat(demo.app.record("GET /api/search", 400)).isTrue();
    assertThat(demo.app.record("GET /nope", 404)).isFalse();
    assertThat(demo.app.record(null, 404)).isFalse();

    RouteView search = demo.app.routeViews().get(1);
    assertThat(search).isEqualTo(new RouteView("GET /api/search", 2, 2, Map.of(200, 2L, 429, 1L, 400, 1L), 0, null));
    assertThatThrownBy(() -> demo.app.record("GET /api/search", 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be in [100, 599] but was 99");
  }

  @Test
  void routeKeysNameTheServedRoutes() {
    DemoFixture demo = new DemoFixture();

    assertThat(demo.app.routeKeys()).isEqualTo(ROUTES);
    assertThat(demo.app.routeKey("POST", "/api/chat")).isEqualTo("POST /api/chat");
    assertThat(demo.app.routeKey("GET", "/api/chat")).isNull();
  }

  @Test
  void theStateShowsRoutesBreakerUpstreamAndTheEdgesObjects() {
    BreakerView redis = new BreakerView("redis", "CLOSED", 0, 0, 0, List.of());
    DemoFixture demo =
        new DemoFixture(
            () -> new StateSnapshot(
                List.of(redis),
                List.of(new LimiterView("search", "30/minute", "per client IP", 3, 90, 12)),
                List.of(new GaugeView("stream", "per client IP", 4, 1000))));
    demo.app.record("POST /api/chat", 503);
    demo.ticker.advanceNanos(1_500_000_000L);

    StringBuilder routes = new StringBuilder();
    for (String r : ROUTES) {
      boolean chat = r.equals("POST /api/chat");
      routes.append(routes.length() == 0 ? "" : ",")
          .append("{\"route\":\"").append(r).append("\",\"permitted\":0,\"rejected\":").append(chat ? 1 : 0)
          .append(",\"inFlight\":0,\"breaker\":").append(chat ? "\"chat\"" : "null")
          .append(",\"statuses\":").append(chat ? "{\"503\":1}" : "{}").append('}');
    }
    String expected =
        "{\"time\":\"2026-01-01T00:00:01.500Z\","
            + "\"upstream\":{\"failureRate\":0.0,\"latencyMs\":100,\"calls\":0,\"failures\":0},"
            + "\"routes\":[" + routes + "],"
            + "\"breakers\":[{\"name\":\"chat\",\"state\":\"CLOSED\",\"openRemainingMillis\":0,"
            + "\"consecutiveFailures\":0,\"trialCallsInFlight\":0,\"transitions\":[]},"
            + "{\"name\":\"redis\",\"state\":\"CLOSED\",\"openRemainingMillis\":0,"
            + "\"consecutiveFailures\":0,\"trialCallsInFlight\":0,\"transitions\":[]}],"
            + "\"limiters\":[{\"name\":\"search\",\"limit\":\"30/minute\",\"scope\":\"per client IP\","
            + "\"trackedKeys\":3,\"permitted\":90,\"rejected\":12}],"
            + "\"gauges\":[{\"name\":\"stream\",\"scope\":\"per client IP\",\"inFlight\":4,\"limit\":1000}]}";

    assertThat(demo.app.stateJson()).isEqualTo(expected);
    // Served through the route, the state request itself is in flight while it is computed.
    assertThat(demo.call(DemoFixture.get("/api/state", Map.of())).bodyText())
        .isEqualTo(expected.replace("{\"route\":\"GET /api/state\",\"permitted\":0,\"rejected\":0,\"inFlight\":0",
            "{\"route\":\"GET /api/state\",\"permitted\":0,\"rejected\":0,\"inFlight\":1"));
  }

  @Test
  void anOpenBreakerShowsItsRemainingTimeRoundedUpToMilliseconds() {
    DemoFixture demo = new DemoFixture();
    demo.app.chatBreaker().forceOpen();
    assertThat(BreakerView.of(demo.app.chatBreaker(), List.of()).state()).isEqualTo("FORCED_OPEN");

    demo.app.chatBreaker().reset();
    for (int i = 0; i < 5; i++) {
      demo.app.chatBreaker().onError(demo.app.chatBreaker().tryAcquirePermission(), 0, new IllegalStateException());
    }
    demo.ticker.advanceNanos(1_000_000_001L);

    BreakerView view = BreakerView.of(demo.app.chatBreaker(), List.of());
    assertThat(view.state()).isEqualTo("OPEN");
    assertThat(view.openRemainingMillis()).isEqualTo(29_000); // 28_999.999999 ms, rounded up
  }

  @Test
  void theTransitionLogKeepsTheLatestSixtyFour() {
    DemoFixture demo = new DemoFixture();
    for (int i = 0; i < 40; i++) {
      demo.app.chatBreaker().forceOpen();
      demo.app.chatBreaker().reset();
    }

    com.fasterxml.jackson.databind.JsonNode kept =
        DemoFixture.json(demo.app.stateJson()).get("breakers").get(0).get("transitions");
    assertThat(kept.size()).isEqualTo(TransitionLog.CAPACITY); // 80 transitions, the latest 64 kept
    assertThat(kept.get(0).get("to").asText()).isEqualTo("FORCED_OPEN");
    assertThat(kept.get(63).get("from").asText()).isEqualTo("FORCED_OPEN");
    assertThat(kept.get(63).get("to").asText()).isEqualTo("CLOSED");
    assertThat(kept.get(63).get("reason").asText()).isEqualTo("RESET");
  }
}
