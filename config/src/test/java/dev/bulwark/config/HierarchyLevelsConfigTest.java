package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.HierarchyCounts;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.LevelCounts;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hierarchical limiters a load built, handed out by name with their per-level statistics, and
 * the loader's replacement of every entry's backend ({@code hierarchicalLimitsBackend}).
 */
class HierarchyLevelsConfigTest {

  private static final String DOCUMENT = "hierarchicalLimits:\n"
      + "  gateway: {global: 3/minute, perClient: 2/minute}\n"
      + "routes:\n"
      + "  - {name: search, pattern: /search, rateLimit: {hierarchy: gateway, limit: 1/minute}}\n"
      + "  - {name: other, pattern: /other, rateLimit: {hierarchy: gateway}}\n";

  private final ManualTicker ticker = new ManualTicker();

  /** A backend that builds in-memory hierarchies and says what it was asked. */
  private final class RecordingBackend implements LimiterBackend {
    final List<String> asked = new ArrayList<>();
    boolean closed;

    @Override
    public KeyedRateLimiter<String> rateLimiter(String name, List<RateLimit> limits, RateLimitAlgorithm algorithm) {
      throw new IllegalArgumentException("hierarchies only");
    }

    @Override
    public KeyedConcurrencyLimiter<String> concurrencyLimiter(String name, int maxPerKey, int maxTotal) {
      throw new IllegalArgumentException("hierarchies only");
    }

    @Override
    public HierarchicalRateLimiter<String> hierarchicalRateLimiter(
        String name,
        List<RateLimit> global,
        List<RateLimit> perClient,
        Map<String, List<RateLimit>> routes,
        RateLimitAlgorithm algorithm,
        List<RateLimiterListener> listeners) {
      asked.add(name + " global=" + global + " perClient=" + perClient + " routes=" + routes + " listeners="
          + listeners.size());
      HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
          .name(name)
          .global(global.toArray(new RateLimit[0]))
          .perClient(perClient.toArray(new RateLimit[0]))
          .ticker(ticker)
          .recordStats();
      routes.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
      listeners.forEach(b::listener);
      return b.build();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aLoadHandsOutItsHierarchiesByNameWithTheirLevelsLimitsAndCounts() {
    LoadedConfig config = EdgeConfigLoader.builder().ticker(ticker).build().fromYaml(DOCUMENT);
    Edge edge = config.edge();

    assertThat(config.hierarchicalLimiterNames()).containsExactly("gateway");
    HierarchicalRateLimiter<String> gateway = config.hierarchicalLimiter("gateway").orElseThrow();
    assertThat(edge.routes().get(0).hierarchicalRateLimiter()).isSameAs(gateway);
    HierarchyCounts counts = gateway.stats().orElseThrow();
    assertThat(counts.levels()).extracting(LevelCounts::name)
        .containsExactly("gateway.global", "gateway.client", "gateway.route.search");
    assertThat(counts.levels()).extracting(LevelCounts::limits).containsExactly(
        List.of(RateLimit.perMinute(3)), List.of(RateLimit.perMinute(2)), List.of(RateLimit.perMinute(1)));

    assertThat(status(edge.begin(FakeRequest.get("/search")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/search")))).isEqualTo(429); // the route level
    assertThat(status(edge.begin(FakeRequest.get("/other")))).isEqualTo(200);

    LevelCounts search = counts.level("gateway.route.search").orElseThrow();
    assertThat(search.permitted()).isEqualTo(1);
    assertThat(search.rejected()).isEqualTo(1);
    assertThat(counts.level("gateway.client").orElseThrow().permitted()).isEqualTo(1);
    assertThat(counts.level("gateway.global").orElseThrow().permitted()).isEqualTo(2);
    assertThat(config.hierarchicalLimiter("other")).isEmpty();
  }

  @Test
  void aDocumentWithoutHierarchiesHasNone() {
    LoadedConfig config = EdgeConfigLoader.builder().ticker(ticker).build()
        .fromYaml("routes:\n  - {name: a, pattern: /a}\n");
    assertThat(config.hierarchicalLimiterNames()).isEmpty();
  }

  @Test
  void theLoadersBackendBuildsEveryHierarchyWhateverTheEntryNamesAndStaysOpen() {
    RecordingBackend backend = new RecordingBackend();
    List<String> heard = new ArrayList<>();
    EdgeConfigLoader loader = EdgeConfigLoader.builder()
        .ticker(ticker)
        .hierarchicalLimitsBackend(backend)
        .rateLimiterListener(event -> heard.add(event.limiterName()))
        .build();

    LoadedConfig config = loader.fromYaml(DOCUMENT.replace("perClient: 2/minute}", "perClient: 2/minute, maximumKeys: 10}"));

    assertThat(backend.asked).containsExactly(
        "gateway global=[3/minute] perClient=[2/minute] routes={search=[1/minute]} listeners=1");
    assertThat(status(config.edge().begin(FakeRequest.get("/search")))).isEqualTo(200);
    assertThat(heard).containsExactly("gateway.route.search");
    assertThat(config.hierarchicalLimiter("gateway").orElseThrow().stats().orElseThrow().permitted()).isEqualTo(1);
    config.close();
    assertThat(backend.closed).as("the caller owns it").isFalse();
    loader.fromYaml(DOCUMENT);
    assertThat(backend.asked).as("every load uses it").hasSize(2);
  }

  @Test
  void anEntrysOwnBackendIsStillCheckedAndTheReplacementIsSetOnce() {
    RecordingBackend backend = new RecordingBackend();
    EdgeConfigLoader.Builder builder = EdgeConfigLoader.builder().ticker(ticker).hierarchicalLimitsBackend(backend);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> builder.build()
        .fromYaml("hierarchicalLimits: {h: {perClient: 1/s, backend: nowhere}}"));

    assertThat(e.problems()).singleElement().asString().startsWith("hierarchicalLimits.h.backend: ");
    assertThat(backend.asked).isEmpty();
    assertThatThrownBy(() -> builder.hierarchicalLimitsBackend(backend))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hierarchicalLimitsBackend");
    assertThatThrownBy(() -> EdgeConfigLoader.builder().hierarchicalLimitsBackend(null))
        .isInstanceOf(NullPointerException.class);
  }
}
