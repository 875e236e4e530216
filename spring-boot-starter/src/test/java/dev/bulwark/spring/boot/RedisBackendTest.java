package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.LoadedConfig;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

/**
 * A Redis URL in the bulwark section is all it takes: bulwark-ratelimit-redis on the class path is
 * found through ServiceLoader by the config module, and two application instances share a route's
 * limit in a real Redis (embedded-redis, started here).
 */
class RedisBackendTest {

  private static RedisServer redis;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    redis = new RedisServer(port);
    redis.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  void twoInstancesShareALimitThroughTheConfiguredRedis() {
    String route = "shared-" + UUID.randomUUID();
    String[] args = {
      "--REDIS_PORT=" + port,
      "--bulwark.backends.redis.url=redis://127.0.0.1:${REDIS_PORT}",
      "--bulwark.backends.redis.failurePolicy=FAIL_CLOSED",
      "--bulwark.routes[0].name=" + route,
      "--bulwark.routes[0].pattern=/shared",
      "--bulwark.routes[0].rateLimit.limit=2/minute",
      "--bulwark.routes[0].rateLimit.backend=redis"
    };
    try (ConfigurableApplicationContext first = BareApplication.run(args);
        ConfigurableApplicationContext second = BareApplication.run(args)) {
      KeyedRateLimiter<String> a = first.getBean(LoadedConfig.class).rateLimiter(route).orElseThrow();
      KeyedRateLimiter<String> b = second.getBean(LoadedConfig.class).rateLimiter(route).orElseThrow();
      assertThat(a.getClass().getName()).contains("Redis");
      assertThat(a.tryAcquire("client")).isTrue();
      assertThat(b.tryAcquire("client")).isTrue();
      assertThat(a.tryAcquire("client")).isFalse();
      assertThat(b.tryAcquire("client")).isFalse();
    }
  }
}
