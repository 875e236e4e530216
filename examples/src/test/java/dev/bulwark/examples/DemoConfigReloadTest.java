package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo reloads a changed {@code --config} file over real HTTP (Jetty and Netty), without a
 * restart; an invalid file keeps the old configuration; the state endpoint and the health probes
 * follow the new edge. The watch runs on a {@link ManualScheduler} of its own clock, so the
 * limiters' clock never moves.
 */
class DemoConfigReloadTest {

  private static final String SEARCH =
      "routes:\n  - {name: search, pattern: /api/search, methods: [GET], rateLimit: %s}\n";

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

  private List<Integer> statuses(String from, int requests) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(send(from).getStatus());
    }
    return statuses;
  }

  private ContentResponse send(String from) throws Exception {
    return get(from, "/api/search?q=x");
  }

  private ContentResponse get(String from, String pathAndQuery) throws Exception {
    return clients.from(from).newRequest(demo.url(pathAndQuery)).timeout(10, TimeUnit.SECONDS).send();
  }

  private JsonNode json(String pathAndQuery) throws Exception {
    return DemoFixture.json(get("127.0.0.99", pathAndQuery).getContentAsString());
  }

  private static RunningDemo.Server server(String adapter) {
    return adapter.equals("netty")
        ? g -> NettyDemoServer.start("127.0.0.1", 0, g)
        : g -> JettyDemoServer.start("127.0.0.1", 0, g);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void aChangedFileChangesTheLimitAndAnInvalidOneKeepsIt(String adapter, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server(adapter), b -> b.config(file));
    ManualScheduler watcher = new ManualScheduler(new ManualTicker());
    assertThat(demo.gateway.watchConfig(watcher, Duration.ofSeconds(2))).isPresent();

    assertThat(statuses("127.0.0.91", 3)).containsExactly(200, 200, 429);

    Files.writeString(file, String.format(SEARCH, "4/minute"));
    watcher.advance(Duration.ofSeconds(2));
    // the limit changed: its limiter starts fresh with the new capacity, on the same server
    assertThat(statuses("127.0.0.91", 5)).containsExactly(200, 200, 200, 200, 429);
    assertThat(send("127.0.0.92").getHeaders().get("RateLimit-Policy")).isEqualTo("\"search\";q=4;w=60");

    Files.writeString(file, "routes:\n  - {name: search, pattern: /api/search, rateLimit: lots}\n");
    watcher.advance(Duration.ofSeconds(2));
    assertThat(demo.gateway.reloadConfig()).as("still invalid").isFalse();
    // the old configuration goes on serving, with its counts: 127.0.0.92 spent one of its four
    assertThat(statuses("127.0.0.92", 4)).containsExactly(200, 200, 200, 429);
    assertThat(statuses("127.0.0.91", 1)).containsExactly(429);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void anUnchangedLimitKeepsItsCountsAcrossAnExplicitReload(String adapter, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server(adapter), b -> b.config(file));
    assertThat(statuses("127.0.0.93", 2)).containsExactly(200, 200);

    Files.writeString(file, String.format(SEARCH, "2/minute")
        + "  - {name: other, pattern: /api/other, methods: [GET], rateLimit: 1/minute}\n");
    assertThat(demo.gateway.reloadConfig()).isTrue();

    assertThat(statuses("127.0.0.93", 1)).as("no free burst after a reload").containsExactly(429);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void theStateAndTheHealthProbesFollowTheReloadedEdge(String adapter, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server(adapter), b -> b.config(file));
    assertThat(statuses("127.0.0.94", 1)).containsExactly(200);
    assertThat(json("/api/state").get("limiters").toString()).isEqualTo("[{\"name\":\"search\","
        + "\"limit\":\"2/minute\",\"scope\":\"per client\",\"trackedKeys\":1,\"permitted\":1,\"rejected\":0}]");
    assertThat(json("/api/state").get("gauges").toString()).isEqualTo("[]");
    for (String probe : List.of("/health", "/health/ready")) {
      assertThat(json(probe).get("components").has("concurrency:slow")).as(probe).isFalse();
    }

    Files.writeString(file, String.format(SEARCH, "4/minute")
        + "  - {name: slow, pattern: /api/stream, methods: [GET], concurrency: {perClient: 2, total: 10}}\n");
    assertThat(demo.gateway.reloadConfig()).isTrue();

    // the new edge's limiter (its limit changed: it starts fresh) and its concurrency limiter
    assertThat(json("/api/state").get("limiters").toString()).isEqualTo("[{\"name\":\"search\","
        + "\"limit\":\"4/minute\",\"scope\":\"per client\",\"trackedKeys\":0,\"permitted\":0,\"rejected\":0}]");
    assertThat(json("/api/state").get("gauges").toString())
        .isEqualTo("[{\"name\":\"slow\",\"scope\":\"per client (2 each)\",\"inFlight\":0,\"limit\":10}]");
    for (String probe : List.of("/health", "/health/ready")) {
      assertThat(json(probe).get("components").get("concurrency:slow").get("status").asText()).as(probe)
          .isEqualTo("UP");
    }
    assertThat(get("127.0.0.99", "/health/live").getStatus()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void theShutdownHookDrainsTheReloadedEdge(String adapter, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server(adapter), b -> b.config(file));
    Edge first = demo.gateway.edges().current();
    Files.writeString(file, String.format(SEARCH, "3/minute"));
    assertThat(demo.gateway.reloadConfig()).isTrue();
    Edge reloaded = demo.gateway.edges().current();
    assertThat(reloaded).isNotSameAs(first);

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    new ShutdownDrain(demo.gateway.edges()::current, demo.server, Duration.ZERO,
        new PrintStream(err, true, StandardCharsets.UTF_8)).run();

    assertThat(reloaded.isDraining()).as("the edge serving new requests").isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bulwark-demo: drained");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void theBundledConfigurationIsNotWatched(String adapter) throws Exception {
    demo = new RunningDemo(server(adapter), b -> { });
    assertThat(demo.gateway.watchConfig(new ManualScheduler(new ManualTicker()), Duration.ofSeconds(1))).isEmpty();
    assertThat(demo.gateway.reloadConfig()).isFalse();
    assertThat(demo.gateway.edges().current()).isSameAs(demo.gateway.edge());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "netty"})
  void theMetricsFollowTheReloadedEdge(String adapter, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server(adapter), b -> b.config(file));
    assertThat(statuses("127.0.0.95", 3)).containsExactly(200, 200, 429);
    String rejected = "bulwark_ratelimit_decisions_total{name=\"search\",result=\"rejected\"} 1.0";
    assertThat(get("127.0.0.99", "/metrics").getContentAsString()).contains(rejected)
        .doesNotContain("bulwark_concurrency_limit{");

    Files.writeString(file, String.format(SEARCH, "2/minute")
        + "  - {name: slow, pattern: /api/stream, methods: [GET], concurrency: {perClient: 2, total: 10}}\n");
    assertThat(demo.gateway.reloadConfig()).isTrue();
    // the kept limiter's meters keep their values; the new route's concurrency limiter is bound
    assertThat(get("127.0.0.99", "/metrics").getContentAsString()).contains(rejected)
        .contains("bulwark_concurrency_limit{name=\"slow\"} 10.0");

    Files.writeString(file, String.format(SEARCH, "2/minute"));
    assertThat(demo.gateway.reloadConfig()).isTrue();
    assertThat(get("127.0.0.99", "/metrics").getContentAsString()).as("the removed route's gauges are gone")
        .contains(rejected, "bulwark_edge_requests_total{outcome=\"rate_limit\",route=\"search\",status=\"429\"} 1.0")
        .doesNotContain("bulwark_concurrency_limit{");
  }

  @Test
  void jettysOwnErrorsTakeTheReloadedEdgesErrorFormat(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(server("jetty"), b -> b.config(file));
    assertThat(rawRequest("GET / HTTP/7.0\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 505 ")
        .contains("\"status\":505");

    Files.writeString(file, "errorFormat: envelope\n" + String.format(SEARCH, "2/minute"));
    assertThat(demo.gateway.reloadConfig()).isTrue();

    assertThat(rawRequest("GET / HTTP/7.0\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 505 ")
        .contains("{\"error\":{\"code\":505").doesNotContain("\"status\":505");
  }

  private String rawRequest(String head) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), demo.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
