package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.HealthStatus;
import dev.bulwark.http.RouteStatistics;
import dev.bulwark.http.contract.FakeRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The document's requestIds, requestLog, health and routeStatistics keys. */
class ObservabilityConfigTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).build().fromYaml(yaml);
  }

  @Test
  void requestIdsAreOnWithTrueOrAHeaderName() {
    EdgeExchange standard = load("requestIds: true\n").edge().begin(FakeRequest.get("/a"));
    assertThat(standard.requestId()).matches("[0-9a-f]{8}-000000000001");
    assertThat(Exchanges.headers(standard)).anyMatch(h -> h.startsWith("X-Request-ID: "));

    EdgeExchange custom = load("requestIds: {header: X-Correlation-ID}\n").edge().begin(FakeRequest.get("/a"));
    assertThat(Exchanges.headers(custom)).anyMatch(h -> h.startsWith("X-Correlation-ID: "));
    assertThat(load("requestIds: false\n").edge().begin(FakeRequest.get("/a")).requestId()).isNull();
  }

  @Test
  void routeStatisticsAreKeptWhenTheDocumentOrTheLoaderChoosesThem() {
    String routes = "routes:\n  - {name: search, pattern: /api/search, rateLimit: {limit: 1/minute}}\n";
    Edge chosen = load("routeStatistics: true\n" + routes).edge();
    chosen.begin(FakeRequest.get("/api/search")).complete(200);
    chosen.begin(FakeRequest.get("/api/search"));
    RouteStatistics search = chosen.routes().get(0).statistics().orElseThrow();
    assertThat(search.statuses()).isEqualTo(Map.of(200, 1L, 429, 1L));
    assertThat(search.refused(EdgeGate.RATE_LIMIT)).isEqualTo(1);

    assertThat(load(routes).edge().routes()).allSatisfy(r -> assertThat(r.statistics()).isEmpty());
    assertThat(load("routeStatistics: false\n" + routes).edge().routes())
        .allSatisfy(r -> assertThat(r.statistics()).isEmpty());

    EdgeConfigLoader.Builder forced = EdgeConfigLoader.builder().ticker(ticker).routeStatistics();
    assertThatThrownBy(forced::routeStatistics).isInstanceOf(IllegalStateException.class);
    EdgeConfigLoader loader = forced.build();
    assertThat(loader.fromYaml(routes).edge().routes()).allSatisfy(r -> assertThat(r.statistics()).isPresent());
    assertThat(loader.fromYaml("routeStatistics: true\n" + routes).edge().routes())
        .allSatisfy(r -> assertThat(r.statistics()).isPresent());
    assertThatThrownBy(() -> load("routeStatistics: 3\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routeStatistics");
  }

  @Test
  void healthMarksCriticalRoutesAndIncludesEveryOutboundBreaker() {
    LoadedConfig config = load("routes:\n"
        + "  - {name: llm, pattern: /api/llm, circuitBreaker: {consecutiveFailures: 1}}\n"
        + "  - {name: recs, pattern: /api/recs, circuitBreaker: {consecutiveFailures: 1}}\n"
        + "outbound:\n"
        + "  payments: {circuitBreaker: {consecutiveFailures: 1}}\n"
        + "  avatars: {circuitBreaker: {consecutiveFailures: 1}}\n"
        + "  search: {timeout: 1s}\n"
        + "health: {criticalRoutes: [llm], criticalOutbound: [payments]}\n"
        + "requestLog: {slowRequests: {warn: 2s, critical: 4s}, routes: {llm: {warn: 20s, critical: 60s}},"
        + " rejectionsPerSecond: 5}\n");
    EdgeHealth health = config.health().build();

    assertThat(health.readiness().components())
        .containsOnlyKeys("breaker:llm", "breaker:recs", "outbound:payments", "outbound:avatars");
    config.circuitBreaker("avatars").forceOpen();
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DEGRADED);
    config.circuitBreaker("payments").forceOpen();
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.readiness().components().get("outbound:payments").details()).containsEntry("critical", true);
    config.circuitBreaker("payments").reset();
    EdgeExchange llm = config.edge().begin(FakeRequest.get("/api/llm"));
    llm.complete(500);
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("routes:\n"
        + "  - {name: plain, pattern: /p}\n"
        + "outbound: {t: {timeout: 1s}}\n"
        + "requestIds: {header: 'bad header'}\n"
        + "requestLog: {slowRequests: {warn: 5s, critical: 3s}, routes: {nope: {warn: 1s, critical: 2s}},"
        + " rejectionsPerSecond: -1}\n"
        + "health: {criticalRoutes: [plain], criticalOutbound: [t], other: 1}\n"));

    assertThat(e.problems()).anyMatch(p -> p.startsWith("requestIds") && p.contains("bad header"))
        .anyMatch(p -> p.startsWith("requestLog.slowRequests") && p.contains("PT3S"))
        .anyMatch(p -> p.startsWith("requestLog.rejectionsPerSecond"))
        .anyMatch(p -> p.startsWith("requestLog.routes.nope"))
        .anyMatch(p -> p.startsWith("health.other"))
        .anyMatch(p -> p.startsWith("health.criticalRoutes[0]") && p.contains("plain"))
        .anyMatch(p -> p.startsWith("health.criticalOutbound") && p.contains("\"t\""));
  }
}
