package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the loader's builder supplies: backends, a breaker registry, listeners, and its own rules. */
class BackendsAndOptionsTest {

  private final ManualTicker ticker = new ManualTicker();
  private final List<String> created = new ArrayList<>();

  private final RateLimiterFactory shared = (name, limits, algorithm) -> {
    created.add(name + " " + limits + " " + algorithm);
    return KeyedRateLimiter.builder(limits).name("shared-" + name).ticker(ticker).algorithm(algorithm).build();
  };

  private final ConcurrencyLimiterFactory sharedConcurrency = (name, perClient, total) -> {
    created.add(name + " " + perClient + "/" + total);
    return KeyedConcurrencyLimiter.builder(perClient, total).name("shared-" + name).build();
  };

  private EdgeConfigLoader.Builder loader() {
    return EdgeConfigLoader.builder()
        .ticker(ticker)
        .rateLimiterBackend("shared", shared)
        .concurrencyLimiterBackend("shared", sharedConcurrency);
  }

  @Test
  void aRouteNamesItsBackendAndTheFactoryBuildsItsLimiter() {
    LoadedConfig config = loader().build().fromYaml("routes:\n"
        + "  - {name: a, pattern: /a, rateLimit: {limit: 2/minute, backend: shared}}\n"
        + "  - {name: b, pattern: /b, rateLimit: {limit: 2/s; 10/minute, algorithm: fixed-window, backend: shared}}\n"
        + "  - {name: c, pattern: /c, concurrency: {perClient: 1, total: 3, backend: shared}}\n");
    Edge edge = config.edge();

    assertThat(created).containsExactly(
        "a [2/minute] TOKEN_BUCKET",
        "b [2/second, 10/minute] FIXED_WINDOW",
        "c 1/3");
    assertThat(config.rateLimiter("a").orElseThrow().name()).isEqualTo("shared-a");
    assertThat(config.concurrencyLimiter("c").orElseThrow().name()).isEqualTo("shared-c");
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/a")))).isEqualTo(429);
    assertThat(config.rateLimiter("a").orElseThrow().peek("203.0.113.7", 1).allowed()).isFalse();
  }

  @Test
  void aBackendThatRefusesItsSettingsIsAProblemOfTheDocument() {
    EdgeConfigLoader loader = EdgeConfigLoader.builder()
        .rateLimiterBackend("redis", (name, limits, algorithm) -> {
          throw new IllegalArgumentException("redis has no " + algorithm);
        })
        .concurrencyLimiterBackend("redis", (name, perClient, total) -> {
          throw new IllegalArgumentException("redis is read-only");
        })
        .build();

    ConfigException built = catchThrowableOfType(ConfigException.class, () -> loader.fromYaml("routes:\n"
        + "  - {pattern: /a, rateLimit: {limit: 1/s, algorithm: sliding-window-log, backend: redis}}\n"
        + "  - {pattern: /c, concurrency: {perClient: 1, total: 1, backend: redis}}\n"));
    // Problems of the document itself come first: nothing is built until it reads cleanly.
    ConfigException read = catchThrowableOfType(ConfigException.class, () -> loader.fromYaml("routes:\n"
        + "  - {pattern: /a, rateLimit: {limit: 1/s, algorithm: sliding-window-log, backend: redis}}\n"
        + "  - {pattern: /b, rateLimit: {limit: 1/s, maximumKeys: 10, backend: redis}}\n"));

    assertThat(built.problems()).containsExactly(
        "routes[0].rateLimit.backend: redis has no SLIDING_WINDOW_LOG",
        "routes[1].concurrency.backend: redis is read-only");
    assertThat(read.problems()).containsExactly(
        "routes[1].rateLimit.maximumKeys: 10: applies only to the memory backend");
  }

  @Test
  void unknownBackendsListTheRegisteredOnes() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().build().fromYaml(
        "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]"));

    assertThat(e.problems()).containsExactly(
        "routes[0].rateLimit.backend: \"redis\": unknown backend; expected memory, shared");
  }

  @Test
  void aRegistryHoldsEveryBreakerByName() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder().ticker(ticker).build();
    LoadedConfig config = EdgeConfigLoader.builder().ticker(ticker).circuitBreakerRegistry(registry).build()
        .fromYaml("routes: [{name: api, pattern: /api/**, circuitBreaker: {consecutiveFailures: 2}}]\n"
            + "outbound: {llm: {circuitBreaker: {consecutiveFailures: 5}}}");

    assertThat(registry.find("api")).containsSame(config.routeCircuitBreaker("api").orElseThrow());
    assertThat(registry.find("llm")).containsSame(config.circuitBreaker("llm"));
  }

  @Test
  void aBreakerNameTakenInTheRegistryWithAnotherConfigIsAProblem() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder().ticker(ticker).build();
    EdgeConfigLoader loader = EdgeConfigLoader.builder().circuitBreakerRegistry(registry).build();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.fromYaml(
        "routes: [{name: llm, pattern: /api/**, circuitBreaker: {consecutiveFailures: 2}}]\n"
            + "outbound: {llm: {circuitBreaker: {consecutiveFailures: 5}}}"));

    assertThat(e.problems()).containsExactly("outbound.llm.circuitBreaker: circuit breaker 'llm' already"
        + " exists with CircuitBreakerConfig[consecutiveFailures=2, open=PT1M, maxHalfOpenCalls=1,"
        + " successThreshold=1], not CircuitBreakerConfig[consecutiveFailures=5, open=PT1M,"
        + " maxHalfOpenCalls=1, successThreshold=1]");
  }

  @Test
  void theListenerHearsEveryInMemoryLimiter() {
    List<String> events = new ArrayList<>();
    LoadedConfig config = EdgeConfigLoader.builder()
        .ticker(ticker)
        .rateLimiterListener(event ->
            events.add(event.limiterName() + (event.permitted() ? " permitted " : " rejected ") + event.key()))
        .build()
        .fromYaml("hierarchicalLimits: {h: {perClient: 1/minute}}\n"
            + "routes: [{name: own, pattern: /own, rateLimit: 1/minute}, {name: shared, pattern: /shared,"
            + " rateLimit: {hierarchy: h}}]");

    config.edge().begin(FakeRequest.get("/own")).complete(200);
    config.edge().begin(FakeRequest.get("/own"));
    config.edge().begin(FakeRequest.get("/shared")).complete(200);

    assertThat(events).containsExactly(
        "own permitted 203.0.113.7", "own rejected 203.0.113.7", "h.client permitted 203.0.113.7");
  }

  @Test
  void backendNamesAreCheckedWhenRegistered() {
    EdgeConfigLoader.Builder b = EdgeConfigLoader.builder().rateLimiterBackend("redis", shared);

    assertThatThrownBy(() -> b.rateLimiterBackend("redis", shared))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rate limiter backend \"redis\" was already registered");
    assertThatThrownBy(() -> b.rateLimiterBackend("memory", shared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limiter backend name must not be blank or \"memory\" but was \"memory\"");
    assertThatThrownBy(() -> b.concurrencyLimiterBackend(" ", sharedConcurrency))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency limiter backend name must not be blank or \"memory\" but was \" \"");
    assertThatThrownBy(() -> b.rateLimiterBackend("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
  }

  @Test
  void eachOptionMayBeSetOnce() {
    EdgeConfigLoader.Builder b = EdgeConfigLoader.builder().ticker(ticker);

    assertThatThrownBy(() -> b.ticker(ticker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ticker was already set to " + ticker);
    assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
  }

  @Test
  void theDefaultLoaderBuildsAnEdgeWithEveryDefault() {
    LoadedConfig config = EdgeConfigLoader.defaults().fromJson("{}");

    assertThat(config.edge()).hasToString("Edge[default=Route[default * /**], PROBLEM_JSON]");
    assertThat(config.outboundNames()).isEmpty();
    assertThat(config.rateLimiter("default")).isEmpty();
    assertThat(config.hierarchicalLimiter("h")).isEmpty();
    assertThat(config.toString()).isEqualTo(
        "LoadedConfig[edge=Edge[default=Route[default * /**], PROBLEM_JSON], outbound=[]]");
  }
}
