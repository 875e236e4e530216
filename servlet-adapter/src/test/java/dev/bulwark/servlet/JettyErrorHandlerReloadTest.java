package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.Edge;
import dev.bulwark.http.ErrorFormat;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.servlet.jetty.BulwarkErrorHandler;
import jakarta.servlet.DispatcherType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@link BulwarkErrorHandler} took only an {@link Edge}, so after a hot reload Jetty's
 * own errors were still rendered with the first edge's headers and error format. Built with the
 * {@link ReloadableEdge} the filter serves, it renders each error with the edge held then.
 */
class JettyErrorHandlerReloadTest {

  private static final String UNKNOWN_VERSION = "GET / HTTP/7.0\r\nHost: x\r\n\r\n";

  private final ReloadableEdge edges = ReloadableEdge.of(Edge.builder().build());
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new FilterHolder(new BulwarkFilter(edges)), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> res.getWriter().write("ok"))), "/*");
    }, server -> server.setErrorHandler(new BulwarkErrorHandler(edges)));
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

  @Test
  void anErrorAfterAReloadTakesTheNewEdgesErrorFormatAndHeaders() throws Exception {
    String before = send(UNKNOWN_VERSION).toLowerCase(Locale.ROOT);
    assertThat(before).startsWith("http/1.1 505 ")
        .contains("content-type: application/problem+json", "\"status\":505",
            "content-security-policy: default-src 'self'")
        .doesNotContain("content-security-policy: default-src 'none'");

    edges.replace(Edge.builder().errorFormat(ErrorFormat.ENVELOPE).securityHeaders(SecurityHeaders.api()).build());

    String after = send(UNKNOWN_VERSION).toLowerCase(Locale.ROOT);
    assertThat(after).startsWith("http/1.1 505 ")
        .contains("content-type: application/json", "{\"error\":{\"code\":505",
            "content-security-policy: default-src 'none'")
        .doesNotContain("problem+json", "default-src 'self'");
  }

  @Test
  void aNullHolderIsRefused() {
    assertThatThrownBy(() -> new BulwarkErrorHandler((ReloadableEdge) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("edges");
  }
}
