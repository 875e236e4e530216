package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * EVALSHA first; NOSCRIPT (a new or restarted server, SCRIPT FLUSH) loads the script once and runs
 * it again, within the same decision: the caller never notices, and the breaker sees a success.
 */
class ScriptCacheTest {

  @Test
  void aFlushedScriptCacheIsReloadedWithinTheDecision() {
    List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis redis = new CountingJedis(server.hostAndPort());
        Jedis admin = server.connect()) {
      RedisKeyedRateLimiter<String> limiter =
          RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(10))
              .name("scripts")
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .fallbackListener(events::add)
              .build();
      assertThat(admin.scriptExists(LuaScript.RATE_LIMIT.sha1Hex())).isFalse();

      assertThat(limiter.tryAcquire("k")).isTrue(); // NOSCRIPT, SCRIPT LOAD, EVALSHA
      assertThat(redis.scriptLoads()).isEqualTo(1);
      assertThat(redis.evalshaCalls()).isEqualTo(2);
      assertThat(admin.scriptExists(LuaScript.RATE_LIMIT.sha1Hex())).isTrue();

      assertThat(limiter.tryAcquire("k")).isTrue(); // cached: one EVALSHA
      assertThat(redis.evalshaCalls()).isEqualTo(3);

      admin.scriptFlush();
      assertThat(limiter.tryAcquireDecision("k", 1).remaining()).isEqualTo(7);
      assertThat(redis.scriptLoads()).isEqualTo(2);
      assertThat(redis.evalshaCalls()).isEqualTo(5);
      assertThat(events).isEmpty();
      assertThat(limiter.circuitBreaker().snapshot().consecutiveFailures()).isZero();
      assertThat(limiter.circuitBreaker().snapshot().generation()).isZero();
    }
  }

  @Test
  void theDigestIsTheScriptsSha1() {
    try (RedisProcess server = RedisProcess.launch(); Jedis admin = server.connect()) {
      for (LuaScript script :
          List.of(
              LuaScript.RATE_LIMIT,
              LuaScript.CONCURRENCY_ACQUIRE,
              LuaScript.CONCURRENCY_RELEASE,
              LuaScript.CONCURRENCY_COUNT)) {
        assertThat(admin.scriptLoad(new String(script.source(), java.nio.charset.StandardCharsets.UTF_8)))
            .as(script.toString())
            .isEqualTo(script.sha1Hex());
      }
    }
  }
}
