package dev.bulwark.examples.usage;

import static dev.bulwark.examples.usage.ServletAppExampleTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigException;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.Retry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

class YamlConfigExampleTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  /** A client per test, as each test starts its own server: no pooled connection outlives its server. */
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theEdgeFromYamlProtectsTheServletLikeTheJavaOne() throws Exception {
    LoadedConfig config = YamlConfigExample.load(YamlConfigExample.bundledYaml(), ticker);
    Server server = ServletAppExample.start(config.edge(), 0);
    try {
      assertThat(get(http, server, "/api/hello?name=a").statusCode()).isEqualTo(200);
      assertThat(get(http, server, "/api/hello?name=1%27%20OR%20%271%27%3D%271").statusCode()).isEqualTo(400);
      assertThat(get(http, server, "/api/hello?name=b").statusCode()).isEqualTo(200);
      var limited = get(http, server, "/api/hello?name=c");
      var other = get(http, server, "/elsewhere");

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
      assertThat(other.statusCode()).isEqualTo(200);   // the default route: 100/minute per client
      assertThat(other.headers().firstValue("Cache-Control")).hasValue("no-store");   // api headers
    } finally {
      server.stop();
    }
  }

  @Test
  void theOutboundEntryIsAPipelineOfTimeoutRetryAndBreaker() throws Exception {
    LoadedConfig config = YamlConfigExample.load(YamlConfigExample.bundledYaml(), ticker);

    assertThat(config.outboundNames()).containsExactly("upstream");
    assertThat(config.pipeline("upstream").policies()).containsExactly(
        config.timeout("upstream"), config.retry("upstream"), config.circuitBreaker("upstream"));
    assertThat(config.timeout("upstream").timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retry("upstream").maxAttempts()).isEqualTo(3);
    assertThat(config.circuitBreaker("upstream").config().consecutiveFailures()).isEqualTo(5);
    assertThat(config.circuitBreaker("upstream").config().openDurationNanos())
        .isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void codeAddsWhatTheFileCannotSayToTheFilesRetry() throws Exception {
    LoadedConfig config = YamlConfigExample.load(YamlConfigExample.bundledYaml(), ticker);
    // random 0.5 sits in the middle of the +/-10% jitter: exactly 100 ms, then 200 ms
    Retry retry = config.retryBuilder("upstream").random(() -> 0.5).build();
    RetryExample.FlakyService service = new RetryExample.FlakyService(2);

    assertThat(retry.call(service::fetch)).isEqualTo("catalog page");
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void everyProblemOfADocumentIsReportedAtOnce() {
    String yaml = """
        routes:
          - pattern: /api/search
            rateLimit: 100/minit
          - pattern: /api/chat
            concurency: {perClient: 2}
        """;

    assertThatThrownBy(() -> YamlConfigExample.load(yaml, ticker))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
        .hasMessageContaining("routes[0].rateLimit")
        .hasMessageContaining("routes[1].concurency: unknown key (did you mean \"concurrency\"?)");
  }

  @Test
  void theBundledFileIsTheOneOnTheClassPath() throws IOException {
    assertThat(YamlConfigExample.bundledYaml()).contains("pattern: /api/hello").contains("upstream:");
  }
}
