package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.HierarchyCounts;
import dev.bulwark.ratelimit.LevelCounts;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis hierarchy's per-level statistics on a real server: the same view, with the same meaning,
 * as the in-memory limiter's ({@code HierarchyCountsTest}), whether Redis or the deny cache decided.
 * Limits are per hour: Redis keeps its own time, and nothing refills within a test.
 */
@ExtendWith(RedisServers.class)
class RedisHierarchyCountsTest {

  private static JedisPooled redis;

  @BeforeAll
  static void connect(JedisPooled shared) {
    redis = shared;
  }

  @Test
  void aGrantCountsOnItsClientLevelAndARefusalOnTheLevelThatRefusedAsInMemory() {
    String name = "counts-" + UUID.randomUUID();
    RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
        .name(name)
        .global(RateLimit.perHour(3))
        .perClient(RateLimit.perHour(2))
        .route("chat", RateLimit.perHour(1))
        .ticker(new ManualTicker())
        .recordStats()
        .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    assertThat(limiter.stats()).containsSame(counts);
    assertThat(counts.levels()).extracting(LevelCounts::name)
        .containsExactly(name + ".global", name + ".client", name + ".route.chat");
    assertThat(counts.levels()).extracting(LevelCounts::limits).containsExactly(
        List.of(RateLimit.perHour(3)), List.of(RateLimit.perHour(2)), List.of(RateLimit.perHour(1)));
    LevelCounts global = counts.levels().get(0);
    LevelCounts client = counts.levels().get(1);
    LevelCounts chat = counts.levels().get(2);

    assertThat(limiter.tryAcquire("chat", "a")).isTrue();
    assertThat(limiter.tryAcquire("chat", "a")).isFalse(); // the route level refuses (then its deny cache)
    assertThat(limiter.tryAcquire("chat", "a")).isFalse();
    assertThat(limiter.tryAcquire("search", "a")).isTrue();
    assertThat(limiter.tryAcquireDecision("search", "b", 1).allowed()).isTrue();
    assertThat(limiter.tryAcquire("search", "c")).isFalse(); // Redis: the global level refuses
    Decision cached = limiter.tryAcquireDecision("search", "d", 1); // the deny cache's global entry
    assertThat(cached.level()).isEqualTo(Level.GLOBAL);

    assertThat(chat.permitted()).isEqualTo(1);
    assertThat(chat.rejected()).isEqualTo(2);
    assertThat(client.permitted()).isEqualTo(2);
    assertThat(client.rejected()).isZero();
    assertThat(global.permitted()).as("every granted request").isEqualTo(3);
    assertThat(global.rejected()).isEqualTo(2);
    assertThat(counts.permitted()).isEqualTo(3);
    assertThat(counts.rejected()).isEqualTo(4);
  }

  @Test
  void manyThreadsCountEveryDecisionExactlyOnce() throws Exception {
    RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
        .name("counts-race-" + UUID.randomUUID())
        .global(RateLimit.perHour(150))
        .perClient(RateLimit.perHour(12))
        .route("chat", RateLimit.perHour(5))
        .denyCache(false) // every decision a round trip: the counts, not the cache, are under test
        .callTimeout(Duration.ofSeconds(5)) // exactness, not latency, on a busy machine
        .recordStats()
        .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    int threads = 8;
    int perThread = 60;
    CyclicBarrier halfway = new CyclicBarrier(threads);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> tallies = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        tallies.add(pool.submit(() -> {
          long[] tally = new long[4]; // granted on chat, granted elsewhere, refused by a client level, globally
          start.await();
          // First 4 clients' chat levels run dry (at most 20 grants of the 150), then 16 other
          // clients exhaust the global level: both kinds of refusal, whatever the interleaving.
          for (int i = 0; i < perThread; i++) {
            if (i == 20) {
              halfway.await();
            }
            String route = i < 20 ? "chat" : (i + seed) % 2 == 0 ? "search" : "home";
            String client = i < 20 ? "hot-" + ((i + seed) % 4) : "client-" + ((i * 7 + seed) % 16);
            Decision d = limiter.tryAcquireDecision(route, client, 1);
            tally[d.allowed() ? (route.equals("chat") ? 0 : 1) : d.level() == Level.GLOBAL ? 3 : 2]++;
          }
          return tally;
        }));
      }
      start.countDown();
      long[] sum = new long[4];
      for (Future<long[]> f : tallies) {
        long[] tally = f.get();
        for (int i = 0; i < 4; i++) {
          sum[i] += tally[i];
        }
      }
      assertThat(sum[0] + sum[1] + sum[2] + sum[3]).isEqualTo((long) threads * perThread);
      assertThat(sum[0] + sum[1]).as("the global limit").isEqualTo(150);
      assertThat(sum[3]).as("the global level refused some").isPositive();
      assertThat(sum[2]).as("the client levels refused some").isPositive();
      LevelCounts global = counts.levels().get(0);
      LevelCounts client = counts.levels().get(1);
      LevelCounts chat = counts.levels().get(2);
      assertThat(chat.permitted()).isEqualTo(sum[0]);
      assertThat(client.permitted()).isEqualTo(sum[1]);
      assertThat(chat.rejected() + client.rejected()).isEqualTo(sum[2]);
      assertThat(global.permitted()).isEqualTo(sum[0] + sum[1]);
      assertThat(global.rejected()).isEqualTo(sum[3]);
      assertThat(counts.permitted()).isEqualTo(sum[0] + sum[1]);
      assertThat(counts.rejected()).isEqualTo(sum[2] + sum[3]);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whileRedisIsDownTheFailurePolicysDecisionsCountOnTheLevelTheyName() {
    ManualTicker ticker = new ManualTicker();
    try (RedisProcess server = RedisProcess.launch();
        JedisPooled down = new JedisPooled(server.hostAndPort())) {
      RedisHierarchicalRateLimiter<String> closed = RedisHierarchicalRateLimiter.builder(down)
          .name("counts-closed")
          .global(RateLimit.perHour(20))
          .perClient(RateLimit.perHour(10))
          .route("chat", RateLimit.perHour(4))
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .ticker(ticker)
          .recordStats()
          .build();
      RedisHierarchicalRateLimiter<String> local = RedisHierarchicalRateLimiter.builder(down)
          .name("counts-local")
          .global(RateLimit.perHour(2))
          .perClient(RateLimit.perHour(10))
          .failurePolicy(FailurePolicy.FALLBACK_LOCAL)
          .expectedInstances(1)
          .ticker(ticker)
          .recordStats()
          .build();
      server.kill();

      assertThat(closed.tryAcquire("chat", "a")).isFalse();
      assertThat(closed.tryAcquire("home", "a")).isFalse();
      assertThat(local.tryAcquire("home", "a")).isTrue();
      assertThat(local.tryAcquire("home", "b")).isTrue();
      assertThat(local.tryAcquire("home", "c")).isFalse(); // the in-memory hierarchy's global level

      HierarchyCounts refused = closed.stats().orElseThrow();
      assertThat(refused.level("counts-closed.route.chat").orElseThrow().rejected()).isEqualTo(1);
      assertThat(refused.level("counts-closed.client").orElseThrow().rejected()).isEqualTo(1);
      assertThat(refused.level("counts-closed.global").orElseThrow().rejected()).isZero();
      HierarchyCounts fallback = local.stats().orElseThrow();
      assertThat(fallback.level("counts-local.client").orElseThrow().permitted()).isEqualTo(2);
      assertThat(fallback.level("counts-local.global").orElseThrow().rejected()).isEqualTo(1);
      assertThat(fallback.permitted()).isEqualTo(2);
      assertThat(fallback.rejected()).isEqualTo(1);
    }
  }
}
