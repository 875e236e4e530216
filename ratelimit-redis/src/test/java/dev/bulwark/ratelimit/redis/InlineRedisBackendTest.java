package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.config.ConfigException;
import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.redis.spi.RedisBackendProvider;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code backend: {type: redis, url: ..., failurePolicy: ..., expectedInstances: ..., keyPrefix: ...}}
 * written where a limit names its backend, with no {@code backends} section and no code: found
 * through ServiceLoader, the options applied, identical inline backends sharing one connection,
 * problems reported like every other configuration problem, and a URL's credentials never shown.
 */
@ExtendWith(RedisServers.class)
class InlineRedisBackendTest {

  private static String url = "";

  @BeforeAll
  static void server(RedisServers.Standalone server) {
    url = "redis://" + server.address().getHost() + ":" + server.address().getPort();
  }

  @Test
  void inlineBackendsKeepKeyedLimitsConcurrencyAndHierarchiesInRedisSharedByTwoLoads() {
    String prefix = "inline-" + UUID.randomUUID() + ":";
    String backend = "{type: redis, url: '" + url + "', failurePolicy: FALLBACK_LOCAL, expectedInstances: 2,"
        + " keyPrefix: '" + prefix + "'}";
    String document = "hierarchicalLimits:\n"
        + "  gateway: {global: 100/hour, perClient: 2/hour, backend: " + backend + "}\n"
        + "routes:\n"
        + "  - {name: search, pattern: /search, rateLimit: {limit: 2/minute, backend: " + backend + "}}\n"
        + "  - {name: upload, pattern: /upload, concurrency: {perClient: 1, total: 5, backend: " + backend + "}}\n"
        + "  - {name: chat, pattern: /chat, rateLimit: {hierarchy: gateway}}\n";
    try (LoadedConfig first = EdgeConfigLoader.defaults().fromYaml(document);
        LoadedConfig second = EdgeConfigLoader.defaults().fromYaml(document)) {
      KeyedRateLimiter<String> a = first.rateLimiter("search").orElseThrow();
      KeyedRateLimiter<String> b = second.rateLimiter("search").orElseThrow();
      assertThat(a).isInstanceOf(RedisKeyedRateLimiter.class);
      RedisKeyedRateLimiter<String> redis = (RedisKeyedRateLimiter<String>) a;
      assertThat(redis.failurePolicy()).isEqualTo(FailurePolicy.FALLBACK_LOCAL);
      assertThat(redis.redisKey("203.0.113.7")).startsWith(prefix);
      assertThat(a.tryAcquire("203.0.113.7")).isTrue();
      assertThat(b.tryAcquire("203.0.113.7")).isTrue();
      assertThat(a.tryAcquire("203.0.113.7")).isFalse();

      KeyedConcurrencyLimiter<String> c = first.concurrencyLimiter("upload").orElseThrow();
      KeyedConcurrencyLimiter<String> d = second.concurrencyLimiter("upload").orElseThrow();
      assertThat(c).isInstanceOf(RedisKeyedConcurrencyLimiter.class);
      try (ConcurrencyLimiter.Permit held = c.tryAcquire("203.0.113.7")) {
        assertThat(held.isAcquired()).isTrue();
        assertThat(d.tryAcquire("203.0.113.7").isAcquired()).isFalse();
      }

      HierarchicalRateLimiter<String> h = first.hierarchicalLimiter("gateway").orElseThrow();
      HierarchicalRateLimiter<String> i = second.hierarchicalLimiter("gateway").orElseThrow();
      assertThat(h).isInstanceOf(RedisHierarchicalRateLimiter.class);
      assertThat(((RedisHierarchicalRateLimiter<String>) h).globalRedisKey()).contains("{" + prefix + "gateway:}global");
      assertThat(h.tryAcquire("chat", "c1", 2)).isTrue();
      assertThat(i.tryAcquireDecision("chat", "c1", 1).level()).isEqualTo(HierarchicalRateLimiter.Level.CLIENT);
    }
  }

  @Test
  void identicalInlineBackendsAreOpenedOncePerLoadAndDifferentOnesApart() {
    AtomicInteger opens = new AtomicInteger();
    RedisBackendProvider redis = new RedisBackendProvider();
    LimiterBackendProvider counted = new LimiterBackendProvider() {
      @Override
      public String name() {
        return "counted";
      }

      @Override
      public Set<String> optionNames() {
        return redis.optionNames();
      }

      @Override
      public LimiterBackend open(Map<String, String> options, Ticker ticker) {
        opens.incrementAndGet();
        return redis.open(options, ticker);
      }
    };
    String same = "{type: counted, url: '" + url + "', keyPrefix: 'inline-same:'}";
    String other = "{type: counted, url: '" + url + "', keyPrefix: 'inline-other:'}";
    String document = "routes:\n"
        + "  - {name: a, pattern: /a, rateLimit: {limit: 2/minute, backend: " + same + "}}\n"
        + "  - {name: b, pattern: /b, rateLimit: {limit: 2/minute, backend: " + same + "}}\n"
        + "  - {name: c, pattern: /c, concurrency: {perClient: 1, total: 2, backend: " + same + "}}\n"
        + "  - {name: d, pattern: /d, rateLimit: {limit: 2/minute, backend: " + other + "}}\n";
    try (LoadedConfig loaded = EdgeConfigLoader.builder().backendProvider(counted).build().fromYaml(document)) {
      assertThat(opens).hasValue(2);
      assertThat(((RedisKeyedRateLimiter<String>) loaded.rateLimiter("d").orElseThrow()).redisKey("k"))
          .startsWith("inline-other:");
    }
  }

  @Test
  void badInlineBackendsAreProblemsOfTheDocumentAtTheirPaths() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("routes:\n"
            + "  - {pattern: /a, rateLimit: {limit: 1/s, backend: {type: memcached}}}\n"
            + "  - {pattern: /b, rateLimit: {limit: 1/s, backend: {url: 'redis://cache'}}}\n"
            + "  - {pattern: /c, rateLimit: {limit: 1/s, backend: {type: redis, urll: 'redis://cache'}}}\n"
            + "  - {pattern: /d, rateLimit: {limit: 1/s, backend: {type: redis, expectedInstances: [2]}}}\n"));
    assertThat(e.problems()).containsExactly(
        "routes[0].rateLimit.backend.type: no backend provider of this name; found redis",
        "routes[1].rateLimit.backend.type: needs the name of a backend provider; found redis",
        "routes[2].rateLimit.backend.urll: unknown key (did you mean \"url\"?); known keys: combineSynchronousCalls,"
            + " expectedInstances, failurePolicy, keyPrefix, type, url",
        "routes[3].rateLimit.backend.expectedInstances: [2]: expected a string, a number or true/false");

    // A value only the provider can check is reported when the document is otherwise clean.
    ConfigException opened = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("routes: [{pattern: /d, concurrency: {perClient: 1, total: 2,"
            + " backend: {type: redis, failurePolicy: open}}}]\n"));
    assertThat(opened.problems()).containsExactly(
        "routes[0].concurrency.backend: failurePolicy must be FAIL_OPEN, FAIL_CLOSED or FALLBACK_LOCAL but was"
            + " \"open\"");
  }

  @Test
  void anInlineUrlsCredentialsNeverReachAProblem() {
    String secret = "s3cr3t-" + UUID.randomUUID();
    ConfigException malformed = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("routes: [{pattern: /a, rateLimit: {limit: 1/s,"
            + " backend: {type: redis, url: 'redis://u:" + secret + "@ho st:1'}}}]\n"));
    assertThat(malformed.problems()).hasSize(1);
    assertThat(malformed.problems().get(0)).startsWith("routes[0].rateLimit.backend: url is malformed")
        .contains("***").doesNotContain(secret);
    ConfigException policy = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults()
        .fromYaml("routes: [{pattern: /a, rateLimit: {limit: 1/s,"
            + " backend: {type: redis, url: 'redis://u:" + secret + "@cache:1', failurePolicy: x}}}]\n"));
    assertThat(String.join("\n", policy.problems())).doesNotContain(secret).contains("failurePolicy");
  }
}
