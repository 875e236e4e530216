package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.Edge;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's constant headers on Jetty: written into Jetty's own fields (pre-encoded) when the
 * filter gets the container's response, through the servlet API when a filter in front wrapped it;
 * either way a header set before the filter is replaced and a leaking one removed.
 */
class ConstantHeadersTest {

  private final List<String> seenByWrapper = new CopyOnWriteArrayList<>();
  private EmbeddedJetty jetty;

  /** Sets headers the edge must replace or remove, then passes the response on, wrapped or not. */
  private Filter front(boolean wrap) {
    return (req, res, chain) -> {
      HttpServletResponse response = (HttpServletResponse) res;
      response.setHeader("X-Frame-Options", "SAMEORIGIN");
      response.addHeader("X-Frame-Options", "ALLOW-FROM https://example.com");
      response.setHeader("Cache-Control", "public");
      response.setHeader("X-Powered-By", "PHP/5.4");
      chain.doFilter(req, !wrap ? response : new HttpServletResponseWrapper(response) {
        @Override
        public void setHeader(String name, String value) {
          seenByWrapper.add(name);
          super.setHeader(name, value);
        }
      });
    };
  }

  @BeforeEach
  void start() throws Exception {
    Edge edge = Edge.builder().securityHeaders(SecurityHeaders.api()).build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(front(false), "/plain/*", EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(front(true), "/wrapped/*", EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) -> ContractServlet.text(res, "ok"))), "/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private static void assertEdgeHeaders(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    for (var h : SecurityHeaders.api().headersFor(false, null)) {
      assertThat(r.headers().allValues(h.name())).as(h.name()).containsExactly(h.value());
    }
    assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void theContainersOwnResponseGetsTheHeadersReplacingEarlierOnes() {
    assertThat(ServletEdgeResponse.writesJettyFields()).isTrue();
    assertEdgeHeaders(Http.get(jetty.port(), "/plain/x"));
    assertEdgeHeaders(Http.get(jetty.port(), "/plain/x")); // the converted list, reused
    assertThat(seenByWrapper).isEmpty();
  }

  @Test
  void aWrappedResponseGetsThemThroughTheWrapper() {
    assertEdgeHeaders(Http.get(jetty.port(), "/wrapped/x"));
    assertThat(seenByWrapper).contains("X-Frame-Options", "Cache-Control", "Content-Security-Policy");
  }
}
