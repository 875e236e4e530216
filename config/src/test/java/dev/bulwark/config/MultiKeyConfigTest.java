package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/** {@code rateLimit: {allOf: [...]}} with per-part keys, and the principal and attribute keys. */
class MultiKeyConfigTest {

  private static LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(new ManualTicker()).build().fromYaml(yaml);
  }

  @Test
  void perAddressAndPerUserAtOnce() {
    LoadedConfig config = load("routes:\n"
        + "  - name: query\n"
        + "    pattern: /q\n"
        + "    rateLimit:\n"
        + "      allOf:\n"
        + "        - {limit: 2/minute, key: ip}\n"
        + "        - {limit: 2/minute, key: principal}\n");
    Edge edge = config.edge();
    assertThat(status(edge.begin(FakeRequest.get("/q").principal("u").peer("192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/q").principal("u").peer("192.0.2.2")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/q").principal("u").peer("192.0.2.3")))).isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/q").principal("v").peer("192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/q").principal("w").peer("192.0.2.1")))).isEqualTo(429);
    assertThat(config.rateLimiter("query").orElseThrow().name()).isEqualTo("query-ip");
    assertThat(edge.routes().get(0).rateLimiters()).extracting(l -> l.name())
        .containsExactly("query-ip", "query-principal");
  }

  @Test
  void anAttributeKey() {
    Edge edge = load("routes: [{pattern: /t, key: 'attribute:tenant', rateLimit: 1/minute}]").edge();
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "a")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "a")))).isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "b")))).isEqualTo(200);
  }

  @Test
  void allOfIsReadStrictly() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("routes:\n"
        + "  - {pattern: /a, rateLimit: {allOf: [{limit: 1/s}]}}\n"
        + "  - {pattern: /b, rateLimit: {allOf: [{limit: 1/s, key: principal}, {limit: 2/s, hierarchy: h}]}}\n"
        + "  - {pattern: /c, rateLimit: {allOf: [1/s, 2/s], limit: 3/s}}\n"));
    assertThat(e.problems()).containsExactly(
        "routes[0].rateLimit.allOf: [{\"limit\":\"1/s\"}]: expected a list of at least two limits, each with its own key",
        "routes[1].rateLimit.allOf[1].hierarchy: unknown key; known keys: algorithm, backend, key, limit,"
            + " maximumKeys",
        "routes[2].rateLimit.limit: unknown key; known keys: allOf");
  }
}
