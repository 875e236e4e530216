package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.redis.FailurePolicy;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The fallback gauges and the decision counts of a Redis limiter whose Redis is unreachable (a
 * port nobody listens on): no Redis server is needed to see the limiter fall back.
 */
class RedisFallbackBinderTest {

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void gaugesAreOneHotAndFollowTheFallback() throws IOException {
    DefaultJedisClientConfig config =
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).socketTimeoutMillis(200).build();
    try (JedisPooled redis = new JedisPooled(new HostAndPort("127.0.0.1", closedPort()), config)) {
      RedisKeyedRateLimiter<Object> limiter =
          RedisKeyedRateLimiter.builder(redis, RateLimit.perMinute(10))
              .name("api")
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .ticker(new ManualTicker())
              .recordStats()
              .build();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      RedisFallbackBinder.of(limiter).bindTo(registry);
      KeyedRateLimiterBinder.of(limiter).bindTo(registry);

      assertThat(MeterLines.render(registry))
          .containsExactly(
              "bulwark.ratelimit.decisions{name=api,result=permitted} 0.0",
              "bulwark.ratelimit.decisions{name=api,result=rejected} 0.0",
              "bulwark.redis.fallback{name=api,state=fallback} 0.0",
              "bulwark.redis.fallback{name=api,state=redis} 1.0");

      // FAIL_CLOSED while Redis is away; the limiter falls back once its breaker opens, after the
      // default three consecutive failed calls.
      for (int i = 0; i < 2; i++) {
        assertThat(limiter.tryAcquire("client")).isFalse();
      }
      assertThat(limiter.inFallback()).isFalse();
      assertThat(limiter.tryAcquire("client")).isFalse();

      assertThat(limiter.inFallback()).isTrue();
      assertThat(MeterLines.render(registry))
          .containsExactly(
              "bulwark.ratelimit.decisions{name=api,result=permitted} 0.0",
              "bulwark.ratelimit.decisions{name=api,result=rejected} 3.0",
              "bulwark.redis.fallback{name=api,state=fallback} 1.0",
              "bulwark.redis.fallback{name=api,state=redis} 0.0");
    }
  }
}
