package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader's hierarchical backends and its edge listener option. */
class HierarchyBackendAndListenerTest {

  private final ManualTicker ticker = new ManualTicker();
  private final List<String> created = new ArrayList<>();

  private final HierarchicalRateLimiterFactory store = (name, global, perClient, routes, algorithm) -> {
    created.add(name + " global=" + global + " perClient=" + perClient + " routes=" + routes + " " + algorithm);
    HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
        .name("store-" + name)
        .perClient(perClient.toArray(new RateLimit[0]))
        .algorithm(algorithm)
        .ticker(ticker);
    if (!global.isEmpty()) {
      b.global(global.toArray(new RateLimit[0]));
    }
    routes.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
    return b.build();
  };

  private EdgeConfigLoader loader() {
    return EdgeConfigLoader.builder().ticker(ticker).hierarchicalRateLimiterBackend("store", store).build();
  }

  @Test
  void aHierarchyNamesItsBackendAndTheFactoryGetsEveryLevelInDocumentOrder() {
    LoadedConfig config = loader().fromYaml("hierarchicalLimits:\n"
        + "  gateway: {global: 5/minute, perClient: 3/minute, backend: store}\n"
        + "  plain: {perClient: 1/s, algorithm: fixed-window, backend: store}\n"
        + "routes:\n"
        + "  - {name: search, pattern: /search, rateLimit: {hierarchy: gateway, limit: 1/minute}}\n"
        + "  - {name: login, pattern: /login, rateLimit: {hierarchy: gateway, limit: 2 per 15 minutes}}\n"
        + "  - {name: other, pattern: /other, rateLimit: {hierarchy: gateway}}\n"
        + "  - {name: p, pattern: /p, rateLimit: {hierarchy: plain}}\n");
    Edge edge = config.edge();

    assertThat(created).containsExactly(
        "gateway global=[5/minute] perClient=[3/minute]"
            + " routes={search=[1/minute], login=[2 per 15 minutes]} TOKEN_BUCKET",
        "plain global=[] perClient=[1/second] routes={} FIXED_WINDOW");
    assertThat(config.hierarchicalLimiter("gateway").orElseThrow().name()).isEqualTo("store-gateway");
    assertThat(edge.routes().get(0).hierarchicalRateLimiter())
        .isSameAs(config.hierarchicalLimiter("gateway").orElseThrow());
    assertThat(status(edge.begin(FakeRequest.get("/search")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/search")))).isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/other")))).isEqualTo(200);
  }

  @Test
  void aBackendHierarchyIsNotProbedAgainstTheInMemoryAlgorithms() {
    // 40,000 per second cannot be held by an in-memory sliding-window counter; the backend decides
    // (here, the test's factory builds an in-memory limiter, which refuses, at the backend's path).
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().fromYaml(
        "hierarchicalLimits:\n"
            + "  h: {perClient: 40000/s, algorithm: sliding-window-counter, backend: store}\n"
            + "routes: [{pattern: /a, rateLimit: {hierarchy: h, limit: 40000/s}}]\n"));

    assertThat(created).hasSize(1);
    assertThat(e.problems()).containsExactly("hierarchicalLimits.h.backend: burst 40000 per window of PT1S"
        + " is too large for SLIDING_WINDOW_COUNTER (at most 32767 for this period); use a longer period"
        + " or TOKEN_BUCKET");
  }

  @Test
  void unknownBackendsAndMemoryOnlySettingsAreProblemsOfTheDocument() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().fromYaml(
        "hierarchicalLimits:\n"
            + "  a: {perClient: 1/s, backend: redis}\n"
            + "  b: {perClient: 1/s, maximumKeys: 10, backend: store}\n"
            + "  c: {perClient: 1/s, maximumKeys: 10, backend: memory}\n"));

    assertThat(e.problems()).containsExactly(
        "hierarchicalLimits.a.backend: \"redis\": unknown backend; expected memory, store",
        "hierarchicalLimits.b.maximumKeys: 10: applies only to the memory backend");
    assertThat(created).isEmpty();
  }

  @Test
  void aFactoryThatRefusesIsReportedAtTheBackend() {
    EdgeConfigLoader loader = EdgeConfigLoader.builder()
        .hierarchicalRateLimiterBackend("redis", (name, global, perClient, routes, algorithm) -> {
          throw new IllegalArgumentException("redis has no " + algorithm);
        })
        .build();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.fromYaml(
        "hierarchicalLimits: {h: {perClient: 1/s, algorithm: sliding-window-log, backend: redis}}"));

    assertThat(e.problems()).containsExactly("hierarchicalLimits.h.backend: redis has no SLIDING_WINDOW_LOG");
  }

  @Test
  void backendNamesAreRegisteredOnce() {
    EdgeConfigLoader.Builder b = EdgeConfigLoader.builder().hierarchicalRateLimiterBackend("store", store);

    assertThatThrownBy(() -> b.hierarchicalRateLimiterBackend("store", store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("hierarchical rate limiter backend \"store\" was already registered");
    assertThatThrownBy(() -> b.hierarchicalRateLimiterBackend("memory", store))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hierarchical rate limiter backend name must not be blank or \"memory\" but was \"memory\"");
  }

  @Test
  void theEdgeListenerHearsEveryRequestOfTheLoadedEdge() {
    List<String> heard = new ArrayList<>();
    EdgeListener listener = event -> {
      if (event instanceof EdgeEvent.RequestFinished f) {
        heard.add(f.route() + " " + f.outcome() + " " + f.status() + " " + f.method() + " " + f.path());
      }
    };
    EdgeConfigLoader loader = EdgeConfigLoader.builder().ticker(ticker).edgeListener(listener).build();
    Edge edge = loader.fromYaml("routes: [{name: a, pattern: /a, rateLimit: 1/minute}]").edge();

    edge.begin(FakeRequest.get("/a")).complete(201);
    edge.begin(FakeRequest.get("/a"));
    edge.begin(FakeRequest.get("/b")).complete(404);

    assertThat(heard).containsExactly(
        "a ADMITTED 201 GET /a", "a RATE_LIMIT 429 GET /a", "default ADMITTED 404 GET /b");
    assertThatThrownBy(() -> EdgeConfigLoader.builder().edgeListener(listener).edgeListener(listener))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("edgeListener was already set to ");
  }
}
