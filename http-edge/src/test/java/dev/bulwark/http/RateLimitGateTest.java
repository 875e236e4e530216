package dev.bulwark.http;

import static dev.bulwark.http.Responses.body;
import static dev.bulwark.http.Responses.bodyText;
import static dev.bulwark.http.Responses.headers;
import static dev.bulwark.http.Responses.json;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {

  private final ManualTicker ticker = new ManualTicker();

  private EdgeBuilder edge() {
    return Edge.builder()
        .ticker(ticker)
        .securityHeaders(SecurityHeaders.api())
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00.750Z"), ZoneOffset.UTC));
  }

  private static Route search(String spec) {
    return Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of(spec)).build();
  }

  @Test
  void admittedResponsesCarryTheRateLimitFields() {
    Edge edge = edge().route(search("2/minute")).build();

    EdgeExchange first = edge.begin(FakeRequest.get("/api/search"));
    RecordingResponse response = new RecordingResponse();
    first.writeHeaders(response);
    assertThat(response.get("RateLimit-Policy")).isEqualTo("\"search\";q=2;w=60");
    assertThat(response.get("RateLimit")).isEqualTo("\"search\";r=1;t=30");
    assertThat(response.containsHeader("X-RateLimit-Limit")).isFalse();

    EdgeExchange second = edge.begin(FakeRequest.get("/api/search"));
    RecordingResponse response2 = new RecordingResponse();
    second.writeHeaders(response2);
    assertThat(response2.get("RateLimit")).isEqualTo("\"search\";r=0;t=60");
  }

  @Test
  void refusedRequestGets429WithExactHeadersAndProblemBody() {
    Edge edge = edge().route(search("2/minute")).build();
    edge.begin(FakeRequest.get("/api/search")).complete(200);
    ticker.advance(Duration.ofSeconds(10));
    edge.begin(FakeRequest.get("/api/search")).complete(200);

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search?q=1")));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.gate()).isEqualTo(EdgeGate.RATE_LIMIT);
    assertThat(r.retryAfterSeconds()).isEqualTo(20);
    assertThat(headers(r)).containsExactly(
        "X-Frame-Options: DENY",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        "Cache-Control: no-store",
        "Cross-Origin-Resource-Policy: same-origin",
        "Retry-After: 20",
        "RateLimit-Policy: \"search\";q=2;w=60",
        "RateLimit: \"search\";r=0;t=20");
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(body(r)).isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\","
        + "\"status\":429,\"detail\":\"Rate limit exceeded; retry after 20 seconds.\","
        + "\"instance\":\"/api/search\",\"retryAfter\":20}"));
  }

  @Test
  void retryAfterIsRoundedUpAndAtLeastOneSecond() {
    Edge edge = edge().route(search("1/minute")).build();
    edge.begin(FakeRequest.get("/api/search"));
    ticker.advance(Duration.ofMillis(59_999));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search")));
    assertThat(Responses.header(r, "Retry-After")).isEqualTo("1");
    assertThat(Responses.header(r, "RateLimit")).isEqualTo("\"search\";r=0;t=1");

    ticker.advance(Duration.ofMillis(1));
    assertThat(edge.begin(FakeRequest.get("/api/search")).admitted()).isTrue();
  }

  @Test
  void envelopeFormatIsReproducedExactly() {
    Edge edge = edge().errorFormat(ErrorFormat.ENVELOPE).route(search("1/minute")).build();
    edge.begin(FakeRequest.get("/api/search"));

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search")));

    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(bodyText(r)).isEqualTo("{\"error\":{\"code\":429,\"message\":\"Too Many Requests\","
        + "\"details\":\"Rate limit exceeded; retry after 60 seconds.\",\"retry_after\":60,"
        + "\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
  }

  @Test
  void legacyFieldsRepeatTheDraftValues() {
    Edge edge = edge().legacyRateLimitHeaders(true).route(search("3/minute")).build();

    RecordingResponse response = new RecordingResponse();
    edge.begin(FakeRequest.get("/api/search")).writeHeaders(response);
    assertThat(response.get("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(response.get("X-RateLimit-Remaining")).isEqualTo("2");
    assertThat(response.get("X-RateLimit-Reset")).isEqualTo("20");

    edge.begin(FakeRequest.get("/api/search"));
    edge.begin(FakeRequest.get("/api/search"));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search")));
    assertThat(headers(r)).endsWith(
        "Retry-After: 20",
        "RateLimit-Policy: \"search\";q=3;w=60",
        "RateLimit: \"search\";r=0;t=20",
        "X-RateLimit-Limit: 3",
        "X-RateLimit-Remaining: 0",
        "X-RateLimit-Reset: 20");
  }

  @Test
  void multipleLimitsAreListedAndTheDecidingOneReported() {
    Edge edge = edge().route(search("2/second; 3/minute")).build();

    RecordingResponse response = new RecordingResponse();
    edge.begin(FakeRequest.get("/api/search")).writeHeaders(response);
    assertThat(response.get("RateLimit-Policy"))
        .isEqualTo("\"search-1s\";q=2;w=1, \"search-60s\";q=3;w=60");
    assertThat(response.get("RateLimit")).isEqualTo("\"search-1s\";r=1;t=1");

    ticker.advance(Duration.ofSeconds(1));
    edge.begin(FakeRequest.get("/api/search"));
    ticker.advance(Duration.ofSeconds(1));
    edge.begin(FakeRequest.get("/api/search"));
    ticker.advance(Duration.ofSeconds(1));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search")));
    assertThat(Responses.header(r, "RateLimit")).isEqualTo("\"search-60s\";r=0;t=" + r.retryAfterSeconds());
    assertThat(r.retryAfterSeconds()).isEqualTo(17);
  }

  @Test
  void limitsArePerClientIp() {
    Edge edge = edge().route(search("1/minute")).build();
    assertThat(edge.begin(FakeRequest.get("/api/search").peer("10.0.0.1")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/search").peer("10.0.0.1")).admitted()).isFalse();
    assertThat(edge.begin(FakeRequest.get("/api/search").peer("10.0.0.2")).admitted()).isTrue();
  }

  @Test
  void hierarchicalLimiterReportsTheDecidingLevel() {
    HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
        .global(RateLimit.perMinute(3))
        .perClient(RateLimit.perMinute(2))
        .route("chat", RateLimit.perMinute(1))
        .ticker(ticker)
        .build();
    Edge edge = edge()
        .route(Route.builder("/chat").name("chat").rateLimit(RateLimitGate.of(limiter)).build())
        .route(Route.builder("/search").name("search").rateLimit(RateLimitGate.of(limiter)).build())
        .build();

    RecordingResponse chat = new RecordingResponse();
    edge.begin(FakeRequest.get("/chat")).writeHeaders(chat);
    assertThat(chat.get("RateLimit-Policy")).isEqualTo("\"chat\";q=1;w=60");
    assertThat(chat.get("RateLimit")).isEqualTo("\"chat\";r=0;t=60");
    EdgeRejection refused = rejection(edge.begin(FakeRequest.get("/chat")));
    assertThat(Responses.header(refused, "RateLimit")).isEqualTo("\"chat\";r=0;t=60");

    RecordingResponse search = new RecordingResponse();
    edge.begin(FakeRequest.get("/search")).writeHeaders(search);
    assertThat(search.get("RateLimit-Policy")).isEqualTo("\"client\";q=2;w=60");
    assertThat(search.get("RateLimit")).isEqualTo("\"client\";r=1;t=30");

    RecordingResponse other = new RecordingResponse();
    edge.begin(FakeRequest.get("/search").peer("10.9.9.9")).writeHeaders(other);
    assertThat(other.get("RateLimit-Policy")).isEqualTo("\"global\";q=3;w=60");
    assertThat(other.get("RateLimit")).isEqualTo("\"global\";r=0;t=60");
    EdgeRejection global = rejection(edge.begin(FakeRequest.get("/search").peer("10.8.8.8")));
    assertThat(Responses.header(global, "RateLimit-Policy")).isEqualTo("\"global\";q=3;w=60");
  }
}
