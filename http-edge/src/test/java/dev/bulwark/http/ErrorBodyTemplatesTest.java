package dev.bulwark.http;

import static dev.bulwark.http.Responses.bodyText;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Seed E's exact bodies through templates, and application errors rendered by the route's writer. */
class ErrorBodyTemplatesTest {

  private static final String E_429 = "{\"error\": \"Rate limit exceeded: {{limit}}\", \"detail\": \"Too many requests\"}";
  private static final String E_503 =
      "{\"detail\": \"Service temporarily unavailable due to circuit breaker\", \"status_code\": 503}";

  private final ManualTicker ticker = new ManualTicker();

  private Edge seedE() {
    ErrorBodyWriter writer = ErrorBodyTemplates.builder(ErrorBodyWriter.envelope())
        .template(EdgeGate.RATE_LIMIT, E_429)
        .template(EdgeGate.CIRCUIT_BREAKER, E_503)
        .build();
    return Edge.builder().ticker(ticker).errorBodyWriter(writer)
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
        .route(Route.builder("/api/fetch-kibana-data").name("kibana").rateLimit(RateLimitGate.of("10/minute"))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(60))).build()))
            .build())
        .route(Route.builder("/api/auth").rateLimit(RateLimitGate.of(RateLimit.of(5, Duration.ofMinutes(15)))).build())
        .build();
  }

  @Test
  void theRateLimitBodyNamesTheRoutesLimit() {
    Edge edge = seedE();
    for (int i = 0; i < 10; i++) {
      edge.begin(FakeRequest.get("/api/fetch-kibana-data")).complete(200);
    }
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/fetch-kibana-data")));
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(bodyText(r)).isEqualTo(
        "{\"error\": \"Rate limit exceeded: 10 per 1 minute\", \"detail\": \"Too many requests\"}");

    for (int i = 0; i < 5; i++) {
      edge.begin(FakeRequest.get("/api/auth")).complete(200);
    }
    assertThat(bodyText(rejection(edge.begin(FakeRequest.get("/api/auth"))))).isEqualTo(
        "{\"error\": \"Rate limit exceeded: 5 per 15 minute\", \"detail\": \"Too many requests\"}");
  }

  @Test
  void theBreakerBodyIsExactAndOtherBodiesUseTheOtherWriter() {
    Edge edge = seedE();
    edge.begin(FakeRequest.get("/api/fetch-kibana-data")).complete(500);
    EdgeRejection open = rejection(edge.begin(FakeRequest.get("/api/fetch-kibana-data")));
    assertThat(open.status()).isEqualTo(503);
    assertThat(bodyText(open)).isEqualTo(E_503);

    EdgeExchange admitted = edge.begin(FakeRequest.get("/api/auth"));
    ErrorResponse error = admitted.applicationError(new IllegalStateException("secret connection string"));
    assertThat(error.status()).isEqualTo(500);
    assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"code\":500,"
        + "\"message\":\"Internal Server Error\",\"details\":\"The server could not complete the request.\","
        + "\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
    admitted.fail(new IllegalStateException("secret connection string"));
  }

  @Test
  void placeholdersAreEscapedAndUnknownOnesRefused() {
    ErrorBodyWriter writer = ErrorBodyTemplates.builder(ErrorBodyWriter.problemJson())
        .applicationError("{\"at\": \"{{instance}}\", \"s\": {{status}}, \"r\": \"{{retryAfter}}\"}").build();
    byte[] bytes = writer.write(ErrorBody.builder(500).instance("/a\"</script>").build());
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"at\": \"/a\\\"\\u003C/script\\u003E\", \"s\": 500, \"r\": \"\"}");
    assertThat(writer.contentType()).isEqualTo("application/problem+json");
    assertThatThrownBy(() -> ErrorBodyTemplates.builder(ErrorBodyWriter.envelope())
        .template(EdgeGate.CORS, "{{nope}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown placeholder {{nope}} in template \"{{nope}}\"; known: {{status}}");
    assertThatThrownBy(() -> ErrorBodyTemplates.builder(ErrorBodyWriter.envelope())
        .template(EdgeGate.CORS, "a").template(EdgeGate.CORS, "b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void limitTextFollowsThePythonLimitsLibrary() {
    assertThat(ErrorBodyTemplates.limitText(RateLimit.perMinute(200))).isEqualTo("200 per 1 minute");
    assertThat(ErrorBodyTemplates.limitText(RateLimit.of(1000, Duration.ofHours(1)))).isEqualTo("1000 per 1 hour");
    assertThat(ErrorBodyTemplates.limitText(RateLimit.perSecond(3))).isEqualTo("3 per 1 second");
    assertThat(ErrorBodyTemplates.limitText(RateLimit.of(7, Duration.ofDays(2)))).isEqualTo("7 per 2 day");
    assertThat(ErrorBodyTemplates.limitText(RateLimit.of(7, Duration.ofSeconds(90)))).isEqualTo("7 per 90 second");
  }

  @Test
  void aRejectedExchangeHasNoApplicationError() {
    Edge edge = seedE();
    for (int i = 0; i < 10; i++) {
      edge.begin(FakeRequest.get("/api/fetch-kibana-data")).complete(200);
    }
    EdgeExchange refused = edge.begin(FakeRequest.get("/api/fetch-kibana-data"));
    assertThatThrownBy(() -> refused.applicationError(new RuntimeException()))
        .isInstanceOf(IllegalStateException.class);
  }
}
