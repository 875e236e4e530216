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
 */
final class ServletEdgeResponse implements EdgeResponse {

  private final HttpServletResponse response;

  ServletEdgeResponse(HttpServletResponse response) {
    this.response = response;
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
}
