package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression: routes without {@code maxBodyBytes} (GETs and 404s included) accepted bodies of any
 * size, which the server then buffered. Every route now has the edge's cap unless it sets its own.
 */
class EdgeBodyCapTest {

  private Edge edge(Long cap) {
    EdgeBuilder b = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/search").name("search").methods("GET").build())
        .route(Route.builder("/upload").name("upload").methods("POST").validation(RouteValidation.builder().maxBodyBytes(10L << 20).build()).build());
    if (cap != null) {
      b.maxBodyBytes(cap);
    }
    return b.build();
  }

  @Test
  void routesWithoutALimitAcceptedBodiesOfAnySize() {
    Edge edge = edge(null);

    EdgeRejection declared = edge.begin(FakeRequest.get("/search").contentLength((1 << 20) + 1)).rejection();
    EdgeRejection unknownPath = edge.begin(FakeRequest.get("/nowhere").contentLength(10L << 20)).rejection();

    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.violations()).extracting(Violation::code).containsExactly(Violation.Code.TOO_LARGE);
    assertThat(new String(declared.body(), StandardCharsets.UTF_8)).contains("\"status\":413");
    assertThat(unknownPath.status()).isEqualTo(413);
    assertThat(edge.begin(FakeRequest.get("/search").contentLength(1 << 20)).admitted()).isTrue();
    // A route's own limit wins, larger or smaller.
    assertThat(edge.begin(FakeRequest.of("POST", "/upload").contentLength(5L << 20)).admitted()).isTrue();
  }

  @Test
  void aStreamedBodyIsCountedNotReadAndRefusedPastTheCap() {
    EdgeExchange exchange = edge(1_000L).begin(
        FakeRequest.get("/nowhere").header("Transfer-Encoding", "chunked"));

    assertThat(exchange.wantsBody()).isFalse();
    assertThat(exchange.bodyLimit()).isEqualTo(1_000);
    EdgeRejection refused = exchange.refuseOversizedBody();
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.violations()).extracting(Violation::message).containsExactly("body larger than 1000 bytes");
    assertThat(exchange.refuseOversizedBody().status()).isEqualTo(413);
    assertThatThrownBy(() -> edge(Long.MAX_VALUE).begin(FakeRequest.get("/nowhere")).refuseOversizedBody())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no body limit");
  }

  @Test
  void theCapCanBeLiftedAndIsValidated() {
    Edge uncapped = edge(Long.MAX_VALUE);
    assertThat(uncapped.begin(FakeRequest.get("/search").contentLength(1L << 40)).admitted()).isTrue();
    assertThat(uncapped.begin(FakeRequest.get("/search").header("Transfer-Encoding", "chunked")).bodyLimit())
        .isEqualTo(-1);
    assertThatThrownBy(() -> Edge.builder().maxBodyBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBodyBytes must be >= 0 but was -1");
  }
}
