package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * {@link RedisHierarchy} on a real Redis (started for the test): the levels decide as the in-memory
 * hierarchical limiter's do, except that a client permit is not given back when Redis's global level
 * refuses; once an instance knows the global level is exhausted it refuses before asking the client
 * level. Limits are per hour, so nothing refills during the test (Redis keeps its own time).
 */
class RedisHierarchyTest {

  private LocalRedis redis;
  private JedisPooled jedis;
  private LimitStore store;
  private HierarchicalRateLimiter<String> limiter;

  @BeforeEach
  void start() throws Exception {
    redis = LocalRedis.start();
    jedis = new JedisPooled(java.net.URI.create(redis.url()));
    store = new LimitStore(jedis, Ticker.system());
    limiter = store.create("gateway", Limits.parse("3/hour"), Limits.parse("2/hour"),
        Map.of("login", Limits.parse("1/hour")), RateLimitAlgorithm.TOKEN_BUCKET);
  }

  @AfterEach
  void stop() {
    try {
      jedis.close();
    } finally {
      redis.close();
    }
  }

  private String decide(String route, String client) {
    HierarchicalRateLimiter.Decision d = limiter.tryAcquireDecision(route, client, 1);
    return (d.allowed() ? "allowed " : "refused ") + d.level() + " r=" + d.decision().remaining();
  }

  @Test
  void theClientLevelThenTheGlobalLevelDecide() {
    assertThat(decide("search", "a")).isEqualTo("allowed CLIENT r=1");
    assertThat(decide("search", "a")).as("global has 1 left, client 0: the client level is described")
        .isEqualTo("allowed CLIENT r=0");
    assertThat(decide("search", "a")).as("refused by its own level: global untouched").isEqualTo("refused CLIENT r=0");
    assertThat(decide("login", "b")).as("the route's override and the last global permit: a tie, the route")
        .isEqualTo("allowed ROUTE r=0");
    assertThat(decide("search", "c")).as("the global level refuses").isEqualTo("refused GLOBAL r=0");
    // This instance's grant emptied the global level, so its deny cache refused c before the client
    // level was asked: c's own permits are untouched.
    assertThat(clientPermitsLeft("c")).isEqualTo(2);

    LimitStore.Hierarchy h = store.hierarchies().get(0);
    assertThat(h.redis()).isSameAs(limiter);
    assertThat(h.levelLimits().keySet())
        .containsExactly("gateway.global", "gateway.client", "gateway.route.login");
    assertThat(h.counters().permitted()).isEqualTo(3);
    assertThat(h.counters().levels().get("gateway.client").rejected.sum()).isEqualTo(1);
    assertThat(h.counters().levels().get("gateway.global").rejected.sum()).isEqualTo(1);
    assertThat(limiter.stats().orElseThrow().rejected()).isEqualTo(2);
    assertThat(limiter.trackedKeys()).isEqualTo(-1);
    assertThat(((RedisHierarchy) limiter).inFallback()).isFalse();
  }

  @Test
  void anotherInstanceSpendsOneClientPermitToLearnThatTheGlobalLevelIsExhausted() {
    for (String client : List.of("a", "b", "c")) {
      assertThat(decide("search", client)).startsWith("allowed");
    }
    HierarchicalRateLimiter<String> second = new LimitStore(jedis, Ticker.system()).create("gateway",
        Limits.parse("3/hour"), Limits.parse("2/hour"), Map.of("login", Limits.parse("1/hour")),
        RateLimitAlgorithm.TOKEN_BUCKET);

    assertThat(second.tryAcquireDecision("search", "d", 1).level()).isEqualTo(HierarchicalRateLimiter.Level.GLOBAL);
    assertThat(clientPermitsLeft("d")).as("granted by the client level, then refused by Redis: no refund").isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      HierarchicalRateLimiter.Decision d = second.tryAcquireDecision("search", "d", 1);
      assertThat(d.allowed()).isFalse();
      assertThat(d.level()).isEqualTo(HierarchicalRateLimiter.Level.GLOBAL);
    }
    assertThat(clientPermitsLeft("d")).as("refused from the global deny cache first").isEqualTo(1);
    HierarchicalRateLimiter.Decision two = second.tryAcquireDecision("search", "e", 2);
    assertThat(two.level()).isEqualTo(HierarchicalRateLimiter.Level.GLOBAL);
    assertThat(two.decision().retryAfterNanos()).as("Redis's exact wait for two permits").isPositive();
    assertThat(clientPermitsLeft("e")).as("several permits: a peek at the global level first").isEqualTo(2);
  }

  /** The client level's permits left for {@code client}, read by a limiter of the same name. */
  private int clientPermitsLeft(String client) {
    return (int) RedisKeyedRateLimiter.builder(jedis, Limits.parse("2/hour")).name("gateway.client")
        .<String>build().peek(client, 1).remaining();
  }

  @Test
  void theStateSeesEveryLevelOnce() {
    assertThat(store.usesRedis()).isTrue();
    assertThat(store.hierarchies()).hasSize(1);
    assertThat(List.copyOf(store.hierarchies().get(0).counters().levels().keySet()))
        .containsExactly("gateway.global", "gateway.client", "gateway.route.login");
  }
}
