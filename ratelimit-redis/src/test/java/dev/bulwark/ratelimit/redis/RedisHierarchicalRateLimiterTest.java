package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What the shared suite cannot say about {@link RedisHierarchicalRateLimiter}: exactness across
 * instances on the real server clock, the key layout and where a cluster puts it, the deny cache
 * (counted Redis calls), the failure policies, and the builder's checks.
 */
@ExtendWith(RedisServers.class)
class RedisHierarchicalRateLimiterTest {

  private static final int THREADS = 8;
  private static final int ATTEMPTS = 80;
  private static final String[] CLIENTS = {"a", "b", "c", "d", "e"};

  private static HostAndPort address;
  private static JedisPooled first;
  private static JedisPooled second;

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    address = server.address();
    first = new JedisPooled(address);
    second = new JedisPooled(address);
  }

  @AfterAll
  static void disconnect() {
    first.close();
    second.close();
  }

  private static List<RedisHierarchicalRateLimiter<String>> twoInstances(String name, RateLimit global, RateLimit perClient) {
    List<RedisHierarchicalRateLimiter<String>> limiters = new ArrayList<>();
    for (JedisPooled client : List.of(first, second)) {
      limiters.add(RedisHierarchicalRateLimiter.builder(client)
          .name(name)
          .global(global)
          .perClient(perClient)
          .route("chat", perClient)
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofSeconds(5)) // exactness, not latency, on a busy machine
          .build());
    }
    return limiters;
  }

  /** 8 threads on two instances; returns the permits granted per client. */
  private static int[] race(List<RedisHierarchicalRateLimiter<String>> limiters) throws Exception {
    AtomicIntegerArray granted = new AtomicIntegerArray(CLIENTS.length);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        try {
          start.await();
          RedisHierarchicalRateLimiter<String> limiter = limiters.get(thread % 2);
          for (int i = 0; i < ATTEMPTS; i++) {
            int client = (i + thread) % CLIENTS.length;
            int permits = 1 + (i + thread) % 2;
            if (limiter.tryAcquire("home", CLIENTS[client], permits)) {
              granted.addAndGet(client, permits);
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(errors).isEmpty();
    for (RedisHierarchicalRateLimiter<String> limiter : limiters) {
      assertThat(limiter.inFallback()).isFalse();
    }
    int[] out = new int[CLIENTS.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = granted.get(i);
    }
    return out;
  }

  @Test
  void twoInstancesAdmitExactlyTheGlobalLimitAndNoClientBeyondItsOwn() throws Exception {
    // The global level (100 a day) runs dry long before the clients (40 a day each, 200 in all).
    int[] granted = race(twoInstances("exact-global-" + UUID.randomUUID(),
        RateLimit.of(100, Duration.ofDays(1)), RateLimit.of(40, Duration.ofDays(1))));
    assertThat(java.util.Arrays.stream(granted).sum()).isEqualTo(100);
    for (int n : granted) {
      assertThat(n).isLessThanOrEqualTo(40);
    }
  }

  @Test
  void twoInstancesAdmitExactlyEachClientsLimitAndChargeTheGlobalOnlyForGrants() throws Exception {
    // The clients (30 a day each, 150 in all) run dry; the global level (160 a day) does not.
    // Refused requests (640 attempts for 150 permits) charge the global level nothing: had they
    // been charged, it would have run dry before every client had its 30.
    String name = "exact-client-" + UUID.randomUUID();
    List<RedisHierarchicalRateLimiter<String>> limiters =
        twoInstances(name, RateLimit.of(160, Duration.ofDays(1)), RateLimit.of(30, Duration.ofDays(1)));
    int[] granted = race(limiters);
    assertThat(granted).containsOnly(30);
    // Exactly 10 global permits are left: a new client's first one leaves 9, fewer than its own 29.
    Decision next = limiters.get(0).tryAcquireDecision("home", "new", 1);
    assertThat(next.allowed()).isTrue();
    assertThat(next.level()).isEqualTo(Level.GLOBAL);
    assertThat(next.decision().remaining()).isEqualTo(9);
    assertThat(limiters.get(1).tryAcquire("chat", "new", 9)).isTrue();
    Decision dry = limiters.get(1).tryAcquireDecision("chat", "other", 1);
    assertThat(dry.allowed()).isFalse();
    assertThat(dry.level()).isEqualTo(Level.GLOBAL);
  }

  @Test
  void withAGlobalLevelEveryKeySharesOneSlotAndEveryDecisionLandsOnOneMaster(LocalCluster cluster) {
    try (JedisCluster redis = cluster.client()) {
      RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
          .name("slots-" + UUID.randomUUID())
          .global(RateLimit.perSecond(100_000))
          .perClient(RateLimit.perSecond(1_000))
          .route("chat", RateLimit.perSecond(10))
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .build();
      String prefix = limiter.redisKey("home", "x").substring(1, limiter.redisKey("home", "x").indexOf('}'));
      assertThat(limiter.globalRedisKey()).contains("{" + prefix + "}global");
      assertThat(limiter.redisKey("chat", "10.0.0.1")).isEqualTo("{" + prefix + "}route:chat:10.0.0.1");
      assertThat(limiter.redisKey("home", "10.0.0.1")).isEqualTo("{" + prefix + "}client:10.0.0.1");
      limiter.tryAcquire("home", "warm-up"); // loads the script (NOSCRIPT, then EVALSHA once more)
      long[] before = evalshaPerMaster(cluster);
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        String client = "client-" + i;
        assertThat(limiter.tryAcquire(i % 2 == 0 ? "home" : "chat", client)).isTrue();
        slots.add(JedisClusterCRC16.getSlot(limiter.redisKey(i % 2 == 0 ? "home" : "chat", client)));
      }
      assertThat(slots).hasSize(1);
      long[] after = evalshaPerMaster(cluster);
      List<Long> calls = new ArrayList<>();
      for (int m = 0; m < after.length; m++) {
        calls.add(after[m] - before[m]);
      }
      // All 300 decisions ran on one master; the other two saw none of them.
      assertThat(calls).containsExactlyInAnyOrder(300L, 0L, 0L);
      assertThat(limiter.inFallback()).isFalse();
    }
  }

  @Test
  void withoutAGlobalLevelClientsSpreadOverTheMasters(LocalCluster cluster) {
    try (JedisCluster redis = cluster.client()) {
      RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
          .keyPrefix("spread:" + UUID.randomUUID() + ":")
          .perClient(RateLimit.perSecond(1_000))
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .build();
      assertThat(limiter.globalRedisKey()).isEmpty();
      assertThat(limiter.redisKey("home", "10.0.0.1")).endsWith(":client:{10.0.0.1}");
      for (int i = 0; i < 10; i++) {
        limiter.tryAcquire("home", "warm-up-" + i); // each master loads the script
      }
      long[] before = evalshaPerMaster(cluster);
      for (int i = 0; i < 300; i++) {
        assertThat(limiter.tryAcquire("home", "client-" + i)).isTrue();
      }
      long[] after = evalshaPerMaster(cluster);
      for (int m = 0; m < after.length; m++) {
        assertThat(after[m] - before[m]).as("master %d", m).isBetween(50L, 200L);
      }
    }
  }

  /** EVALSHA calls each master has run, from INFO commandstats. */
  private static long[] evalshaPerMaster(LocalCluster cluster) {
    List<RedisProcess> masters = cluster.masters();
    long[] calls = new long[masters.size()];
    for (int m = 0; m < calls.length; m++) {
      try (Jedis node = new Jedis(masters.get(m).hostAndPort())) {
        String stats = node.info("commandstats");
        int at = stats.indexOf("cmdstat_evalsha:calls=");
        if (at >= 0) {
          int from = at + "cmdstat_evalsha:calls=".length();
          int to = stats.indexOf(',', from);
          calls[m] = Long.parseLong(stats.substring(from, to));
        }
      }
    }
    return calls;
  }

  @Test
  void theDenyCacheRefusesAnExhaustedGlobalLevelWithoutRedis() {
    ManualTicker ticker = new ManualTicker();
    try (CountingJedis redis = new CountingJedis(address)) {
      RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
          .name("deny-" + UUID.randomUUID())
          .global(RateLimit.perHour(3))
          .perClient(RateLimit.perHour(2))
          .ticker(ticker)
          .build();
      assertThat(limiter.tryAcquire("home", "a", 2)).isTrue();
      assertThat(limiter.tryAcquire("home", "b")).isTrue(); // the global level is now empty
      int calls = redis.evalshaCalls();
      for (int i = 0; i < 50; i++) {
        assertThat(limiter.tryAcquire("home", "c" + i)).isFalse();
        assertThat(limiter.tryAcquire("home", "a", 2)).isFalse(); // the client level's own entry
      }
      Decision refused = limiter.tryAcquireDecision("home", "z", 1);
      assertThat(refused.level()).isEqualTo(Level.GLOBAL);
      assertThat(refused.decision().limit()).isEqualTo(RateLimit.perHour(3));
      assertThat(refused.decision().retryAfter()).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20));
      assertThat(redis.evalshaCalls()).isEqualTo(calls); // no round trip for any of them
      // more permits ask Redis, for the exact decision; it refuses them at the client level first
      Decision many = limiter.tryAcquireDecision("home", "a", 2);
      assertThat(many.level()).isEqualTo(Level.CLIENT);
      assertThat(redis.evalshaCalls()).isEqualTo(calls + 1);
    }
  }

  @Test
  void failurePoliciesDecideWhileRedisIsDownAndTheBreakerStopsTheCalls() {
    ManualTicker ticker = new ManualTicker();
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis redis = new CountingJedis(server.hostAndPort())) {
      List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
      RedisHierarchicalRateLimiter<String> open = policy(redis, ticker, FailurePolicy.FAIL_OPEN, events);
      RedisHierarchicalRateLimiter<String> closed = policy(redis, ticker, FailurePolicy.FAIL_CLOSED, events);
      RedisHierarchicalRateLimiter<String> local = policy(redis, ticker, FailurePolicy.FALLBACK_LOCAL, events);
      server.kill();
      for (int i = 0; i < 3; i++) {
        assertThat(open.tryAcquire("home", "a")).isTrue();
        assertThat(closed.tryAcquire("home", "a")).isFalse();
      }
      assertThat(open.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
      int calls = redis.evalshaCalls();
      Decision openDecision = open.tryAcquireDecision("chat", "a", 1);
      assertThat(openDecision).isEqualTo(new Decision(Level.ROUTE,
          new RateLimitDecision(true, RateLimit.perHour(4), 3, 0, 0)));
      assertThat(closed.tryAcquireDecision("home", "a", 1).level()).isEqualTo(Level.CLIENT);
      // FALLBACK_LOCAL: every level divided by 2 instances: chat 2/h, client 5/h, global 10/h
      assertThat(local.tryAcquire("chat", "a", 2)).isTrue();
      Decision refused = local.tryAcquireDecision("chat", "a", 1);
      assertThat(refused.level()).isEqualTo(Level.ROUTE);
      assertThat(refused.decision().limit()).isEqualTo(RateLimit.perHour(2));
      assertThat(local.tryAcquire("home", "b", 5)).isTrue();
      assertThat(local.tryAcquire("home", "c", 3)).isTrue();
      assertThat(local.tryAcquireDecision("home", "d", 1).level()).isEqualTo(Level.GLOBAL);
      assertThat(open.inFallback()).isTrue();
      assertThat(events).hasSizeGreaterThanOrEqualTo(3);
      assertThat(redis.evalshaCalls() - calls).isLessThanOrEqualTo(3); // at most local's opening calls
    }
  }

  private static RedisHierarchicalRateLimiter<String> policy(
      CountingJedis redis, ManualTicker ticker, FailurePolicy policy, List<RedisFallbackEvent> events) {
    RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(redis)
        .name("policy-" + policy)
        .global(RateLimit.perHour(20))
        .perClient(RateLimit.perHour(10))
        .route("chat", RateLimit.perHour(4))
        .failurePolicy(policy)
        .fallbackListener(events::add)
        .ticker(ticker);
    if (policy == FailurePolicy.FALLBACK_LOCAL) {
      b.expectedInstances(2);
    }
    return b.build();
  }

  @Test
  void builderValidatesEagerly() {
    RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(first);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessage("perClient limit is required");
    b.perClient(RateLimit.perSecond(1));
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("set name or keyPrefix");
    assertThatThrownBy(() -> b.route("a:b", RateLimit.perSecond(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route must be non-blank, without ':', '{' or '}' (it is part of the Redis keys) but was 'a:b'");
    assertThatThrownBy(() -> b.route("{x}", RateLimit.perSecond(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.global()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    b.route("chat", RateLimit.perSecond(1));
    assertThatThrownBy(() -> b.route("chat", RateLimit.perSecond(2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.perClient(RateLimit.perSecond(2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.keyPrefix("a{b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.algorithm(dev.bulwark.ratelimit.RateLimitAlgorithm.SLIDING_WINDOW_LOG))
        .isInstanceOf(IllegalArgumentException.class);
    b.name("valid").failurePolicy(FailurePolicy.FALLBACK_LOCAL);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("expectedInstances");
    b.expectedInstances(3);
    RedisHierarchicalRateLimiter<String> built = b.build();
    assertThat(built.redisKey("chat", "x")).isEqualTo("bulwark:hrl:valid:route:chat:{x}");
    assertThat(built.trackedKeys()).isZero();
    assertThat(built.stats()).isEmpty();
  }
}
