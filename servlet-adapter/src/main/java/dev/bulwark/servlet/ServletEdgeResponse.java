package dev.bulwark.servlet;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * An {@link EdgeResponse} over an {@link HttpServletResponse}, written before the handler runs.
 *
 * <p>{@link #removeHeader} calls {@code setHeader(name, null)}, which removes the header in every
 * current container (Jetty, Tomcat, Undertow). It cannot remove what the container adds itself
 * when it commits the response: Jetty's {@code Server} header is a connector setting, turned off
 * with {@code HttpConfiguration.setSendServerVersion(false)}. Used by one thread for one request.
 *
 * <p>On Jetty 12 (ee10), the edge's constant lists ({@link EdgeResponse#setHeaders(List)}) go
 * into Jetty's fields pre-encoded ({@code JettyFields}); elsewhere, and for a response another
 * filter wrapped, through {@code setHeader} one by one.
 */
final class ServletEdgeResponse implements EdgeResponse {

  private final HttpServletResponse response;

  ServletEdgeResponse(HttpServletResponse response) {
    this.response = response;
  }

  @Override
  public void setHeader(String name, String value) {
    if (!JettyEe10.AVAILABLE || value == null || !JettyFields.setOne(response, name, value)) {
      response.setHeader(name, value);
    }
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

  @Override
  public void setHeaders(List<ResponseHeader> headers) {
    if (!JettyEe10.AVAILABLE || !JettyFields.set(response, headers)) {
      EdgeResponse.super.setHeaders(headers);
    }
  }

  @Override
  public void removeHeaders(List<String> names) {
    if (!JettyEe10.AVAILABLE || !JettyFields.remove(response, names)) {
      EdgeResponse.super.removeHeaders(names);
    }
  }

  /** Tells whether constant lists can go into Jetty's own fields here (for tests). */
  static boolean writesJettyFields() {
    return JettyEe10.AVAILABLE;
  }
}
