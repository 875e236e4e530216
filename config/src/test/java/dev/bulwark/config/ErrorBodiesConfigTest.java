package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.body;
import static dev.bulwark.config.Exchanges.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/** {@code errorBodies}: seed E's exact bodies from YAML. */
class ErrorBodiesConfigTest {

  private static LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(new ManualTicker()).build().fromYaml(yaml);
  }

  @Test
  void theRateLimitBodyFollowsEachRoutesLimit() {
    Edge edge = load("errorFormat: envelope\n"
        + "errorBodies:\n"
        + "  rateLimit: '{\"error\": \"Rate limit exceeded: {{limit}}\", \"detail\": \"Too many requests\"}'\n"
        + "routes:\n"
        + "  - {pattern: /a, rateLimit: 1/minute}\n"
        + "  - {pattern: /b, rateLimit: 20/minute}\n").edge();
    edge.begin(FakeRequest.get("/a")).complete(200);
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/a")));
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(body(r)).isEqualTo("{\"error\": \"Rate limit exceeded: 1 per 1 minute\", \"detail\": \"Too many requests\"}");
    for (int i = 0; i < 20; i++) {
      edge.begin(FakeRequest.get("/b")).complete(200);
    }
    assertThat(body(rejection(edge.begin(FakeRequest.get("/b")))))
        .isEqualTo("{\"error\": \"Rate limit exceeded: 20 per 1 minute\", \"detail\": \"Too many requests\"}");
  }

  @Test
  void templatesAreCheckedStrictly() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(
        "errorBodies: {rateLimit: '{{limits}}', breaker: x}\n"));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("errorBodies.breaker: unknown key");
    assertThat(e.problems().get(1)).startsWith("errorBodies.rateLimit: \"{{limits}}\": unknown placeholder {{limits}}");
  }

  @Test
  void legacyResetInEpochSeconds() {
    Edge edge = EdgeConfigLoader.builder().ticker(new ManualTicker())
        .clock(java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_700_000_000L), java.time.ZoneOffset.UTC))
        .build().fromYaml("legacyRateLimitHeaders: true\nlegacyRateLimitReset: epoch-seconds\n"
            + "routes: [{pattern: /a, rateLimit: 1/minute}]").edge();
    edge.begin(FakeRequest.get("/a")).complete(200);
    assertThat(dev.bulwark.config.Exchanges.headers(rejection(edge.begin(FakeRequest.get("/a")))))
        .contains("X-RateLimit-Reset: 1700000060");
  }
}
