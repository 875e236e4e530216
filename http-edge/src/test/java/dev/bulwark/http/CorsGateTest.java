package dev.bulwark.http;

import static dev.bulwark.http.Responses.body;
import static dev.bulwark.http.Responses.headers;
import static dev.bulwark.http.Responses.json;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsGateTest {

  private static final String APP = "https://app.example.com";
  private static final List<String> API_HEADERS = List.of(
      "X-Frame-Options: DENY",
      "X-Content-Type-Options: nosniff",
      "Referrer-Policy: no-referrer",
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
      "Cache-Control: no-store",
      "Cross-Origin-Resource-Policy: same-origin");

  private final CorsPolicy cors = CorsPolicy.builder()
      .allowOrigins(APP)
      .allowMethods("GET", "POST")
      .allowHeaders("Content-Type")
      .maxAge(Duration.ofHours(1))
      .build();

  private Edge edge(boolean reject) {
    RouteBuilder route = Route.builder("/api/search").name("search").methods("GET", "POST")
        .cors(reject ? CorsGate.of(cors).rejectDisallowedOrigins() : CorsGate.of(cors))
        .rateLimit(RateLimitGate.of("1/minute"));
    return Edge.builder()
        .ticker(new ManualTicker())
        .securityHeaders(SecurityHeaders.api())
        .route(route.build())
        .route(Route.builder("/plain").methods("GET").build())
        .build();
  }

  private static FakeRequest preflight(String origin, String method) {
    return FakeRequest.of("OPTIONS", "/api/search")
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method);
  }

  @Test
  void allowedPreflightIsAnswered204WithoutSpendingTheRateLimit() {
    Edge edge = edge(false);

    EdgeRejection r = rejection(edge.begin(
        preflight(APP, "POST").header("Access-Control-Request-Headers", "content-type")));

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.gate()).isEqualTo(EdgeGate.CORS);
    assertThat(r.contentType()).isNull();
    assertThat(r.bodyLength()).isZero();
    assertThat(headers(r)).startsWith(API_HEADERS.toArray(new String[0]));
    assertThat(headers(r).subList(API_HEADERS.size(), headers(r).size())).containsExactly(
        "Access-Control-Allow-Origin: https://app.example.com",
        "Access-Control-Allow-Methods: GET, POST",
        "Access-Control-Allow-Headers: Content-Type",
        "Access-Control-Max-Age: 3600",
        "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers");

    assertThat(edge.begin(FakeRequest.get("/api/search")).admitted()).isTrue();
  }

  @Test
  void refusedPreflightIs403WithAProblemBody() {
    EdgeRejection r = rejection(edge(false).begin(preflight("https://evil.example", "GET")));

    assertThat(r.status()).isEqualTo(403);
    assertThat(headers(r)).endsWith(
        "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    assertThat(headers(r)).noneMatch(h -> h.startsWith("Access-Control-Allow"));
    assertThat(body(r)).isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Forbidden\","
        + "\"status\":403,\"detail\":\"CORS preflight refused: the origin is not allowed\","
        + "\"instance\":\"/api/search\"}"));
  }

  @Test
  void preflightForAMethodTheRouteDoesNotAllowIsRefused() {
    EdgeRejection r = rejection(edge(false).begin(preflight(APP, "DELETE")));
    assertThat(r.status()).isEqualTo(403);
    assertThat(body(r).get("detail").asText())
        .isEqualTo("CORS preflight refused: the method is not allowed: \"DELETE\"");
  }

  @Test
  void preflightOnARouteWithoutCorsIsAnOrdinaryOptionsRequest() {
    EdgeExchange exchange = edge(false).begin(FakeRequest.of("OPTIONS", "/plain")
        .header("Origin", APP).header("Access-Control-Request-Method", "GET"));
    assertThat(exchange.admitted()).isTrue();
    assertThat(exchange.routeName()).isEqualTo("default");
  }

  @Test
  void allowedActualRequestGetsCorsHeadersAndVaryIsAdded() {
    EdgeExchange exchange = edge(false).begin(FakeRequest.get("/api/search").header("Origin", APP));
    RecordingResponse response = new RecordingResponse();
    response.addHeader("Vary", "Accept-Encoding");

    exchange.writeHeaders(response);

    assertThat(response.get("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(response.all("Vary")).containsExactly("Accept-Encoding", "Origin");
  }

  @Test
  void disallowedOriginOnlyLosesTheCorsHeadersByDefault() {
    EdgeExchange exchange =
        edge(false).begin(FakeRequest.get("/api/search").header("Origin", "https://evil.example"));
    assertThat(exchange.admitted()).isTrue();
    RecordingResponse response = new RecordingResponse();
    exchange.writeHeaders(response);
    assertThat(response.containsHeader("Access-Control-Allow-Origin")).isFalse();
    assertThat(response.all("Vary")).containsExactly("Origin");
  }

  @Test
  void disallowedOriginIsRefusedWhenTheRouteSaysSo() {
    Edge edge = edge(true);

    EdgeRejection r = rejection(edge.begin(
        FakeRequest.get("/api/search").header("Origin", "https://evil.example")));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.gate()).isEqualTo(EdgeGate.CORS);
    assertThat(headers(r)).endsWith("Vary: Origin");
    assertThat(headers(r)).noneMatch(h -> h.startsWith("RateLimit"));
    assertThat(body(r).get("detail").asText())
        .isEqualTo("CORS request refused: the origin is not allowed.");
    // The refusal came before the rate limit: the one permit is still there.
    assertThat(edge.begin(FakeRequest.get("/api/search").header("Origin", APP)).admitted()).isTrue();
  }

  @Test
  void requestsWithoutOriginOrFromTheirOwnOriginPassTheRejectingRoute() {
    assertThat(edge(true).begin(FakeRequest.get("/api/search")).admitted()).isTrue();
    assertThat(edge(true).begin(FakeRequest.of("POST", "/api/search")
        .overTls().header("Host", "api.example.com").header("Origin", "https://api.example.com"))
        .admitted()).isTrue();
    assertThat(edge(true).begin(FakeRequest.of("POST", "/api/search")
        .header("Host", "api.example.com").header("Origin", "https://api.example.com"))
        .admitted()).isFalse();
  }
}
