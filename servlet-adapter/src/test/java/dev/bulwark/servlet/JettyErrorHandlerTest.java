package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.servlet.jetty.BulwarkErrorHandler;
import jakarta.servlet.DispatcherType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression: Jetty's own errors (an unparseable head, an oversized head, an unknown version, an
 * ambiguous path) were HTML pages without security headers, because they are answered before any
 * filter runs. With {@link BulwarkErrorHandler} they carry the edge's headers and a problem body.
 */
class JettyErrorHandlerTest {

  private final Edge edge = Edge.builder().build();
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new FilterHolder(new BulwarkFilter(edge)), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> res.getWriter().write("ok"))), "/*");
    }, server -> server.setErrorHandler(new BulwarkErrorHandler(edge)));
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private String send(String head) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "a header without a colon | GET / HTTP/1.1\\r\\nHost: x\\r\\nNo colon here\\r\\n\\r\\n | 400",
    "an ambiguous path        | GET /a%2Fb HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n | 400",
    "an oversized head        | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-Big: BIG\\r\\n\\r\\n | 431",
    "an unknown version       | GET / HTTP/7.0\\r\\nHost: x\\r\\n\\r\\n | 505",
  })
  void containerErrorsWereHtmlWithoutSecurityHeaders(String what, String head, int status) throws Exception {
    String answer = send(head.replace("\\r\\n", "\r\n").replace("BIG", "x".repeat(20_000)));

    assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
    String lower = answer.toLowerCase(java.util.Locale.ROOT);
    assertThat(lower).contains("content-type: application/problem+json", "x-content-type-options: nosniff",
        "content-security-policy:");
    assertThat(answer).contains("\"status\":" + status).doesNotContain("<html");
  }
}
