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
 * hierarchical limiter's do, except that a client permit is not given back when the global level
 * refuses. Limits are per hour, so nothing refills during the test (Redis keeps its own time).
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
    // Without a refund, c's own permit was spent: its client level (read by a limiter of the same
    // name, which shares the Redis keys) has 1 left, not 2.
    assertThat(RedisKeyedRateLimiter.builder(jedis, Limits.parse("2/hour")).name("gateway.client").<String>build()
        .peek("c", 1).remaining()).isEqualTo(1);

    LimitStore.Hierarchy h = store.hierarchies().get(0);
    assertThat(h.redis()).isSameAs(limiter);
    assertThat(h.levelLimits().keySet())
        .containsExactly("gateway.global", "gateway.client", "gateway.route.login");
    assertThat(h.counters().permitted()).isEqualTo(3);
    assertThat(h.counters().levels().get("gateway.client").rejected.sum()).isEqualTo(1);
    assertThat(h.counters().levels().get("gateway.global").rejected.sum()).isEqualTo(1);
    assertThat(limiter.countDecisions().orElseThrow().rejected()).isEqualTo(2);
    assertThat(limiter.trackedKeys()).isEqualTo(-1);
    assertThat(((RedisHierarchy) limiter).inFallback()).isFalse();
  }

  @Test
  void theStateSeesEveryLevelOnce() {
    assertThat(store.usesRedis()).isTrue();
    assertThat(store.hierarchies()).hasSize(1);
    assertThat(List.copyOf(store.hierarchies().get(0).counters().levels().keySet()))
        .containsExactly("gateway.global", "gateway.client", "gateway.route.login");
  }
}
