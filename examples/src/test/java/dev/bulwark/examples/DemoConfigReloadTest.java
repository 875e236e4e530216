package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo reloads a changed {@code --config} file over real HTTP (Jetty), without a restart; an
 * invalid file keeps the old configuration. The watch runs on a {@link ManualScheduler} of its own
 * clock, so the limiters' clock never moves.
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
    return clients.from(from).newRequest(demo.url("/api/search?q=x")).timeout(10, TimeUnit.SECONDS).send();
  }

  @Test
  void aChangedFileChangesTheLimitAndAnInvalidOneKeepsIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> b.config(file));
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

  @Test
  void anUnchangedLimitKeepsItsCountsAcrossAnExplicitReload(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("limits.yaml"), String.format(SEARCH, "2/minute"));
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> b.config(file));
    assertThat(statuses("127.0.0.93", 2)).containsExactly(200, 200);

    Files.writeString(file, String.format(SEARCH, "2/minute")
        + "  - {name: other, pattern: /api/other, methods: [GET], rateLimit: 1/minute}\n");
    assertThat(demo.gateway.reloadConfig()).isTrue();

    assertThat(statuses("127.0.0.93", 1)).as("no free burst after a reload").containsExactly(429);
  }

  @Test
  void theBundledConfigurationIsNotWatched() throws Exception {
    demo = new RunningDemo(g -> JettyDemoServer.start("127.0.0.1", 0, g), b -> { });
    assertThat(demo.gateway.watchConfig(new ManualScheduler(new ManualTicker()), Duration.ofSeconds(1))).isEmpty();
    assertThat(demo.gateway.reloadConfig()).isFalse();
    assertThat(demo.gateway.edges().current()).isSameAs(demo.gateway.edge());
  }
}
