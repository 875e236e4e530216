package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.headers;
import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.FakeRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}}, {@code ${VAR:default}} and {@code ${VAR:-default}} in any string of a document. */
class InterpolationTest {

  private static final String SEED_C_LIKE = "routes:\n"
      + "  - pattern: /api/**\n"
      + "    rateLimit: {limit: '${RATE_LIMIT_RPM:3}/minute', maximumKeys: '${RATE_LIMIT_KEYS:100}'}\n"
      + "    cors: {allowOrigins: ['${ALLOWED_ORIGINS:http://localhost:3000}']}\n";

  private static LoadedConfig load(Map<String, String> environment, String yaml) {
    return EdgeConfigLoader.builder().ticker(new ManualTicker()).environment(environment::get).build().fromYaml(yaml);
  }

  private static int allowedRequests(Edge edge) {
    int allowed = 0;
    while (status(edge.begin(FakeRequest.get("/api/x"))) == 200) {
      allowed++;
    }
    return allowed;
  }

  @Test
  void aDefaultAppliesWhenTheVariableIsUnsetOrEmpty() {
    assertThat(allowedRequests(load(Map.of(), SEED_C_LIKE).edge())).isEqualTo(3);
    assertThat(allowedRequests(load(Map.of("RATE_LIMIT_RPM", ""), SEED_C_LIKE).edge())).isEqualTo(3);
  }

  @Test
  void theVariableWinsAndAWholeReferenceIsReadAsANumber() {
    LoadedConfig config = load(Map.of("RATE_LIMIT_RPM", "5", "RATE_LIMIT_KEYS", "7"), SEED_C_LIKE);
    assertThat(allowedRequests(config.edge())).isEqualTo(5);
  }

  @Test
  void theShellFormAndTextAroundReferencesWork() {
    Edge edge = load(Map.of("HOST", "app.example.com"), "routes:\n"
        + "  - pattern: /api/**\n"
        + "    cors: {allowOrigins: ['https://${HOST}', '${OTHER:-http://localhost:3000}']}\n").edge();

    assertThat(headers(edge.begin(FakeRequest.get("/api/x").header("Origin", "https://app.example.com"))))
        .contains("Access-Control-Allow-Origin: https://app.example.com");
    assertThat(headers(edge.begin(FakeRequest.get("/api/x").header("Origin", "http://localhost:3000"))))
        .contains("Access-Control-Allow-Origin: http://localhost:3000");
  }

  @Test
  void anUnsetVariableWithoutADefaultIsAProblemNamingItAndItsPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of(), "routes:\n"
        + "  - {pattern: /a, rateLimit: '${RATE_LIMIT_RPM}/minute'}\n"
        + "  - {pattern: /b, methods: ['${METHOD}']}\n"));

    assertThat(e.problems()).containsExactly(
        "routes[0].rateLimit: \"${RATE_LIMIT_RPM}/minute\": the environment variable RATE_LIMIT_RPM is not"
            + " set; set it, or write ${RATE_LIMIT_RPM:default} for a default",
        "routes[1].methods[0]: \"${METHOD}\": the environment variable METHOD is not set; set it, or write"
            + " ${METHOD:default} for a default");
  }

  @Test
  void aDoubledDollarKeepsALiteralReference() {
    assertThat(Interpolation.interpolate("$${HOME} and ${X:y}", name -> null)).isEqualTo("${HOME} and y");
    assertThat(Interpolation.interpolate("${X:}", name -> null)).isEmpty();
    assertThat(Interpolation.interpolate("${1X}", name -> null)).isEqualTo("${1X}");
  }

  @Test
  void aWholeReferenceToTrueOrFalseIsABoolean() {
    Edge edge = load(Map.of("LEGACY", "true"), "legacyRateLimitHeaders: ${LEGACY:false}\n"
        + "routes: [{pattern: /a, rateLimit: 2/minute}]").edge();
    assertThat(headers(edge.begin(FakeRequest.get("/a")))).anyMatch(h -> h.startsWith("X-RateLimit-Limit: 2"));
  }
}
