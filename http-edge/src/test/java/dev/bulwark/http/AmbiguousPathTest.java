package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression for the Netty path bypass: {@code POST /api%2Fauth%2Flogin} reached the login handler
 * past the login route's limit, because the edge kept {@code %2F} encoded while the application's
 * decoder split on it. The edge now refuses every spelling with two readings, before any gate and
 * on the default route, and hands adapters one canonical path for the rest.
 */
class AmbiguousPathTest {

  private final ManualTicker ticker = new ManualTicker();
  private final Edge edge = Edge.builder().ticker(ticker)
      .route(Route.builder("/api/auth/login").name("login").methods("POST").rateLimit(RateLimitGate.of("1/minute")).build())
      .build();

  @Test
  void anEncodedSeparatorIsRefusedWith400BeforeAnyGate() {
    EdgeExchange exchange = edge.begin(FakeRequest.of("POST", "/api%2Fauth%2Flogin"));

    assertThat(exchange.admitted()).isFalse();
    assertThat(exchange.routeName()).isEqualTo("default");
    assertThat(exchange.path()).isEqualTo("/api%2Fauth%2Flogin");
    EdgeRejection rejection = exchange.rejection();
    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.gate()).isEqualTo(EdgeGate.VALIDATION);
    assertThat(rejection.contentType()).isEqualTo("application/problem+json");
    assertThat(rejection.violations()).extracting(Violation::code).containsExactly(Violation.Code.AMBIGUOUS_PATH);
    assertThat(new String(rejection.body(), StandardCharsets.UTF_8))
        .contains("\"status\":400", "The request path is ambiguous", "%2F at offset 4");
    // The login route's one permit is still there: the refusal spent nothing.
    assertThat(edge.begin(FakeRequest.of("POST", "/api/auth/login")).admitted()).isTrue();
  }

  @Test
  void aDecodableSpellingIsRoutedAndItsCanonicalPathIsWhatTheApplicationGets() {
    EdgeExchange first = edge.begin(FakeRequest.of("POST", "/api/%61uth/./x/../login;jsessionid=1"));
    assertThat(first.admitted()).isTrue();
    assertThat(first.routeName()).isEqualTo("login");
    assertThat(first.path()).isEqualTo("/api/auth/login");
    first.complete(200);

    EdgeExchange second = edge.begin(FakeRequest.of("POST", "http://example.com/api/auth/x/../login"));
    assertThat(second.routeName()).isEqualTo("login");
    assertThat(second.rejection().status()).isEqualTo(429);
    assertThat(second.path()).isEqualTo("/api/auth/login");
  }

  @Test
  void anOverlongPathIsRefusedWith414() {
    EdgeExchange exchange = edge.begin(FakeRequest.get("/" + "a".repeat(MatchPath.MAX_LENGTH)));

    EdgeRejection rejection = exchange.rejection();
    assertThat(rejection.status()).isEqualTo(414);
    assertThat(rejection.violations()).extracting(Violation::code).containsExactly(Violation.Code.TOO_LONG);
    assertThat(new String(rejection.body(), StandardCharsets.UTF_8))
        .contains("\"status\":414", "\"instance\":\"/\"");
  }
}
