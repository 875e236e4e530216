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
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
        "backends.redis.urll: unknown key (did you mean \"url\"?); known keys: combineSynchronousCalls, expectedInstances,"
            + " failurePolicy, keyPrefix, url");

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
    assertThatThrownBy(() -> provider.open(Map.of("keyPrefix", "a{b}"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyPrefix must not contain '{' or '}' (Redis Cluster hash tags) but was \"a{b}\"");
    assertThatThrownBy(() -> provider.open(Map.of("combineSynchronousCalls", "yes"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("combineSynchronousCalls must be true or false but was \"yes\"");
    assertThat(provider.optionNames())
        .containsExactlyInAnyOrder("url", "failurePolicy", "expectedInstances", "keyPrefix", "combineSynchronousCalls");
  }

  @Test
  void aHierarchyNamingTheRedisBackendIsOneRedisHierarchySharedByTwoLoads() {
    String prefix = "discovery-h-" + UUID.randomUUID() + ":";
    String document = "backends:\n"
        + "  redis: {url: '" + url + "', failurePolicy: FALLBACK_LOCAL, expectedInstances: 2,"
        + " keyPrefix: '" + prefix + "'}\n"
        + "hierarchicalLimits:\n"
        + "  gateway: {global: 3/hour, perClient: 2/hour, backend: redis}\n"
        + "routes:\n"
        + "  - {name: chat, pattern: /chat, rateLimit: {hierarchy: gateway, limit: 1/hour}}\n"
        + "  - {name: home, pattern: /home, rateLimit: {hierarchy: gateway}}\n";
    List<RateLimiterEvent> events = new CopyOnWriteArrayList<>();
    try (LoadedConfig first = EdgeConfigLoader.builder().rateLimiterListener(events::add).build().fromYaml(document);
        LoadedConfig second = EdgeConfigLoader.defaults().fromYaml(document)) {
      HierarchicalRateLimiter<String> a = first.hierarchicalLimiter("gateway").orElseThrow();
      HierarchicalRateLimiter<String> b = second.hierarchicalLimiter("gateway").orElseThrow();
      assertThat(a).isInstanceOf(RedisHierarchicalRateLimiter.class);
      RedisHierarchicalRateLimiter<String> redis = (RedisHierarchicalRateLimiter<String>) a;
      assertThat(redis.failurePolicy()).isEqualTo(FailurePolicy.FALLBACK_LOCAL);
      assertThat(redis.globalRedisKey()).contains("{" + prefix + "gateway:}global");
      assertThat(redis.redisKey("chat", "c1")).isEqualTo("{" + prefix + "gateway:}route:chat:c1");

      assertThat(a.tryAcquire("chat", "c1")).isTrue();
      assertThat(b.tryAcquireDecision("chat", "c1", 1).level()).isEqualTo(HierarchicalRateLimiter.Level.ROUTE);
      assertThat(b.tryAcquire("home", "c1", 2)).isTrue(); // the global level's 3 are now spent
      assertThat(a.tryAcquireDecision("home", "c2", 1).level()).isEqualTo(HierarchicalRateLimiter.Level.GLOBAL);
      assertThat(events).extracting(RateLimiterEvent::limiterName)
          .containsExactly("gateway.route.chat", "gateway.global");
    }
  }

  @Test
  void combineSynchronousCallsChoosesWhetherTheBackendsLimitersShareRoundTrips() throws Exception {
    for (String choice : List.of("true", "FALSE")) {
      try (LimiterBackend backend = new RedisBackendProvider().open(Map.of("url", url, "combineSynchronousCalls", choice),
          Ticker.system())) {
        KeyedRateLimiter<String> limiter = backend.rateLimiter("combine-" + UUID.randomUUID(),
            List.of(RateLimit.perSecond(10)), RateLimitAlgorithm.TOKEN_BUCKET);
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(((RedisKeyedRateLimiter<String>) limiter).runner().combines())
            .isEqualTo(Boolean.parseBoolean(choice));
      }
    }
  }

  @Test
  void aUrlsCredentialsNeverReachAMessageAToStringOrTheLog() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    // nothing listens on port 1: every call fails, and the limiter falls back (and logs it)
    String withCredentials = "redis://default:" + secret + "@127.0.0.1:1";
    String name = "creds-" + UUID.randomUUID();
    {
      try (LimiterBackend backend = new RedisBackendProvider()
          .open(Map.of("url", withCredentials, "failurePolicy", "FAIL_OPEN"), Ticker.system())) {
        assertThat(backend.toString()).doesNotContain(secret).contains("redis://***@");
        KeyedRateLimiter<String> limiter = backend.rateLimiter(name,
            List.of(RateLimit.perSecond(1)), RateLimitAlgorithm.TOKEN_BUCKET);
        for (int i = 0; i < 5; i++) {
          assertThat(limiter.tryAcquire("k")).isTrue();
        }
        assertThat(limiter.toString()).doesNotContain(secret);
      }
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
          .fromYaml("backends: {redis: {url: 'redis://u:" + secret + "@', failurePolicy: x}}\n"
              + "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]\n"));
      assertThat(String.join("\n", e.problems())).doesNotContain(secret);
      ConfigException malformed = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
          .fromYaml("backends: {redis: {url: 'redis://u:" + secret + "@ho st:1'}}\n"
              + "routes: [{pattern: /a, rateLimit: {limit: 1/s, backend: redis}}]\n"));
      assertThat(String.join("\n", malformed.problems())).doesNotContain(secret).contains("***");
    }
    // slf4j-simple writes the test run's log to this file (simplelogger.properties)
    String log = Files.readString(Path.of("target", "ratelimit-redis-tests.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("limiter '" + name + "' cannot use Redis").doesNotContain(secret);
  }
}
