package dev.bulwark.servlet;

import dev.bulwark.http.EdgeResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An {@link EdgeResponse} over an {@link HttpServletResponse}, written before the handler runs.
 *
 * <p>{@link #removeHeader} calls {@code setHeader(name, null)}, which removes the header in every
 * current container (Jetty, Tomcat, Undertow). It cannot remove what the container adds itself
 * when it commits the response: Jetty's {@code Server} header is a connector setting, turned off
 * with {@code HttpConfiguration.setSendServerVersion(false)}. Used by one thread for one request.
 *
 * <p>On Jetty 12 (ee10), {@link #of} gives the container's own response a view that writes into
 * Jetty's fields ({@code JettyEdgeResponse}: the constant lists pre-encoded, searching for a name only
 * where it may be); elsewhere, and for a response another filter wrapped, every header goes
 * through the servlet API, the constant lists one by one.
 */
class ServletEdgeResponse implements EdgeResponse {

  private final HttpServletResponse response;

  ServletEdgeResponse(HttpServletResponse response) {
    this.response = response;
  }

  /** The view of {@code response} for one round of writes: Jetty's own where it can be. */
  static ServletEdgeResponse of(HttpServletResponse response) {
    return JettyEe10.AVAILABLE ? JettyEdgeResponse.of(response) : new ServletEdgeResponse(response);
  }

  @Override
  public void setHeader(String name, String value) {
    response.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    response.addHeader(name, value);
  }

  @Override
  public boolean containsHeader(String name) {
    return response.containsHeader(name);
  }

  @Override
  public void removeHeader(String name) {
    if (response.containsHeader(name)) {
      response.setHeader(name, null);
    }
  }

  /** Tells whether constant lists can go into Jetty's own fields here (for tests). */
  static boolean writesJettyFields() {
    return JettyEe10.AVAILABLE;
  }
}
