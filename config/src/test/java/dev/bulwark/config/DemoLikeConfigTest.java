package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.body;
import static dev.bulwark.config.Exchanges.headers;
import static dev.bulwark.config.Exchanges.rejection;
import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo gateway's policy set (issue 10) loads from demo-like.yaml and behaves as specified. */
class DemoLikeConfigTest {

  private final ManualTicker ticker = new ManualTicker();
  private final LoadedConfig config = load(EdgeConfigLoader.builder().ticker(ticker).sleeper(ticker.sleeper()));
  private final Edge edge = config.edge();

  private static LoadedConfig load(EdgeConfigLoader.Builder loader) {
    try {
      return loader.build().load(CompleteConfigTest.resource("demo-like.yaml"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyRouteIsThereInOrder() {
    assertThat(edge).hasToString("Edge[Route[search GET /api/search], Route[chat POST /api/chat],"
        + " Route[login POST /api/auth/login], Route[documents POST /api/documents],"
        + " Route[fetch GET /api/fetch], Route[stream GET /api/stream], Route[state GET /api/state],"
        + " Route[admin POST /admin/upstream], Route[health GET /health], Route[metrics GET /metrics],"
        + " Route[dashboard GET /], default=Route[default * /**], PROBLEM_JSON]");
  }

  @Test
  void the31stSearchWithinAMinuteGets429AndSpoofingDoesNotResetIt() {
    for (int i = 0; i < 30; i++) {
      assertThat(status(edge.begin(FakeRequest.get("/api/search?q=shoes")))).isEqualTo(200);
    }
    EdgeRejection refused = rejection(edge.begin(
        FakeRequest.get("/api/search?q=shoes").header("X-Forwarded-For", "198.51.100." + 1)));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(headers(refused)).contains(
        "Retry-After: 2", "RateLimit-Policy: \"search\";q=30;w=60", "RateLimit: \"search\";r=0;t=2");
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void injectionInTheQueryIs400NamingTheViolation() {
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r)).contains("\"violations\":[{\"code\":\"XSS\"");
  }

  @Test
  void aRouteWithoutItsOwnLimitHas100PerMinutePerClient() {
    for (int i = 0; i < 100; i++) {
      assertThat(status(edge.begin(FakeRequest.get("/api/fetch?url=https://example.com")))).isEqualTo(200);
    }
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/health")));
    assertThat(r.status()).isEqualTo(429);
    assertThat(headers(r)).contains("RateLimit-Policy: \"client\";q=100;w=60");
    assertThat(status(edge.begin(FakeRequest.get("/health").peer("192.0.2.1")))).isEqualTo(200);
  }

  @Test
  void everyRouteCountsAgainst1000PerMinuteInTotal() {
    for (int client = 0; client < 10; client++) {
      for (int i = 0; i < 100; i++) {
        assertThat(status(edge.begin(FakeRequest.get("/unknown").peer("192.0.2." + client)))).isEqualTo(200);
      }
    }
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search").peer("198.51.100.1")));

    assertThat(r.status()).isEqualTo(429);
    assertThat(headers(r)).contains("RateLimit-Policy: \"global\";q=1000;w=60");
  }

  @Test
  void chatTakesJsonBodiesOfAtMostOneMebibyte() {
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/chat").body("text/plain", 10)))).isEqualTo(415);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/chat").body("application/json", 1_048_577))))
        .isEqualTo(413);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/chat").body("application/json", 1_048_576))))
        .isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/api/chat")))).isEqualTo(200);
    assertThat(edge.begin(FakeRequest.get("/api/chat").peer("192.0.2.9")).routeName()).isEqualTo("default");
  }

  @Test
  void loginAllowsFivePerFifteenMinutes() {
    for (int i = 0; i < 5; i++) {
      assertThat(status(edge.begin(FakeRequest.of("POST", "/api/auth/login")))).isEqualTo(200);
    }
    EdgeRejection r = rejection(edge.begin(FakeRequest.of("POST", "/api/auth/login")));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.retryAfterSeconds()).isEqualTo(180);
  }

  @Test
  void documentsTakeTenMebibytesOfThreeTypesFivePerMinute() {
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/documents").body("application/pdf", 10_485_761))))
        .isEqualTo(413);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/documents").body("image/png", 10)))).isEqualTo(415);
    for (String type : List.of("application/pdf", "text/plain", "application/json")) {
      assertThat(status(edge.begin(FakeRequest.of("POST", "/api/documents").body(type, 10_485_760))))
          .isEqualTo(200);
    }
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/documents").body("text/plain", 1)))).isEqualTo(429);
  }

  @Test
  void streamsAreBoundedToFiveInFlightPerClient() {
    List<EdgeExchange> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      EdgeExchange x = edge.begin(FakeRequest.get("/api/stream?ms=2000"));
      assertThat(x.admitted()).isTrue();
      held.add(x);
    }
    EdgeRejection sixth = rejection(edge.begin(FakeRequest.get("/api/stream?ms=2000")));
    assertThat(sixth.status()).isEqualTo(503);
    assertThat(sixth.retryAfterSeconds()).isEqualTo(1);
    assertThat(status(edge.begin(FakeRequest.get("/api/stream?ms=2000").peer("192.0.2.1")))).isEqualTo(200);
    held.forEach(x -> x.complete(200));
    assertThat(config.concurrencyLimiter("stream")).isPresent();
  }

  @Test
  void theDashboardGetsTheStrictProfileWithANonceAndTheApiTheApiProfile() {
    EdgeExchange page = edge.begin(FakeRequest.get("/"));
    String nonce = page.cspNonce();

    assertThat(headers(page)).contains("Content-Security-Policy: default-src 'self'; object-src 'none';"
        + " script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; base-uri 'self';"
        + " frame-ancestors 'none'; form-action 'self'");
    EdgeExchange api = edge.begin(FakeRequest.get("/api/state"));
    assertThat(api.cspNonce()).isNull();
    assertThat(headers(api)).contains(
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'", "Cache-Control: no-store");
  }

  @Test
  void corsAllowsTheDashboardOriginWithCredentials() {
    EdgeRejection preflight = rejection(edge.begin(FakeRequest.of("OPTIONS", "/api/chat")
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")));

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(headers(preflight)).contains(
        "Access-Control-Allow-Origin: http://localhost:3000",
        "Access-Control-Allow-Credentials: true",
        "Access-Control-Max-Age: 3600");
  }

  @Test
  void trustedProxiesFromTheCommandLineReplaceTheFilesPeerResolution() {
    LoadedConfig behindProxy = load(EdgeConfigLoader.builder()
        .ticker(ticker)
        .clientIpResolver(ClientIpResolver.trustedProxies("10.0.0.0/8")));
    Edge proxied = behindProxy.edge();
    for (int i = 0; i < 30; i++) {
      assertThat(status(proxied.begin(FakeRequest.get("/api/search")
          .peer("10.0.0.1").header("X-Forwarded-For", "198.51.100.7")))).isEqualTo(200);
    }
    assertThat(status(proxied.begin(FakeRequest.get("/api/search")
        .peer("10.0.0.1").header("X-Forwarded-For", "198.51.100.7")))).isEqualTo(429);
    assertThat(status(proxied.begin(FakeRequest.get("/api/search")
        .peer("10.0.0.1").header("X-Forwarded-For", "198.51.100.8")))).isEqualTo(200);
  }

  @Test
  void theLlmPipelineIsTimeoutRetryBreakerWithTheIssuesSettings() throws Exception {
    assertThat(config.pipeline("llm").policies()).containsExactly(
        config.timeout("llm"), config.retry("llm"), config.circuitBreaker("llm"));
    assertThat(config.timeout("llm").timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.circuitBreaker("llm").config()).hasToString("CircuitBreakerConfig["
        + "consecutiveFailures=5, open=PT30S, maxHalfOpenCalls=5, successThreshold=2]");

    Retry retry = config.retryBuilder("llm").random(() -> 0.5).build();
    int[] calls = {0};
    assertThatThrownBy(() -> retry.call(() -> {
      calls[0]++;
      throw new IOException("upstream down");
    })).isInstanceOf(IOException.class);

    assertThat(calls[0]).isEqualTo(3);
    assertThat(ticker.sleeps()).containsExactly(100_000_000L, 200_000_000L);
  }

  @Test
  void theLlmBreakerOpensOnTheFifthConsecutiveFailure() {
    var breaker = config.circuitBreaker("llm");
    for (int i = 0; i < 5; i++) {
      breaker.onError(breaker.acquirePermission(), 0, new IOException("down"));
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.remainingOpenNanos()).isEqualTo(30_000_000_000L);
  }
}
