package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.body;
import static dev.bulwark.config.Exchanges.headers;
import static dev.bulwark.config.Exchanges.rejection;
import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.RateLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loads complete.yaml and its JSON twin, which use every section of the format, and asserts the
 * edge's behaviour request by request on a manual clock.
 */
class CompleteConfigTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String file) throws Exception {
    return EdgeConfigLoader.builder()
        .ticker(ticker)
        .sleeper(ticker.sleeper())
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
        .build()
        .load(resource(file));
  }

  static Path resource(String file) throws Exception {
    return Path.of(CompleteConfigTest.class.getResource(file).toURI());
  }

  @Test
  void theYamlAndJsonTwinsHoldTheSameDocument() throws Exception {
    assertThat(new YAMLMapper().readTree(Files.readString(resource("complete.yaml"))))
        .isEqualTo(new ObjectMapper().readTree(Files.readString(resource("complete.json"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void routesAreInDocumentOrderWithTheNamedDefaultRoute(String file) throws Exception {
    assertThat(load(file).edge()).hasToString("Edge[Route[search GET /api/search],"
        + " Route[keyed * /api/keyed], Route[upload POST /api/upload], Route[stream * /api/stream],"
        + " Route[upstream * /api/upstream/**], Route[page GET /], default=Route[fallback * /**],"
        + " ENVELOPE]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void searchIsLimitedPerClientByItsHierarchyOverride(String file) throws Exception {
    Edge edge = load(file).edge();
    for (int i = 0; i < 2; i++) {
      assertThat(status(edge.begin(FakeRequest.get("/api/search?q=a")))).isEqualTo(200);
    }
    EdgeExchange third = edge.begin(FakeRequest.get("/api/search?q=a"));
    assertThat(headers(third)).containsExactly(
        "X-Frame-Options: DENY",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        "Cache-Control: no-store",
        "Cross-Origin-Resource-Policy: same-origin",
        "Vary: Origin",
        "RateLimit-Policy: \"search\";q=3;w=60",
        "RateLimit: \"search\";r=0;t=60",
        "X-RateLimit-Limit: 3",
        "X-RateLimit-Remaining: 0",
        "X-RateLimit-Reset: 60");
    third.complete(200);
    ticker.advance(Duration.ofSeconds(5));

    EdgeRejection refused = rejection(edge.begin(FakeRequest.get("/api/search?q=a")));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(headers(refused)).contains(
        "Retry-After: 15",
        "RateLimit-Policy: \"search\";q=3;w=60",
        "RateLimit: \"search\";r=0;t=15",
        "X-RateLimit-Limit: 3",
        "X-RateLimit-Remaining: 0",
        "X-RateLimit-Reset: 15");
    assertThat(refused.contentType()).isEqualTo("application/json");
    assertThat(body(refused)).isEqualTo("{\"error\":{\"code\":429,\"message\":\"Too Many Requests\","
        + "\"details\":\"Rate limit exceeded; retry after 15 seconds.\",\"retry_after\":15,"
        + "\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void onlyTheTrustedProxyMayNameTheClient(String file) throws Exception {
    Edge edge = load(file).edge();
    for (int i = 0; i < 3; i++) {
      assertThat(status(edge.begin(FakeRequest.get("/api/search")))).isEqualTo(200);
    }
    FakeRequest spoofed = FakeRequest.get("/api/search").header("X-Forwarded-For", "198.51.100.9");
    assertThat(status(edge.begin(spoofed))).isEqualTo(429);

    FakeRequest forwarded = FakeRequest.get("/api/search")
        .peer("10.0.0.1")
        .header("X-Forwarded-For", "198.51.100.9");
    assertThat(status(edge.begin(forwarded))).isEqualTo(200);
    FakeRequest forwardedForTheFirst = FakeRequest.get("/api/search")
        .peer("10.0.0.1")
        .header("X-Forwarded-For", "203.0.113.7");
    assertThat(status(edge.begin(forwardedForTheFirst))).isEqualTo(429);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void searchQueriesAreValidated(String file) throws Exception {
    Edge edge = load(file).edge();

    EdgeRejection injection =
        rejection(edge.begin(FakeRequest.get("/api/search?q=1%27+OR+1%3D1+--").peer("192.0.2.1")));
    EdgeRejection tooLong =
        rejection(edge.begin(FakeRequest.get("/api/search?q=" + "a".repeat(21)).peer("192.0.2.2")));

    assertThat(injection.status()).isEqualTo(400);
    assertThat(injection.violations()).extracting(v -> v.code().name()).containsExactly("SQL_INJECTION");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.violations()).extracting(v -> v.code().name()).containsExactly("TOO_LONG");
    assertThat(status(edge.begin(FakeRequest.get("/api/search?q=" + "a".repeat(20)).peer("192.0.2.3"))))
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void keyedRouteCountsPerApiKeyUnderBothLimits(String file) throws Exception {
    LoadedConfig config = load(file);
    Edge edge = config.edge();
    FakeRequest k1 = FakeRequest.get("/api/keyed").header("X-Api-Key", "k1");
    assertThat(status(edge.begin(k1))).isEqualTo(200);
    assertThat(status(edge.begin(k1))).isEqualTo(200);
    EdgeRejection third = rejection(edge.begin(k1));
    assertThat(third.status()).isEqualTo(429);
    assertThat(headers(third)).contains("RateLimit-Policy: \"keyed-60s\";q=2;w=60, \"keyed-3600s\";q=5;w=3600");
    assertThat(status(edge.begin(FakeRequest.get("/api/keyed").header("X-Api-Key", "k2")))).isEqualTo(200);
    // A token bucket would admit one more after 30 s; the sliding-window log waits for the minute.
    ticker.advance(Duration.ofSeconds(30));
    assertThat(status(edge.begin(k1))).isEqualTo(429);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(status(edge.begin(k1))).isEqualTo(200);

    assertThat(config.rateLimiter("keyed")).hasValueSatisfying(limiter -> {
      assertThat(limiter.name()).isEqualTo("keyed");
      assertThat(limiter.limits()).containsExactly(
          RateLimit.of(2, Duration.ofMinutes(1)), RateLimit.of(5, Duration.ofHours(1)));
    });
    assertThat(config.rateLimiter("search")).isEmpty();
    assertThat(config.hierarchicalLimiter("api")).hasValueSatisfying(
        h -> assertThat(h.name()).isEqualTo("api"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void uploadsAreCheckedForSizeTypeHeadersAndBody(String file) throws Exception {
    Edge edge = load(file).edge();

    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/upload").body("application/json", 1025))))
        .isEqualTo(413);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/upload").body("application/xml", 10))))
        .isEqualTo(415);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/upload")
        .body("text/plain; charset=latin1", 10)))).isEqualTo(415);
    assertThat(status(edge.begin(FakeRequest.of("POST", "/api/upload").body("text/plain", 10)
        .header("X-Note", "n".repeat(201))))).isEqualTo(400);

    EdgeExchange ok = edge.begin(FakeRequest.of("POST", "/api/upload").body("text/plain; charset=utf-8", 1024));
    assertThat(ok.admitted()).isTrue();
    assertThat(ok.wantsBody()).isTrue();
    EdgeRejection script = ok.checkBody("<script>alert(1)</script>");
    assertThat(script).isNotNull();
    assertThat(script.status()).isEqualTo(400);
    assertThat(script.violations()).extracting(v -> v.code().name()).containsExactly("XSS");

    EdgeExchange plain = edge.begin(FakeRequest.of("POST", "/api/upload").body("application/json", 2));
    assertThat(plain.checkBody("{}")).isNull();
    plain.complete(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void streamBoundsRequestsInFlightPerClientAndInTotal(String file) throws Exception {
    Edge edge = load(file).edge();
    EdgeExchange a = edge.begin(FakeRequest.get("/api/stream").peer("192.0.2.1"));
    assertThat(a.admitted()).isTrue();

    EdgeRejection secondOfA = rejection(edge.begin(FakeRequest.get("/api/stream").peer("192.0.2.1")));
    assertThat(secondOfA.status()).isEqualTo(503);
    assertThat(secondOfA.retryAfterSeconds()).isEqualTo(1);
    EdgeExchange b = edge.begin(FakeRequest.get("/api/stream").peer("192.0.2.2"));
    assertThat(b.admitted()).isTrue();
    assertThat(status(edge.begin(FakeRequest.get("/api/stream").peer("192.0.2.3")))).isEqualTo(503);

    a.complete(200);
    assertThat(status(edge.begin(FakeRequest.get("/api/stream").peer("192.0.2.3")))).isEqualTo(200);
    b.complete(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void upstreamBreakerOpensAtHalfOfFourCallsFailing(String file) throws Exception {
    LoadedConfig config = load(file);
    Edge edge = config.edge();
    int[] outcomes = {200, 500, 200, 500};
    for (int outcome : outcomes) {
      EdgeExchange x = edge.begin(FakeRequest.get("/api/upstream/items"));
      assertThat(x.admitted()).isTrue();
      x.complete(outcome);
    }
    assertThat(config.routeCircuitBreaker("upstream")).hasValueSatisfying(
        b -> assertThat(b.state()).isEqualTo(CircuitState.OPEN));

    EdgeRejection open = rejection(edge.begin(FakeRequest.get("/api/upstream/items")));
    assertThat(open.status()).isEqualTo(503);
    assertThat(open.retryAfterSeconds()).isEqualTo(30);

    ticker.advance(Duration.ofSeconds(30));
    EdgeExchange trial = edge.begin(FakeRequest.get("/api/upstream/items"));
    assertThat(trial.admitted()).isTrue();
    assertThat(status(edge.begin(FakeRequest.get("/api/upstream/items")))).isEqualTo(503);
    trial.complete(200);
    assertThat(status(edge.begin(FakeRequest.get("/api/upstream/items")))).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void thePageHasTheStrictProfileWithItsChangesAndANonce(String file) throws Exception {
    Edge edge = load(file).edge();
    EdgeExchange page = edge.begin(FakeRequest.get("/").header("Origin", "https://app.example.com"));

    String nonce = page.cspNonce();
    assertThat(nonce).hasSize(24);
    assertThat(headers(page)).containsExactly(
        "X-Frame-Options: DENY",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Cross-Origin-Opener-Policy: same-origin",
        "Cross-Origin-Resource-Policy: same-origin",
        "X-XSS-Protection: 0",
        "X-Permitted-Cross-Domain-Policies: none",
        "Origin-Agent-Cluster: ?1",
        "Permissions-Policy: " + dev.bulwark.headers.SecurityHeaders.DENY_ALL_PERMISSIONS,
        "Cross-Origin-Embedder-Policy: require-corp",
        // The nonce-carrying CSP comes after the route's constant headers (written as one list).
        "Content-Security-Policy: default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; base-uri 'self';"
            + " frame-ancestors 'none'; form-action 'self'",
        "RateLimit-Policy: \"client\";q=100;w=60",
        "RateLimit: \"client\";r=99;t=1",
        "X-RateLimit-Limit: 100",
        "X-RateLimit-Remaining: 99",
        "X-RateLimit-Reset: 1");
    page.complete(200);
    assertThat(edge.begin(FakeRequest.get("/")).cspNonce()).isNotEqualTo(nonce);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void corsAnswersPreflightsAndRefusesOtherOrigins(String file) throws Exception {
    Edge edge = load(file).edge();

    EdgeRejection preflight = rejection(edge.begin(FakeRequest.of("OPTIONS", "/api/search")
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "x-api-key")));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(headers(preflight)).containsExactly(
        "X-Frame-Options: DENY",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        "Cache-Control: no-store",
        "Cross-Origin-Resource-Policy: same-origin",
        "Access-Control-Allow-Origin: https://app.example.com",
        "Access-Control-Allow-Credentials: true",
        "Access-Control-Allow-Methods: GET, POST",
        "Access-Control-Allow-Headers: Content-Type, X-Api-Key",
        "Access-Control-Max-Age: 3600",
        "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers");

    EdgeExchange allowed = edge.begin(FakeRequest.get("/api/search").header("Origin", "https://app.example.com"));
    assertThat(headers(allowed)).contains(
        "Access-Control-Allow-Origin: https://app.example.com",
        "Access-Control-Allow-Credentials: true",
        "Access-Control-Expose-Headers: RateLimit");
    allowed.complete(200);
    assertThat(status(edge.begin(FakeRequest.get("/api/search").header("Origin", "https://evil.example"))))
        .isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void unmatchedRequestsGoToTheNamedDefaultRouteUnderTheHierarchy(String file) throws Exception {
    Edge edge = load(file).edge();
    EdgeExchange x = edge.begin(FakeRequest.of("DELETE", "/elsewhere"));
    assertThat(x.routeName()).isEqualTo("fallback");
    assertThat(headers(x)).contains("RateLimit-Policy: \"client\";q=100;w=60");
    x.complete(204);
    assertThat(edge.begin(FakeRequest.of("POST", "/api/search")).routeName()).isEqualTo("fallback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"complete.yaml", "complete.json"})
  void outboundPoliciesAreBuiltFromTheEntry(String file) throws Exception {
    LoadedConfig config = load(file);

    assertThat(config.outboundNames()).containsExactly("llm");
    assertThat(config.timeout("llm").timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retry("llm").maxAttempts()).isEqualTo(3);
    assertThat(config.retry("llm").maxDuration()).contains(Duration.ofMinutes(1));
    assertThat(config.retry("llm").budget()).isPresent();
    assertThat(config.circuitBreaker("llm").config()).hasToString("CircuitBreakerConfig["
        + "consecutiveFailures=5, open=PT30S, maxHalfOpenCalls=5, successThreshold=2]");
    assertThat(config.pipeline("llm").policies()).containsExactly(
        config.timeout("llm"), config.retry("llm"), config.circuitBreaker("llm"));
    assertThat(config.retry("llm")).isSameAs(config.retry("llm"));
    assertThat(List.of(0, 1, 2)).extracting(n -> config.retry("llm").backoff().baseDelayNanos(n))
        .containsExactly(100_000_000L, 200_000_000L, 400_000_000L);
  }
}
