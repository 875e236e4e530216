package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Backends that a {@link LimiterBackendProvider} supplies: options from {@code backends.<name>},
 * one opening per load, owned and closed by the loaded configuration, and registration order.
 * Discovery through ServiceLoader of the real Redis provider is tested in ratelimit-redis
 * ({@code RedisBackendDiscoveryTest}); this module's test class path holds no provider.
 */
class BackendProvidersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final List<String> log = new ArrayList<>();

  /** A provider named {@code store} that keeps its limiters in memory and logs what it is asked. */
  private final class StoreProvider implements LimiterBackendProvider {
    @Override
    public String name() {
      return "store";
    }

    @Override
    public Set<String> optionNames() {
      return Set.of("url", "poolSize");
    }

    @Override
    public LimiterBackend open(Map<String, String> options, Ticker clock) {
      if ("bad".equals(options.get("url"))) {
        throw new IllegalArgumentException("url must be a store:// URL but was \"bad\"");
      }
      log.add("open " + new java.util.TreeMap<>(options) + (clock == ticker ? " (loader's ticker)" : ""));
      return new LimiterBackend() {
        @Override
        public KeyedRateLimiter<String> rateLimiter(
            String name, List<RateLimit> limits, RateLimitAlgorithm algorithm) {
          log.add("rate " + name + " " + algorithm);
          return KeyedRateLimiter.builder(limits).name("store-" + name).ticker(clock).algorithm(algorithm).build();
        }

        @Override
        public KeyedConcurrencyLimiter<String> concurrencyLimiter(String name, int maxPerKey, int maxTotal) {
          log.add("concurrency " + name + " " + maxPerKey + "/" + maxTotal);
          return KeyedConcurrencyLimiter.builder(maxPerKey, maxTotal).name("store-" + name).build();
        }

        @Override
        public void close() {
          log.add("close");
        }
      };
    }
  }

  private EdgeConfigLoader loader() {
    return EdgeConfigLoader.builder().ticker(ticker).backendProvider(new StoreProvider()).build();
  }

  @Test
  void routesNamingAProvidersBackendShareOneOpeningWithTheDocumentsOptions() {
    LoadedConfig config = loader().fromYaml("backends:\n"
        + "  store: {url: 'store://${BULWARK_TEST_UNSET_VARIABLE:-db:1}/x', poolSize: 4}\n"
        + "routes:\n"
        + "  - {name: a, pattern: /a, rateLimit: {limit: 2/minute, backend: store}}\n"
        + "  - {name: c, pattern: /c, concurrency: {perClient: 1, total: 3, backend: store}}\n");

    assertThat(log).containsExactly(
        "open {poolSize=4, url=store://db:1/x} (loader's ticker)", "rate a TOKEN_BUCKET", "concurrency c 1/3");
    assertThat(config.rateLimiter("a").orElseThrow().name()).isEqualTo("store-a");
    assertThat(config.concurrencyLimiter("c").orElseThrow().name()).isEqualTo("store-c");
    assertThat(status(config.edge().begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(config.edge().begin(FakeRequest.get("/a")))).isEqualTo(200);
    assertThat(status(config.edge().begin(FakeRequest.get("/a")))).isEqualTo(429);

    config.close();
    assertThat(log).endsWith("close");
  }

  @Test
  void aBackendNoRouteNamesIsNeverOpenedAndOptionsAreOptional() {
    LoadedConfig unused = loader().fromYaml("backends: {store: {url: x}}\nroutes: [{pattern: /a}]\n");
    unused.close();
    assertThat(log).isEmpty();

    loader().fromYaml("routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: store}}]\n");
    assertThat(log).startsWith("open {} (loader's ticker)");
  }

  @Test
  void aFactoryRegisteredInCodeWinsOverTheProviderForItsKindOnly() {
    LoadedConfig config = EdgeConfigLoader.builder()
        .ticker(ticker)
        .backendProvider(new StoreProvider())
        .rateLimiterBackend("store", (name, limits, algorithm) -> {
          log.add("factory " + name);
          return KeyedRateLimiter.builder(limits).name("code-" + name).build();
        })
        .build()
        .fromYaml("routes:\n"
            + "  - {name: a, pattern: /a, rateLimit: {limit: 2/minute, backend: store}}\n"
            + "  - {name: c, pattern: /c, concurrency: {perClient: 1, total: 3, backend: store}}\n");

    assertThat(log).containsExactly("factory a", "open {} (loader's ticker)", "concurrency c 1/3");
    assertThat(config.rateLimiter("a").orElseThrow().name()).isEqualTo("code-a");
  }

  @Test
  void theBackendsSectionIsReadStrictly() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().fromYaml("backends:\n"
        + "  store: {url: '${BULWARK_TEST_UNSET_VARIABLE}', poolsize: 4, timeout: [1]}\n"
        + "  redis: {url: 'redis://localhost'}\n"
        + "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]\n"));

    assertThat(e.problems()).containsExactly(
        "backends.store.url: \"${BULWARK_TEST_UNSET_VARIABLE}\": the environment variable"
            + " BULWARK_TEST_UNSET_VARIABLE is not set; set it, or write ${BULWARK_TEST_UNSET_VARIABLE:default}"
            + " for a default",
        "backends.store.poolsize: unknown key (did you mean \"poolSize\"?); known keys: poolSize, url",
        "backends.store.timeout: unknown key; known keys: poolSize, url",
        "backends.redis: no backend provider of this name; found store",
        "routes[0].rateLimit.backend: \"redis\": unknown backend; expected memory, store");
    assertThat(log).isEmpty();
  }

  @Test
  void aProviderThatRefusesItsOptionsIsAProblemAtItsSectionAndNothingStaysOpen() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().fromYaml(
        "backends: {store: {url: bad}}\n"
            + "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: store}}]\n"));
    assertThat(e.problems()).containsExactly("backends.store: url must be a store:// URL but was \"bad\"");

    ConfigException later = catchThrowableOfType(ConfigException.class, () -> loader().fromYaml(
        "routes:\n"
            + "  - {pattern: /a, rateLimit: {limit: 1/s, backend: store}}\n"
            + "  - {pattern: /b, bogus: 1}\n"));
    // A document with problems of its own opens nothing.
    assertThat(later.problems()).hasSize(1);
    assertThat(log).isEmpty();
  }

  @Test
  void aLoadThatFailsAfterOpeningABackendClosesIt() {
    EdgeConfigLoader loader = EdgeConfigLoader.builder()
        .ticker(ticker)
        .backendProvider(new StoreProvider())
        .concurrencyLimiterBackend("broken", (name, perClient, total) -> {
          throw new IllegalArgumentException("broken is read-only");
        })
        .build();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.fromYaml("routes:\n"
        + "  - {pattern: /a, rateLimit: {limit: 1/s, backend: store}}\n"
        + "  - {pattern: /b, concurrency: {perClient: 1, total: 1, backend: broken}}\n"));

    assertThat(e.problems()).containsExactly("routes[1].concurrency.backend: broken is read-only");
    assertThat(log).containsExactly("open {} (loader's ticker)", "rate /a TOKEN_BUCKET", "close");
  }

  @Test
  void interpolationReplacesEveryVariableAndKeepsOtherText() {
    Map<String, String> env = Map.of("HOST", "cache", "EMPTY", "");
    assertThat(Interpolation.interpolate("redis://${HOST}:${PORT:-6379}/${EMPTY:-0}$x{y}", env::get))
        .isEqualTo("redis://cache:6379/0$x{y}");
    assertThat(Interpolation.interpolate("${EMPTY}", env::get)).isEmpty();
  }

  @Test
  void aProviderNameIsRegisteredOnceAndNeverMemory() {
    assertThatThrownBy(() -> EdgeConfigLoader.builder().backendProvider(new StoreProvider())
            .backendProvider(new StoreProvider()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("limiter backend provider backend \"store\" was already registered");
  }
}
