package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRequestResponseTest {

  private static final InetAddress PEER = DemoFixture.address("127.0.0.5");

  @Test
  void aRequestCopiesWhatItIsGiven() {
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    DemoRequest r =
        DemoRequest.builder("POST", "/api/documents", PEER)
            .query(Map.of("a", List.of("1", "2")))
            .body(body, "text/plain")
            .cspNonce("abc-_=")
            .build();
    body[0] = 'j';

    assertThat(r.bodyText()).isEqualTo("hello");
    assertThat(r.bodyLength()).isEqualTo(5);
    assertThat(r.queryParameter("a")).contains("1");
    assertThat(r.queryParameter("b")).isEmpty();
    assertThat(r.query()).isEqualTo(Map.of("a", List.of("1", "2")));
    assertThat(r.contentType()).contains("text/plain");
    assertThat(r.cspNonce()).contains("abc-_=");
    assertThat(r.peer()).isEqualTo(PEER);
    assertThat(r).hasToString("DemoRequest[POST /api/documents from 127.0.0.5]");
  }

  @Test
  void aRequestRefusesBadInput() {
    assertThatThrownBy(() -> DemoRequest.builder("GE T", "/", PEER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method must be an HTTP token but was 'GE T'");
    assertThatThrownBy(() -> DemoRequest.builder("GET", "api", PEER))
        .hasMessage("path must start with '/' but was 'api'");
    assertThatThrownBy(() -> DemoRequest.builder("GET", "/", PEER).cspNonce("\"><script>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nonce must be 1 to 128 base64 characters but was '\"><script>'");
    assertThatThrownBy(() -> DemoRequest.builder("GET", "/", PEER).query(Map.of("a", List.of())))
        .hasMessage("query parameter 'a' has no value");
    assertThatThrownBy(() -> DemoRequest.builder("GET", "/", PEER).body(new byte[0], null).body(new byte[0], null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("body was already set (0 bytes)");
    assertThatThrownBy(() -> DemoRequest.builder("GET", "/", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("peer");
  }

  @Test
  void aResponseIsImmutableAndItsHeadersAreChecked() {
    byte[] body = {1, 2};
    DemoResponse r = DemoResponse.of(201, "application/json", body).withHeader("Retry-After", "3");
    body[0] = 9;
    DemoResponse replaced = r.withHeader("retry-after", "4");

    assertThat(r.body()).containsExactly(1, 2);
    assertThat(r.bodyBuffer().isReadOnly()).isTrue();
    assertThat(r.header("RETRY-AFTER")).contains("3");
    assertThat(replaced.headers()).isEqualTo(Map.of("retry-after", "4"));
    assertThatThrownBy(() -> r.withHeader("X-Bad", "a\r\nSet-Cookie: x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X-Bad must not contain control characters but was 'a??Set-Cookie: x=1'");
    assertThatThrownBy(() -> r.withHeader("Content-Type", "text/html"))
        .hasMessage("set Content-Type through DemoResponse.of, not withHeader");
    assertThatThrownBy(() -> r.withHeader("Bad Name", "x"))
        .hasMessage("header name must be an HTTP token but was 'Bad Name'");
    assertThatThrownBy(() -> DemoResponse.of(600, null, new byte[0]))
        .hasMessage("status must be in [100, 599] but was 600");
  }
}
