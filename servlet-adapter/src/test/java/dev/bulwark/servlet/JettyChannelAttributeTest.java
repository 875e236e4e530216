package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.session.AbstractSessionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attribute Jetty's servlet handler asks of a wrapped request is answered by the admitted
 * request with the value Jetty's own request gives, whether or not it was set, and the layers it
 * skips cannot hold it.
 */
class JettyChannelAttributeTest {

  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void theNameIsNeitherASessionNorASyntheticAttribute() {
    assertThat(AbstractSessionManager.RequestedSession.isApplicableAttribute(JettyChannelAttribute.NAME)).isFalse();
    assertThat(List.of(ServletContextRequest.SSL_CIPHER_SUITE, ServletContextRequest.SSL_KEY_SIZE,
        ServletContextRequest.SSL_SESSION_ID, ServletContextRequest.PEER_CERTIFICATES,
        ServletContextRequest.MULTIPART_CONFIG_ELEMENT, FormFields.MAX_FIELDS_ATTRIBUTE,
        FormFields.MAX_LENGTH_ATTRIBUTE)).doesNotContain(JettyChannelAttribute.NAME);
  }

  @Test
  void theAdmittedRequestAnswersAsJettysOwnSetOrNot() throws Exception {
    jetty = EmbeddedJetty.behindBulwark((request, response) -> {
      HttpServletRequest raw = EmbeddedJetty.containers(request);
      String name = JettyChannelAttribute.NAME;
      List<Object> row = new ArrayList<>(Arrays.asList(request instanceof AdmittedRequest,
          request.getAttribute(name), raw.getAttribute(name), JettyChannelAttribute.value(raw),
          JettyChannelAttribute.value(new HttpServletRequestWrapper(raw)) == JettyChannelAttribute.UNANSWERED));
      raw.setAttribute(name, "set by the application");
      row.addAll(Arrays.asList(request.getAttribute(name), raw.getAttribute(name),
          request.getAttribute(new String(name.toCharArray())), JettyChannelAttribute.value(raw)));
      raw.removeAttribute(name);
      row.add(request.getAttribute(name));
      seen.add(row);
      response.getWriter().write("ok");
    });

    assertThat(Http.get(jetty.port(), "/x").statusCode()).isEqualTo(200);

    assertThat(seen).containsExactly(Arrays.asList(true, null, null, null, true,
        "set by the application", "set by the application", "set by the application", "set by the application",
        null));
  }
}
