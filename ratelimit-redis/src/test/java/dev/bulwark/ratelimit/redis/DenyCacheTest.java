package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local deny cache serves an over-limit key without Redis (calls counted) until the instant
 * Redis named, with the decision Redis would give; multi-permit decisions still ask Redis.
 */
@ExtendWith(RedisServers.class)
class DenyCacheTest {

  private static final long MS = 1_000_000L;
  private static final RateLimit TEN_PER_S_BURST_5 = RateLimit.perSecond(10).withBurst(5);
  private static CountingJedis redis;

  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    redis = new CountingJedis(server.address());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  private RedisKeyedRateLimiterBuilder<Object> builder() {
    return RedisKeyedRateLimiter.builder(redis, TEN_PER_S_BURST_5)
        .keyPrefix("deny:" + UUID.randomUUID() + ":")
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .ticker(clock)
        .serverClockForTesting(clock);
  }

  @Test
  void anOverLimitHotKeyIsRefusedWithoutRedisUntilRedisSaidSo() {
    List<RateLimiterEvent> rejected = new ArrayList<>();
    RedisKeyedRateLimiter<String> limiter =
        builder()
            .listener(
                event -> {
                  if (event instanceof RateLimiterEvent.Rejected) {
                    rejected.add(event);
                  }
                })
            .build();
    assertThat(limiter.tryAcquireDecision("hot", 5))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 0, 0, 500 * MS));
    int calls = redis.evalshaCalls();

    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.tryAcquire("hot")).isFalse();
      assertThat(limiter.tryAcquire("hot", 3)).isFalse();
    }
    clock.advance(Duration.ofMillis(40));
    assertThat(limiter.tryAcquireDecision("hot", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 60 * MS, 460 * MS));
    assertThat(limiter.peek("hot", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 60 * MS, 460 * MS));
    assertThat(redis.evalshaCalls()).isEqualTo(calls);
    assertThat(rejected).hasSize(20_001);
    assertThat(rejected.get(20_000)).isEqualTo(new RateLimiterEvent.Rejected(limiter.name(), "hot", 1, 60 * MS));

    // Two permits: Redis answers, for the exact retry-after.
    assertThat(limiter.tryAcquireDecision("hot", 2))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 160 * MS, 460 * MS));
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 1);

    clock.advance(Duration.ofMillis(60).minusNanos(1_000));
    assertThat(limiter.tryAcquire("hot")).isFalse();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 1);
    clock.advance(Duration.ofNanos(1_000)); // the instant Redis named: ask again
    assertThat(limiter.tryAcquire("hot")).isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 2);
  }

  @Test
  void theCacheRefusesOnlyTheKeyRedisExhaustedAndOnlyUntilTheInstantItNamed() {
    RedisKeyedRateLimiter<String> limiter = builder().build();
    assertThat(limiter.tryAcquire("hot", 4)).isTrue();
    int calls = redis.evalshaCalls();
    assertThat(limiter.tryAcquire("hot")).as("one permit left: Redis decides").isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 1); // the last one: Redis names the next instant

    assertThat(limiter.tryAcquire("hot")).isFalse();
    assertThat(redis.evalshaCalls()).as("refused from the cache").isEqualTo(calls + 1);
    assertThat(limiter.tryAcquire("cold")).as("another key asks Redis").isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 2);
    clock.advance(Duration.ofMillis(100).minusNanos(1_000));
    assertThat(limiter.tryAcquire("hot")).isFalse();
    assertThat(redis.evalshaCalls()).as("still refused from the cache").isEqualTo(calls + 2);
    clock.advance(Duration.ofNanos(1_000)); // one permit refilled at 100 ms: ask Redis again
    assertThat(limiter.tryAcquire("hot")).isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 3);

    RedisKeyedRateLimiter<String> uncached = builder().denyCache(false).build();
    assertThat(uncached.tryAcquire("x", 5)).isTrue();
    int before = redis.evalshaCalls();
    assertThat(uncached.tryAcquire("x")).isFalse();
    assertThat(uncached.tryAcquire("x")).isFalse();
    assertThat(redis.evalshaCalls()).as("no deny cache: every refusal is Redis's").isEqualTo(before + 2);
  }

  @Test
  void aRefusalFromTheCacheAllocatesNothing() throws Exception {
    RedisKeyedRateLimiter<String> limiter = builder().build();
    assertThat(limiter.tryAcquire("hot", 5)).isTrue();
    int calls = redis.evalshaCalls();
    Runnable refusals =
        () -> {
          for (int i = 0; i < 1_000_000; i++) {
            if (limiter.tryAcquire("hot") || limiter.tryAcquire("hot", 2)) {
              throw new AssertionError("granted at " + i);
            }
          }
        };
    refusals.run(); // lets the JIT compile the path
    // One allocation per refusal would be at least 32 MB.
    assertThat(allocatedBy(refusals)).isLessThan(64 * 1024);
    assertThat(redis.evalshaCalls()).isEqualTo(calls);
  }

  /** Bytes allocated by the current thread while running {@code body}. */
  private static long allocatedBy(Runnable body) throws ReflectiveOperationException {
    // Reflection: the tests compile inside the module, which does not read java.management.
    Object threads =
        Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    java.lang.reflect.Method allocated =
        Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    long before = (Long) allocated.invoke(threads);
    body.run();
    return (Long) allocated.invoke(threads) - before;
  }

  @Test
  void aKeyWithPermitsLeftIsNotCached() {
    RedisKeyedRateLimiter<String> limiter = builder().build();
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    int calls = redis.evalshaCalls();
    assertThat(limiter.tryAcquire("k", 2)).isFalse(); // 1 left: single permits may still pass
    assertThat(limiter.tryAcquire("k", 6)).isFalse(); // above the burst, 1 left
    assertThat(limiter.tryAcquire("k")).isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 3);
  }

  @Test
  void withTheCacheOffEveryDecisionAsksRedis() {
    RedisKeyedRateLimiter<String> limiter = builder().denyCache(false).build();
    assertThat(limiter.tryAcquire("hot", 5)).isTrue();
    int calls = redis.evalshaCalls();
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("hot")).isFalse();
    }
    assertThat(redis.evalshaCalls()).isEqualTo(calls + 10);
  }

  @Test
  void anotherInstanceTakingPermitsOnlyMakesRedisRefuseLonger() {
    RedisKeyedRateLimiter<String> first = builder().build();
    String prefix = first.redisKey("x").substring(0, first.redisKey("x").indexOf('{'));
    RedisKeyedRateLimiter<String> second =
        RedisKeyedRateLimiter.builder(redis, TEN_PER_S_BURST_5)
            .keyPrefix(prefix)
            .ticker(clock)
            .serverClockForTesting(clock)
            .build();
    assertThat(first.tryAcquire("k", 5)).isTrue(); // first caches: 1 permit in 100 ms
    clock.advance(Duration.ofMillis(100));
    assertThat(second.tryAcquire("k")).isTrue(); // second takes that permit
    // first's cache has expired: it asks Redis, which refuses for another 100 ms.
    assertThat(first.tryAcquireDecision("k", 1).retryAfterNanos()).isEqualTo(100 * MS);
  }

  @Test
  void theTableIsBoundedAndCollisionsOnlyEvict() {
    DenyCache<String> cache = new DenyCache<>(3);
    assertThat(cache.capacity()).isEqualTo(4);
    assertThat(new DenyCache<String>(1).capacity()).isEqualTo(2);
    assertThat(new DenyCache<String>(10_000).capacity()).isEqualTo(16_384);
    for (int i = 0; i < 100; i++) {
      cache.deny("k" + i, 1_000, 0, 2_000);
    }
    int found = 0;
    for (int i = 0; i < 100; i++) {
      if (cache.find("k" + i, 0) != null) {
        found++;
      }
    }
    assertThat(found).isBetween(1, 4);
    cache.deny("a", 1_000, 1, 2_000);
    assertThat(cache.find("a", 999)).isEqualTo(new DenyCache.Entry<>("a", 1_000, 1, 2_000));
    assertThat(cache.find("a", 1_000)).isNull();
    cache.forget("a");
    assertThat(cache.find("a", 0)).isNull();
  }
}
