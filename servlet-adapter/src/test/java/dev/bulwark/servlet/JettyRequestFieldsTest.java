package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On Jetty 12 the request's {@code Content-Length} and whether it has a {@code Transfer-Encoding}
 * are read from Jetty's fields in one pass, and are what the servlet API gives; a request a filter
 * wrapped is asked through the servlet API.
 */
class JettyRequestFieldsTest {

  /**
   * Per request: [view's length, view's transfer encoding, getContentLengthLong(),
   * getHeader("Transfer-Encoding") != null, wrapped view's length, wrapped view's transfer encoding,
   * whether a wrapped request was read through Jetty].
   */
  private final List<Object[]> seen = new CopyOnWriteArrayList<>();
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    jetty = EmbeddedJetty.behindBulwark((request, response) -> {
      HttpServletRequest raw = EmbeddedJetty.containers(request);
      ServletEdgeRequest view = new ServletEdgeRequest(raw);
      ServletEdgeRequest wrapped = new ServletEdgeRequest(new HttpServletRequestWrapper(raw));
      seen.add(new Object[] {view.contentLength(), view.hasTransferEncoding(), raw.getContentLengthLong(),
          raw.getHeader("Transfer-Encoding") != null, wrapped.contentLength(), wrapped.hasTransferEncoding(),
          JettyRequestFields.read(new HttpServletRequestWrapper(raw), new ServletEdgeRequest(raw))});
      request.getInputStream().readAllBytes();
      response.getWriter().write("ok");
    });
  }

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  private Object[] only() {
    assertThat(seen).hasSize(1);
    Object[] s = seen.get(0);
    assertThat(s[0]).as("length as getContentLengthLong()").isEqualTo(s[2]).isEqualTo(s[4]);
    assertThat(s[1]).as("transfer encoding as getHeader()").isEqualTo(s[3]).isEqualTo(s[5]);
    assertThat(s[6]).as("a wrapped request is not read through Jetty").isEqualTo(false);
    return s;
  }

  @Test
  void aRequestWithoutABodyHasNeither() throws IOException {
    // As wrk sends it: no Content-Length (Java's client would send one of 0).
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      socket.getOutputStream().write(
          "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 200");
    }
    Object[] s = only();
    assertThat(s[0]).isEqualTo(-1L);
    assertThat(s[1]).isEqualTo(false);
  }

  @Test
  void aDeclaredLengthIsRead() {
    assertThat(Http.send(Http.request(jetty.port(), "/x")
        .POST(HttpRequest.BodyPublishers.ofString("hello", StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
    Object[] s = only();
    assertThat(s[0]).isEqualTo(5L);
    assertThat(s[1]).isEqualTo(false);
  }

  @Test
  void aChunkedBodyHasATransferEncodingAndNoLength() {
    byte[] body = "hello, chunked".getBytes(StandardCharsets.UTF_8);
    assertThat(Http.send(Http.request(jetty.port(), "/x")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))).statusCode())
        .isEqualTo(200);
    Object[] s = only();
    assertThat(s[0]).isEqualTo(-1L);
    assertThat(s[1]).isEqualTo(true);
  }
}
