package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each fallback transition is logged once, with slf4j key-values, however many decisions see the
 * outage. slf4j-simple writes the test logs to a file (see simplelogger.properties), read back here.
 */
class FallbackLoggingTest {

  @Test
  void enteringAndLeavingFallbackAreLoggedOnceEach() throws Exception {
    String name = "logged-" + UUID.randomUUID();
    ManualTicker ticker = new ManualTicker();
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis redis = new CountingJedis(server.hostAndPort())) {
      RedisKeyedRateLimiter<String> limiter =
          RedisKeyedRateLimiter.builder(redis, RateLimit.perMinute(10))
              .name(name)
              .failurePolicy(FailurePolicy.FAIL_OPEN)
              .ticker(ticker)
              .build();
      assertThat(limiter.tryAcquire("k")).isTrue();
      server.kill();
      for (int i = 0; i < 100; i++) {
        assertThat(limiter.tryAcquire("k")).isTrue();
      }
      server.restartEmpty();
      ticker.advance(Duration.ofMillis(2_500));
      for (int i = 0; i < 5; i++) {
        assertThat(limiter.tryAcquire("k")).isTrue();
      }
    }
    List<String> lines = linesAbout(name);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith(
            "WARN dev.bulwark.ratelimit.redis - event=redis_fallback_entered name="
                + name + " policy=fail_open cause=redis.clients.jedis.exceptions.JedisConnectionException")
        .endsWith("limiter '" + name + "' cannot use Redis; deciding by FAIL_OPEN until Redis answers again");
    assertThat(lines.get(1))
        .isEqualTo(
            "INFO dev.bulwark.ratelimit.redis - event=redis_fallback_left name="
                + name + " policy=fail_open fallback_ms=2500 limiter '" + name + "' uses Redis again");
  }

  private static List<String> linesAbout(String name) throws IOException {
    Path log = Path.of("target", "ratelimit-redis-tests.log");
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("name=" + name + " "))
        .collect(Collectors.toList());
  }
}
