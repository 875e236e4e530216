package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.ResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Edge#protocolError}: a container's or codec's refusal rendered like the edge's own. */
class ProtocolErrorTest {

  private final List<String> events = new ArrayList<>();
  private final Edge edge = Edge.builder()
      .listener(event -> {
        if (event instanceof EdgeEvent.RequestFinished f) {
          events.add(f.route() + " " + f.outcome() + " " + f.status() + " " + f.durationNanos() + " "
              + f.responseBytes());
        }
      })
      .build();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "400, Bad Request, invalid-input",
    "408, Request Timeout, request-timeout",
    "413, Content Too Large, content-too-large",
    "414, URI Too Long, uri-too-long",
    "431, Request Header Fields Too Large, header-fields-too-large",
    "501, Not Implemented, not-implemented",
    "505, HTTP Version Not Supported, version-not-supported",
  })
  void rendersTheDefaultRoutesHeadersAndAProblemBody(int status, String title, String slug) {
    EdgeRejection rejection = edge.protocolError(status, "The request head is too large.", true);

    assertThat(rejection.status()).isEqualTo(status);
    assertThat(rejection.contentType()).isEqualTo("application/problem+json");
    assertThat(new String(rejection.body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
            + ",\"detail\":\"The request head is too large.\",\"instance\":\"/\"}");
    assertThat(rejection.headers()).extracting(ResponseHeader::name)
        .contains("Strict-Transport-Security", "X-Content-Type-Options");
    assertThat(events).containsExactly("default VALIDATION " + status + " 0 " + rejection.bodyLength());
    assertThat(Statuses.slug(EdgeGate.VALIDATION, status)).isEqualTo(slug);
  }

  @Test
  void refusesStatusesThatAreNotProtocolErrors() {
    assertThatThrownBy(() -> edge.protocolError(429, "x", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 400, 408, 413, 414, 431, 501 or 505 but was 429");
    assertThatThrownBy(() -> edge.protocolError(400, null, false)).isInstanceOf(NullPointerException.class);
  }
}
