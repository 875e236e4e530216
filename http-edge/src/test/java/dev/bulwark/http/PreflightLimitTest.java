package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Regression: CORS preflights were never rate limited. The edge answers them itself, so no route's
 * limit saw them; they now count against the edge's preflight limit, per client IP.
 */
class PreflightLimitTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CorsPolicy cors = CorsPolicy.builder().allowOrigins("https://app.example.com").allowMethods("GET").build();

  private Edge edge(String preflightLimit) {
    EdgeBuilder builder = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").name("search").methods("GET").cors(CorsGate.of(cors)).rateLimit(RateLimitGate.of("1/minute")).build());
    if (preflightLimit != null) {
      builder.preflightRateLimit(preflightLimit);
    }
    return builder.build();
  }

  private static FakeRequest preflight(String peer) {
    return FakeRequest.of("OPTIONS", "/api/search").peer(peer)
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "GET");
  }

  @Test
  void corsPreflightsWereNeverRateLimited() {
    Edge edge = edge("3/minute");
    for (int i = 0; i < 3; i++) {
      assertThat(edge.begin(preflight("10.0.0.1")).rejection().status()).isEqualTo(204);
    }

    EdgeRejection fourth = edge.begin(preflight("10.0.0.1")).rejection();

    assertThat(fourth.status()).isEqualTo(429);
    assertThat(fourth.gate()).isEqualTo(EdgeGate.RATE_LIMIT);
    assertThat(fourth.headers()).extracting(ResponseHeader::name)
        .contains("Retry-After", "RateLimit-Policy", "RateLimit")
        .doesNotContain("Access-Control-Allow-Origin");
    assertThat(fourth.headers()).contains(ResponseHeader.of("RateLimit-Policy", "\"preflight\";q=3;w=60"));
    // Another client has its own allowance, and the route's own limit was never spent.
    assertThat(edge.begin(preflight("10.0.0.2")).rejection().status()).isEqualTo(204);
    assertThat(edge.begin(FakeRequest.get("/api/search").peer("10.0.0.1")).admitted()).isTrue();
    // The allowance refills with time.
    ticker.advance(Duration.ofSeconds(20));
    assertThat(edge.begin(preflight("10.0.0.1")).rejection().status()).isEqualTo(204);
  }

  @Test
  void theDefaultIs120PerMinuteAndNoneTurnsItOff() {
    Edge limited = edge(null);
    for (int i = 0; i < 120; i++) {
      assertThat(limited.begin(preflight("10.0.0.1")).rejection().status()).isEqualTo(204);
    }
    assertThat(limited.begin(preflight("10.0.0.1")).rejection().status()).isEqualTo(429);

    Edge unlimited = edge("none");
    for (int i = 0; i < 1_000; i++) {
      assertThat(unlimited.begin(preflight("10.0.0.1")).rejection().status()).isEqualTo(204);
    }
  }

  @Test
  void aBadSpecIsRefusedAndTheSettingIsMadeOnce() {
    assertThatThrownBy(() -> Edge.builder().preflightRateLimit("10/minit"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minit");
    assertThatThrownBy(() -> Edge.builder().preflightRateLimit("none").preflightRateLimit("1/second"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("preflightRateLimit");
  }
}
