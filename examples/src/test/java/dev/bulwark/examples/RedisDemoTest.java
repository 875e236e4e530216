package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo with {@code --redis}: the gateway hierarchy's levels live in a real Redis (started for
 * the test), so two demo instances share every client's quota, and an outage falls back to memory.
 * Redis keeps its own time, so these tests use the login route (5 per 15 minutes), which cannot
 * refill within a test.
 */
class RedisDemoTest {

  private final SourceClients clients = new SourceClients();
  private LocalRedis redis;
  private RunningDemo first;
  private RunningDemo second;

  @BeforeEach
  void start() throws Exception {
    redis = LocalRedis.start();
    first = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> b.redisUrl(redis.url()));
    second = new RunningDemo(g -> NettyDemoServer.start("127.0.0.1", 0, g), b -> b.redisUrl(redis.url()));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      clients.close();
    } finally {
      try {
        first.close();
        second.close();
      } finally {
        redis.close();
      }
    }
  }

  private ContentResponse login(RunningDemo demo, String from) throws Exception {
    return clients.from(from)
        .newRequest(demo.url("/api/auth/login"))
        .method("POST")
        .body(new BytesRequestContent("application/json", "{\"user\":\"u\"}".getBytes(StandardCharsets.UTF_8)))
        .timeout(20, TimeUnit.SECONDS)
        .send();
  }

  private ContentResponse get(RunningDemo demo, String from, String path) throws Exception {
    return clients.from(from).newRequest(demo.url(path)).timeout(20, TimeUnit.SECONDS).send();
  }

  @Test
  void twoInstancesShareEachClientsQuotaThroughRedis() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(login(first, "127.0.0.61").getStatus()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(login(second, "127.0.0.61").getStatus()).isEqualTo(200);
    }

    ContentResponse sixthOnFirst = login(first, "127.0.0.61");
    ContentResponse sixthOnSecond = login(second, "127.0.0.61");

    assertThat(sixthOnFirst.getStatus()).isEqualTo(429);
    assertThat(sixthOnSecond.getStatus()).isEqualTo(429);
    assertThat(sixthOnSecond.getHeaders().get("RateLimit-Policy")).isEqualTo("\"login\";q=5;w=900");
    assertThat(Long.parseLong(sixthOnSecond.getHeaders().get("Retry-After"))).isBetween(1L, 180L);
    assertThat(login(second, "127.0.0.62").getStatus()).as("another client").isEqualTo(200);
    assertThat(first.gateway.notes())
        .contains("rate limits are kept in Redis (while it is unreachable each level falls back to memory)");
  }

  @Test
  void theStateShowsTheLevelsInRedisAndHealthIsUp() throws Exception {
    login(first, "127.0.0.63");

    JsonNode state = DemoFixture.json(get(first, "127.0.0.63", "/api/state").getContentAsString());
    JsonNode health = DemoFixture.json(get(first, "127.0.0.63", "/health").getContentAsString());

    assertThat(state.get("limiters").get(0).get("scope").asText()).isEqualTo("global (Redis)");
    assertThat(state.get("limiters").get(4).get("name").asText()).isEqualTo("gateway.route.login");
    assertThat(state.get("limiters").get(4).get("permitted").asLong()).isEqualTo(1);
    assertThat(health.get("components").get("redis:limits").toString())
        .isEqualTo("{\"status\":\"UP\",\"details\":{\"fallback\":false}}");
  }

  @Test
  void whenRedisGoesAwayTheLimitsFallBackToMemoryAndHealthSaysSo() throws Exception {
    assertThat(get(first, "127.0.0.64", "/api/fetch?url=https://example.com/").getStatus()).isEqualTo(200);
    redis.close();

    for (int i = 0; i < 4; i++) {
      assertThat(get(first, "127.0.0.64", "/api/fetch?url=https://example.com/").getStatus())
          .as("request %d without Redis", i + 1)
          .isEqualTo(200);
    }
    ContentResponse health = get(first, "127.0.0.64", "/health");

    assertThat(health.getStatus()).isEqualTo(200);
    JsonNode report = DemoFixture.json(health.getContentAsString());
    assertThat(report.get("status").asText()).isEqualTo("DEGRADED");
    assertThat(report.get("components").get("redis:limits").toString())
        .isEqualTo("{\"status\":\"DEGRADED\",\"details\":{\"fallback\":true}}");
  }
}
