package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway takes from the command line: another policy file, trusted proxies. */
class DemoGatewayTest {

  private final SourceClients clients = new SourceClients();
  private RunningDemo demo;

  @AfterEach
  void stop() throws Exception {
    try {
      clients.close();
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  private Request search(String from) throws Exception {
    return clients.from(from).newRequest(demo.url("/api/search?q=x")).timeout(10, TimeUnit.SECONDS);
  }

  @Test
  void aConfigFileReplacesTheBundledOneAndTheChatFallsBackToTheBuiltInPolicy(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("mine.yaml"),
        "routes:\n  - {name: search, pattern: /api/search, methods: [GET], rateLimit: 2/minute}\n");
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> b.config(file));

    assertThat(search("127.0.0.81").send().getStatus()).isEqualTo(200);
    assertThat(search("127.0.0.81").send().getStatus()).isEqualTo(200);
    ContentResponse third = search("127.0.0.81").send();
    ContentResponse chat = clients.from("127.0.0.81").newRequest(demo.url("/api/chat")).method("POST")
        .body(new BytesRequestContent("text/plain", "{\"prompt\":\"hi\"}".getBytes(StandardCharsets.UTF_8)))
        .timeout(10, TimeUnit.SECONDS).send();

    assertThat(third.getStatus()).isEqualTo(429);
    assertThat(third.getHeaders().get("RateLimit-Policy")).isEqualTo("\"search\";q=2;w=60");
    assertThat(chat.getStatus()).as("no content-type rule in this file").isEqualTo(200);
    assertThat(demo.gateway.app().chatBreaker().name()).isEqualTo("chat");
    assertThat(demo.gateway.notes()).containsExactly(
        "policies: " + file,
        "the configuration has no outbound.llm: /api/chat uses the built-in policy",
        "routes without a demo handler call the simulated upstream (POST /admin/upstream stages an outage)");
  }

  @Test
  void behindTrustedProxiesTheForwardedClientIsLimited() throws Exception {
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g),
        b -> b.trustedProxies(List.of("127.0.0.0/8")));
    for (int i = 0; i < 30; i++) {
      assertThat(search("127.0.0.82").headers(h -> h.put("X-Forwarded-For", "198.51.100.1")).send().getStatus())
          .isEqualTo(200);
    }

    ContentResponse same = search("127.0.0.83").headers(h -> h.put("X-Forwarded-For", "198.51.100.1")).send();
    ContentResponse other = search("127.0.0.82").headers(h -> h.put("X-Forwarded-For", "198.51.100.2")).send();

    assertThat(same.getStatus()).as("the same client through another proxy").isEqualTo(429);
    assertThat(other.getStatus()).as("another client through the same proxy").isEqualTo(200);
    assertThat(demo.gateway.notes()).contains("X-Forwarded-For is honoured from 127.0.0.0/8 only");
  }

  @Test
  void aTrustedProxyListMustNameAProxyAndEachSettingIsMadeOnce() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      DemoGateway.Builder b = DemoGateway.builder(scheduler);
      assertThatThrownBy(() -> b.trustedProxies(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("trustedProxies must name at least one proxy");
      b.redisUrl("redis://127.0.0.1:1");
      assertThatThrownBy(() -> b.redisUrl("redis://127.0.0.1:2"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("redisUrl was already set to redis://127.0.0.1:1");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aRedisUrlsPasswordNeverReachesTheNotes() throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    // nothing listens on port 1: the gateway still builds, its limits fall back to memory
    try (DemoGateway gateway = DemoGateway.builder(scheduler).redisUrl("redis://demo:hunter2@127.0.0.1:1").build()) {
      assertThat(String.join("\n", gateway.notes()))
          .contains("Redis backend: redis backend at redis://***@127.0.0.1:1 (FALLBACK_LOCAL)")
          .doesNotContain("hunter2");
    } finally {
      scheduler.shutdownNow();
    }
  }
}
