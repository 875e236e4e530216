package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServletEdgeRequestTest {

  @Test
  void peerAddressesLoseBracketsAndZones() {
    assertThat(ServletEdgeRequest.literal("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ServletEdgeRequest.literal("[::1]")).isEqualTo("::1");
    assertThat(ServletEdgeRequest.literal("[0:0:0:0:0:0:0:1]")).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ServletEdgeRequest.literal("[fe80::1%eth0]")).isEqualTo("fe80::1");
    assertThat(ServletEdgeRequest.literal("fe80::1%25")).isEqualTo("fe80::1");
    assertThat(ServletEdgeRequest.literal("2001:db8::7")).isEqualTo("2001:db8::7");
    assertThat(ServletEdgeRequest.literal("")).isEmpty();
    assertThat(ServletEdgeRequest.literal(null)).isEmpty();
  }

  @Test
  void thePathIsTheMappedPathInsideTheContext() {
    assertThat(path("/api", "/search")).isEqualTo("/api/search");
    assertThat(path("", "/api/search")).isEqualTo("/api/search");
    assertThat(path("/api/search", null)).isEqualTo("/api/search");
    assertThat(path("", null)).isEqualTo("/");
    assertThat(path("", "/")).isEqualTo("/");
  }

  @Test
  void decodedCharactersTheEdgeWouldReadAsSyntaxAreEscapedAgain() {
    // The container decoded %25, %3B, %3F, %23 and %5C: the edge decodes once more, so they go
    // back to escapes and the edge ends with the container's segments.
    assertThat(path("", "/files/100%/a;b?c#d\\e")).isEqualTo("/files/100%25/a%3Bb%3Fc%23d%5Ce");
    // Spaces and non-ASCII go back to UTF-8 escapes too: the edge refuses them raw.
    assertThat(path("", "/caf\u00e9 au lait")).isEqualTo("/caf%C3%A9%20au%20lait");
  }

  @Test
  void viewPassesTheRequestThrough() {
    ServletEdgeRequest view = new ServletEdgeRequest(StubRequest.create("PATCH", "", "/x", "[::1]"));
    assertThat(view.method()).isEqualTo("PATCH");
    assertThat(view.path()).isEqualTo("/x");
    assertThat(view.peerAddress()).isEqualTo("::1");
    assertThat(view.headers("Accept")).isEmpty();
    assertThat(view.headerNames()).isEmpty();
    assertThat(view.contentLength()).isEqualTo(-1);
    assertThat(view.secure()).isFalse();
  }

  @Test
  void theContentLengthIsReadOnceAndKept() {
    HttpServletRequest stub = StubRequest.create("POST", "", "/x", "10.0.0.1");
    AtomicInteger reads = new AtomicInteger();
    HttpServletRequest counting = new HttpServletRequestWrapper(stub) {
      @Override
      public long getContentLengthLong() {
        reads.incrementAndGet();
        return 42;
      }
    };
    ServletEdgeRequest view = new ServletEdgeRequest(counting);
    assertThat(reads).hasValue(0);
    assertThat(view.contentLength()).isEqualTo(42);
    assertThat(view.contentLength()).isEqualTo(42);
    assertThat(reads).hasValue(1);
  }

  @Test
  void elsewhereTheTransferEncodingIsTheContainersHeader() {
    HttpServletRequest stub = StubRequest.create("POST", "", "/x", "10.0.0.1");
    AtomicInteger reads = new AtomicInteger();
    HttpServletRequest chunked = new HttpServletRequestWrapper(stub) {
      @Override
      public String getHeader(String name) {
        reads.incrementAndGet();
        return "Transfer-Encoding".equals(name) ? "chunked" : null;
      }
    };
    assertThat(new ServletEdgeRequest(chunked).hasTransferEncoding()).isTrue();
    assertThat(reads).hasValue(1);
    assertThat(new ServletEdgeRequest(stub).hasTransferEncoding()).isFalse();
  }

  @Test
  void escapesExactlyTheCharactersTheEdgeWouldMisread() {
    for (int c = 0; c < 0x800; c++) {
      boolean expected = c <= ' ' || c >= 0x7f || c == '%' || c == ';' || c == '?' || c == '#' || c == '\\';
      assertThat(ServletEdgeRequest.escapes(c)).as("character %d", c).isEqualTo(expected);
    }
  }

  private static String path(String servletPath, String pathInfo) {
    return ServletEdgeRequest.pathInContext(StubRequest.create("GET", servletPath, pathInfo, "10.0.0.1"));
  }
}
