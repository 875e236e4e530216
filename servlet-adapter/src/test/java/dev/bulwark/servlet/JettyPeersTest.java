package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On Jetty 12 the peer address is the text {@code getRemoteAddr()} gives, formatted once per
 * connection; a request a filter wrapped is asked through the servlet API.
 */
class JettyPeersTest {

  /** Per request: [text from JettyPeers, text from getRemoteAddr(), remote port]. */
  private final List<Object[]> seen = new CopyOnWriteArrayList<>();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void sameTextAsGetRemoteAddrOncePerConnection() throws Exception {
    jetty = EmbeddedJetty.behindBulwark((request, response) -> {
      HttpServletRequest raw = EmbeddedJetty.containers(request);
      seen.add(new Object[] {JettyPeers.literal(raw), ServletEdgeRequest.literal(raw.getRemoteAddr()),
          raw.getRemotePort(), JettyPeers.literal(request), new ServletEdgeRequest(raw).peerAddress()});
      response.getWriter().write("ok");
    });

    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(jetty.port(), "/x").statusCode()).isEqualTo(200);
    }

    assertThat(seen).hasSize(3);
    for (Object[] s : seen) {
      assertThat(s[0]).isEqualTo("127.0.0.1").isEqualTo(s[1]).isEqualTo(s[4]);
      assertThat(s[3]).as("a wrapped request is not read through Jetty").isNull();
    }
    for (int i = 1; i < seen.size(); i++) {
      if (seen.get(i)[2].equals(seen.get(i - 1)[2])) { // the same connection: formatted once
        assertThat(seen.get(i)[0]).isSameAs(seen.get(i - 1)[0]);
      }
    }
  }
}
