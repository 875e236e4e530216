package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.http.contract.FakeRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The {@code shadow} key, edge-wide and per route. */
class ShadowConfigTest {

  private final ManualTicker ticker = new ManualTicker();
  private final List<EdgeEvent> events = new CopyOnWriteArrayList<>();

  private LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).edgeListener(events::add).build().fromYaml(yaml);
  }

  @Test
  void aRouteShadowsTheGatesItLists() {
    Edge edge = load("routes:\n"
        + "  - {pattern: /a, rateLimit: 1/minute, shadow: [rate-limit]}\n"
        + "  - {pattern: /b, rateLimit: 1/minute}\n").edge();
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/b")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/b")))).isEqualTo(429);
    assertThat(events).filteredOn(e -> e instanceof EdgeEvent.ShadowRejected)
        .containsExactly(new EdgeEvent.ShadowRejected("/a", "203.0.113.7", "203.0.113.7", "GET", "/a",
            EdgeGate.RATE_LIMIT, 429));
    assertThat(edge.routes()).extracting(EdgeRoute::shadowed)
        .containsExactly(Set.of(EdgeGate.RATE_LIMIT), Set.of(), Set.of());
  }

  @Test
  void trueShadowsEveryGateAndTheDocumentLevelKeyReachesEveryRoute() {
    Edge edge = load("shadow: [validation, circuit-breaker]\n"
        + "routes:\n"
        + "  - {pattern: /a, rateLimit: 1/minute, shadow: true}\n"
        + "  - {pattern: /b, rateLimit: 1/minute, shadow: false}\n"
        + "defaultRoute: {shadow: [concurrency]}\n").edge();
    assertThat(edge.routes()).extracting(EdgeRoute::shadowed).containsExactly(
        Set.of(EdgeGate.CORS, EdgeGate.RATE_LIMIT, EdgeGate.CONCURRENCY, EdgeGate.VALIDATION,
            EdgeGate.CIRCUIT_BREAKER),
        Set.of(EdgeGate.VALIDATION, EdgeGate.CIRCUIT_BREAKER),
        Set.of(EdgeGate.VALIDATION, EdgeGate.CIRCUIT_BREAKER, EdgeGate.CONCURRENCY));
  }

  @Test
  void aBadShadowValueIsReportedWithItsPath() {
    assertThatThrownBy(() -> load("shadow: [rate-limits]\nroutes: [{pattern: /a, shadow: [], rateLimit: 1/minute},"
        + " {pattern: /b, shadow: yes please}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("shadow")
        .hasMessageContaining("routes[0].shadow")
        .hasMessageContaining("routes[1].shadow")
        .hasMessageContaining("expected one of cors, rate-limit, concurrency, validation, circuit-breaker");
  }
}
