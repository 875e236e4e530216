package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.config.ConfigException;
import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.redis.spi.RedisBackendProvider;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code backend: redis} in a configuration works with no code: bulwark-config finds
 * {@link RedisBackendProvider} through {@link ServiceLoader} (META-INF/services on this class path;
 * {@code provides} in the module descriptor), opens it with the document's {@code backends.redis}
 * options, and the limiters of two loads (two instances of a service) share their counts in Redis.
 */
@ExtendWith(RedisServers.class)
class RedisBackendDiscoveryTest {

  private static String url = "";

  @BeforeAll
  static void server(RedisServers.Standalone server) {
    url = "redis://" + server.address().getHost() + ":" + server.address().getPort();
  }

  /** A document whose routes keep their limits in Redis, under names no other test uses. */
  private static String document(String prefix) {
    return "backends:\n"
        + "  redis: {url: '${BULWARK_TEST_UNSET_VARIABLE:-" + url + "}', failurePolicy: FAIL_CLOSED}\n"
        + "routes:\n"
        + "  - {name: " + prefix + "-search, pattern: /search, rateLimit: {limit: 2/minute, backend: redis}}\n"
        + "  - {name: " + prefix + "-upload, pattern: /upload,"
        + " concurrency: {perClient: 1, total: 5, backend: redis}}\n";
  }

  @Test
  void theProviderIsDeclaredForServiceLoader() {
    assertThat(ServiceLoader.load(LimiterBackendProvider.class).stream().map(ServiceLoader.Provider::type))
        .containsExactly(RedisBackendProvider.class);
  }

  @Test
  void twoLoadsShareTheirLimitsThroughRedisWithNoCodeRegistration() {
    String prefix = "discovery-" + UUID.randomUUID();
    try (LoadedConfig first = EdgeConfigLoader.defaults().fromYaml(document(prefix));
        LoadedConfig second = EdgeConfigLoader.defaults().fromYaml(document(prefix))) {
      KeyedRateLimiter<String> a = first.rateLimiter(prefix + "-search").orElseThrow();
      KeyedRateLimiter<String> b = second.rateLimiter(prefix + "-search").orElseThrow();
      assertThat(a).isInstanceOf(RedisKeyedRateLimiter.class);
      assertThat(a.tryAcquire("203.0.113.7")).isTrue();
      assertThat(b.tryAcquire("203.0.113.7")).isTrue();
      assertThat(a.tryAcquire("203.0.113.7")).isFalse();
      assertThat(b.tryAcquire("203.0.113.7")).isFalse();
      assertThat(b.tryAcquire("198.51.100.1")).isTrue();

      KeyedConcurrencyLimiter<String> c = first.concurrencyLimiter(prefix + "-upload").orElseThrow();
      KeyedConcurrencyLimiter<String> d = second.concurrencyLimiter(prefix + "-upload").orElseThrow();
      assertThat(c).isInstanceOf(RedisKeyedConcurrencyLimiter.class);
      try (ConcurrencyLimiter.Permit held = c.tryAcquire("203.0.113.7")) {
        assertThat(held.isAcquired()).isTrue();
        assertThat(d.tryAcquire("203.0.113.7").isAcquired()).isFalse();
      }
      try (ConcurrencyLimiter.Permit again = d.tryAcquire("203.0.113.7")) {
        assertThat(again.isAcquired()).isTrue();
      }
    }
  }

  @Test
  void anUnknownBackendNamesTheDiscoveredOnes() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: memcached}}]\n"));

    assertThat(e.problems()).containsExactly(
        "routes[0].rateLimit.backend: \"memcached\": unknown backend; expected memory, redis");
  }

  @Test
  void badOptionsAreProblemsOfTheDocument() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("backends: {redis: {url: 'http://user:secret@cache:6379', failurePolicy: FALLBACK_LOCAL}}\n"
            + "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]\n"));
    assertThat(e.problems()).containsExactly(
        "backends.redis: url must be a redis:// or rediss:// URL with a host but was \"http://***@cache:6379\"");

    ConfigException misspelt = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("backends: {redis: {urll: 'redis://cache'}}\n"));
    assertThat(misspelt.problems()).containsExactly(
        "backends.redis.urll: unknown key (did you mean \"url\"?); known keys: expectedInstances, failurePolicy, url");

    RedisBackendProvider provider = new RedisBackendProvider();
    assertThatThrownBy(() -> provider.open(Map.of("failurePolicy", "FALLBACK_LOCAL"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedInstances is required by, and allowed only with, failurePolicy FALLBACK_LOCAL");
    assertThatThrownBy(() -> provider.open(Map.of("expectedInstances", "0"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedInstances must be an integer >= 1 but was \"0\"");
    assertThatThrownBy(() -> provider.open(Map.of("failurePolicy", "open"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failurePolicy must be FAIL_OPEN, FAIL_CLOSED or FALLBACK_LOCAL but was \"open\"");
    assertThat(provider.optionNames()).containsExactlyInAnyOrder("url", "failurePolicy", "expectedInstances");
  }
}
