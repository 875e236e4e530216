package dev.bulwark.examples.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.headers.ResponseHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Each seed file loads from the classpath and enforces its service's numbers, with exact counts on
 * a ManualTicker, driving the edge directly (SeedAHttpTest ... SeedEHttpTest check them over HTTP
 * through the demo on both adapters).
 */
class SeedFilesTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String seed, Map<String, String> environment) throws IOException {
    try (InputStream in = SeedFilesTest.class.getResourceAsStream("/seeds/seed-" + seed + ".yaml")) {
      String yaml = new String(Objects.requireNonNull(in, seed).readAllBytes(), StandardCharsets.UTF_8);
      return EdgeConfigLoader.builder().ticker(ticker).environment(environment::get).build().fromYaml(yaml);
    }
  }

  private static int status(EdgeExchange exchange, int handlerStatus) {
    EdgeRejection r = exchange.rejection();
    if (r != null) {
      return r.status();
    }
    exchange.complete(handlerStatus);
    return handlerStatus;
  }

  private static int status(EdgeExchange exchange) {
    return status(exchange, 200);
  }

  private static String body(EdgeExchange exchange) {
    return new String(Objects.requireNonNull(exchange.rejection()).body(), StandardCharsets.UTF_8);
  }

  private static String header(EdgeRejection r, String name) {
    for (ResponseHeader h : r.headers()) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  @Test
  void seedAOneUserFromTwoAddressesSharesSixtyAMinuteAndOneAddressAcrossUsers() throws IOException {
    Edge edge = load("a", Map.of()).edge();
    for (int i = 0; i < 60; i++) {
      String ip = i % 2 == 0 ? "192.0.2.1" : "192.0.2.2";
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/v1/status").principal("u").peer(ip)))).isEqualTo(200);
    }
    assertThat(status(edge.begin(SeedRequest.of("GET", "/api/v1/status").principal("u").peer("192.0.2.3"))))
        .isEqualTo(429);
    for (int i = 0; i < 60; i++) {
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/v1/status").principal("user" + i).peer("192.0.2.9"))))
          .isEqualTo(200);
    }
    assertThat(status(edge.begin(SeedRequest.of("GET", "/api/v1/status").principal("fresh").peer("192.0.2.9"))))
        .isEqualTo(429);
  }

  private static String allowOrigin(Edge edge, String origin) {
    EdgeExchange e = edge.begin(SeedRequest.of("GET", "/api/v1/status").header("Origin", origin));
    Map<String, String> headers = new java.util.HashMap<>();
    e.writeHeaders(new dev.bulwark.http.EdgeResponse() {
      @Override
      public void setHeader(String name, String value) {
        headers.put(name, value);
      }

      @Override
      public void addHeader(String name, String value) {
        headers.put(name, value);
      }

      @Override
      public boolean containsHeader(String name) {
        return headers.containsKey(name);
      }

      @Override
      public void removeHeader(String name) {
        headers.remove(name);
      }
    });
    e.complete(200);
    return headers.get("Access-Control-Allow-Origin");
  }

  @Test
  void seedATakesItsOriginFromTheEnvironment() throws IOException {
    Edge edge = load("a", Map.of("ALLOWED_ORIGINS", "https://rag.example.com")).edge();
    assertThat(allowOrigin(edge, "https://rag.example.com")).isEqualTo("https://rag.example.com");
    assertThat(allowOrigin(edge, "http://localhost:3000")).isNull();
    assertThat(allowOrigin(load("a", Map.of()).edge(), "http://localhost:3000")).isEqualTo("http://localhost:3000");
    EdgeExchange documents = edge.begin(SeedRequest.of("POST", "/api/v1/documents")
        .header("Content-Type", "image/png").contentLength(10));
    assertThat(status(documents)).isEqualTo(415);
  }

  @Test
  void seedBADifferentUserAgentFromTheSameAddressGetsItsOwnBucket() throws IOException {
    Edge edge = load("b", Map.of()).edge();
    for (int i = 0; i < 5; i++) {
      assertThat(status(edge.begin(SeedRequest.of("POST", "/api/auth/login").header("User-Agent", "A")))).isEqualTo(200);
    }
    assertThat(status(edge.begin(SeedRequest.of("POST", "/api/auth/login").header("User-Agent", "A")))).isEqualTo(429);
    assertThat(status(edge.begin(SeedRequest.of("POST", "/api/auth/login").header("User-Agent", "B")))).isEqualTo(200);
    // 5 in any 15 minutes: 14 minutes later A is still refused, after 15 it may log in again
    ticker.advance(Duration.ofMinutes(14));
    assertThat(status(edge.begin(SeedRequest.of("POST", "/api/auth/login").header("User-Agent", "A")))).isEqualTo(429);
    ticker.advance(Duration.ofMinutes(1));
    assertThat(status(edge.begin(SeedRequest.of("POST", "/api/auth/login").header("User-Agent", "A")))).isEqualTo(200);
  }

  @Test
  void seedCTheEleventhRapidRequestIsTheEnvelopeWithRetryAfter() throws IOException {
    Edge edge = load("c", Map.of()).edge();
    for (int i = 0; i < 10; i++) {
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/models").peer("127.0.0.1")
          .header("X-Forwarded-For", "198.51.100.7")))).isEqualTo(200);
    }
    EdgeExchange eleventh = edge.begin(SeedRequest.of("GET", "/api/models").peer("127.0.0.1")
        .header("X-Forwarded-For", "198.51.100.7"));
    EdgeRejection r = Objects.requireNonNull(eleventh.rejection());
    assertThat(r.status()).isEqualTo(429);
    assertThat(header(r, "Retry-After")).isEqualTo("1");
    assertThat(body(eleventh)).startsWith("{\"error\":{\"code\":429,\"message\":\"Too Many Requests\","
        + "\"details\":\"Rate limit exceeded; retry after 1 seconds.\",\"retry_after\":1,\"timestamp\":");
    // another client behind the same proxy has its own budget
    assertThat(status(edge.begin(SeedRequest.of("GET", "/api/models").peer("127.0.0.1")
        .header("X-Forwarded-For", "198.51.100.8")))).isEqualTo(200);
  }

  @Test
  void seedCReadsItsLimitsFromTheEnvironment() throws IOException {
    Edge edge = load("c", Map.of("RATE_LIMIT_BURST", "3")).edge();
    for (int i = 0; i < 3; i++) {
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/models")))).isEqualTo(200);
    }
    assertThat(status(edge.begin(SeedRequest.of("GET", "/api/models")))).isEqualTo(429);
    for (int i = 0; i < 20; i++) {
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/discover/search").peer("192.0.2.50")))).isEqualTo(200);
    }
    assertThat(status(edge.begin(SeedRequest.of("GET", "/api/discover/search").peer("192.0.2.50")))).isEqualTo(429);
  }

  @Test
  void seedDTheHundredAndFirstRequestInAWindowIsRefusedAndTheWindowResets() throws IOException {
    Edge edge = load("d", Map.of()).edge();
    for (int i = 0; i < 100; i++) {
      assertThat(status(edge.begin(SeedRequest.of("POST", "/api/v1/endpoints/chat")))).isEqualTo(200);
    }
    EdgeExchange refused = edge.begin(SeedRequest.of("POST", "/api/v1/endpoints/chat"));
    EdgeRejection r = Objects.requireNonNull(refused.rejection());
    assertThat(r.status()).isEqualTo(429);
    assertThat(header(r, "X-RateLimit-Limit")).isEqualTo("100");
    assertThat(header(r, "X-RateLimit-Remaining")).isEqualTo("0");
    ticker.advance(Duration.ofSeconds(60));
    assertThat(status(edge.begin(SeedRequest.of("POST", "/api/v1/endpoints/chat")))).isEqualTo(200);
  }

  @Test
  void seedEExactBodiesAndLimits() throws IOException {
    Edge edge = load("e", Map.of()).edge();
    for (int i = 0; i < 10; i++) {
      assertThat(status(edge.begin(SeedRequest.of("POST", "/api/fetch-kibana-data")))).isEqualTo(200);
    }
    EdgeExchange eleventh = edge.begin(SeedRequest.of("POST", "/api/fetch-kibana-data"));
    assertThat(Objects.requireNonNull(eleventh.rejection()).status()).isEqualTo(429);
    assertThat(body(eleventh)).isEqualTo(
        "{\"error\": \"Rate limit exceeded: 10 per 1 minute\", \"detail\": \"Too many requests\"}");

    for (int i = 0; i < 200; i++) {
      assertThat(status(edge.begin(SeedRequest.of("GET", "/api/status")))).isEqualTo(200);
    }
    EdgeExchange over = edge.begin(SeedRequest.of("GET", "/api/status"));
    assertThat(body(over)).isEqualTo(
        "{\"error\": \"Rate limit exceeded: 200 per 1 minute\", \"detail\": \"Too many requests\"}");

    // five upstream failures open the breaker; the sixth request gets the exact 503 at once
    for (int i = 0; i < 5; i++) {
      assertThat(status(edge.begin(SeedRequest.of("POST", "/api/refresh").peer("192.0.2.77")), 500)).isEqualTo(500);
    }
    EdgeExchange open = edge.begin(SeedRequest.of("POST", "/api/refresh").peer("192.0.2.77"));
    assertThat(Objects.requireNonNull(open.rejection()).status()).isEqualTo(503);
    assertThat(body(open)).isEqualTo(
        "{\"detail\": \"Service temporarily unavailable due to circuit breaker\", \"status_code\": 503}");
  }
}
