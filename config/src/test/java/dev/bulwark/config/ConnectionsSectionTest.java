package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeConnection;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A route's {@code connections} section (issue #19), checked through an upgraded exchange. */
class ConnectionsSectionTest {

  private final ManualTicker ticker = new ManualTicker();

  private Edge load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).build().fromYaml(yaml).edge();
  }

  @Test
  void theFastApiServicesSocketLimitsAndWatchAreOneRoute() {
    Edge edge = load("routes:\n"
        + "  - {pattern: /ws, concurrency: {perClient: 5, total: 1000},\n"
        + "     connections: {idleTimeout: 1h, pingInterval: 30s, pongTimeout: 10s}}\n");
    EdgeConnection socket = edge.begin(FakeRequest.get("/ws")).upgrade(() -> { });

    assertThat(socket.policy()).isEqualTo(ConnectionPolicy.none().withIdleTimeout(Duration.ofHours(1))
        .withHeartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    for (int i = 0; i < 4; i++) {
      edge.begin(FakeRequest.get("/ws")).upgrade(() -> { });
    }
    EdgeExchange sixth = edge.begin(FakeRequest.get("/ws"));
    assertThat(sixth.admitted()).isFalse();
    socket.close();
    assertThat(edge.begin(FakeRequest.get("/ws")).admitted()).isTrue();
  }

  @Test
  void aRouteWithoutTheSectionWatchesNothingAndDefaultsAreInherited() {
    Edge edge = load("routeDefaults: {connections: {idleTimeout: 5m}}\n"
        + "routes: [{pattern: /a}, {pattern: /b, connections: null}]\n");
    assertThat(edge.begin(FakeRequest.get("/a")).upgrade(() -> { }).policy())
        .isEqualTo(ConnectionPolicy.none().withIdleTimeout(Duration.ofMinutes(5)));
    assertThat(edge.begin(FakeRequest.get("/b")).upgrade(() -> { }).policy()).isEqualTo(ConnectionPolicy.none());
  }

  @Test
  void badValuesAreReportedWithTheirPaths() {
    assertThatThrownBy(() -> load("routes: [{pattern: /ws, connections: {pingInterval: 30s, idleTimeout: 0s,"
        + " pongTimeoutt: 1s}}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].connections.idleTimeout")
        .hasMessageContaining("pongTimeoutt");
    assertThatThrownBy(() -> load("routes: [{pattern: /ws, connections: {pingInterval: 30s}}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].connections.pongTimeout: required key is missing (pingInterval needs it)");
  }
}
