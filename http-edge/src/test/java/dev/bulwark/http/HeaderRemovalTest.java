package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/** The profile's {@code headersToRemove()} leave every response, admitted or rejected. */
class HeaderRemovalTest {

  private final ManualTicker ticker = new ManualTicker();

  private Edge edge() {
    return Edge.builder().ticker(ticker).securityHeaders(SecurityHeaders.api())
        .route(Route.builder("/api/x").name("x").rateLimit(RateLimitGate.of("1/minute")).build()).build();
  }

  private static RecordingResponse serverStamped() {
    RecordingResponse response = new RecordingResponse();
    response.setHeader("Server", "Jetty(12.1.14)");
    response.setHeader("X-Powered-By", "Servlet/6.0");
    response.setHeader("X-Kept", "yes");
    return response;
  }

  @Test
  void admittedExchangeRemovesServerAndPoweredBy() {
    assertThat(SecurityHeaders.api().headersToRemove()).containsExactly("X-Powered-By", "Server");
    EdgeExchange exchange = edge().begin(FakeRequest.get("/api/x"));
    assertThat(exchange.admitted()).isTrue();
    RecordingResponse response = serverStamped();

    exchange.writeHeaders(response);

    assertThat(response.containsHeader("server")).isFalse();
    assertThat(response.containsHeader("X-Powered-By")).isFalse();
    assertThat(response.get("X-Kept")).isEqualTo("yes");
    assertThat(response.get("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void rejectedExchangeRemovesThemToo() {
    Edge edge = edge();
    edge.begin(FakeRequest.get("/api/x")).complete(200);
    EdgeExchange rejected = edge.begin(FakeRequest.get("/api/x"));
    assertThat(rejected.admitted()).isFalse();
    RecordingResponse response = serverStamped();

    rejected.writeHeaders(response);

    assertThat(response.containsHeader("Server")).isFalse();
    assertThat(response.containsHeader("X-Powered-By")).isFalse();
    assertThat(response.get("Retry-After")).isEqualTo("60");
  }
}
