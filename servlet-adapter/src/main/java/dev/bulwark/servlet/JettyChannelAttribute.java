package dev.bulwark.servlet;

import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.jspecify.annotations.Nullable;

/**
 * The one request attribute Jetty 12 (ee10) asks of every request a filter wrapped, answered
 * without walking the layers of Jetty's request that cannot hold it.
 *
 * <p>At the end of the filter chain, Jetty's servlet handler looks for its own request behind the
 * request it was given; when that is a wrapper (such as {@code AdmittedRequest}) it first asks it
 * for the attribute {@link #NAME} ({@code ServletContextRequest.getServletContextRequest}). Jetty's
 * request answers an attribute through three layers: the session's names (those starting with
 * {@code org.eclipse.jetty.session.RequestedSession}), a fixed set of synthetic names (TLS session
 * data, multipart and form limits), then the core request's attributes. {@link #NAME} is none of
 * the first two (a test checks it against Jetty's own), so the answer is
 * the core request's attribute of that name, read here directly: the same value, without the
 * prefix comparison and the name switch each lookup costs.
 *
 * <p>Loaded only where {@link JettyEe10#AVAILABLE}. Thread-safe; allocates nothing.
 */
final class JettyChannelAttribute {

  /** The attribute Jetty's servlet handler asks a wrapped request for. */
  static final String NAME = ServletChannel.class.getName();

  /** What {@link #value} returns for a request that is not Jetty's own: ask it instead. */
  static final Object UNANSWERED = new Object();

  private JettyChannelAttribute() {}

  /**
   * Returns {@code request.getAttribute(NAME)} as Jetty's own request answers it, or
   * {@link #UNANSWERED} when {@code request} is not Jetty's own request object (a request another
   * filter wrapped, another container's), which is then asked.
   */
  static @Nullable Object value(ServletRequest request) {
    if (request instanceof ServletApiRequest
        && ((ServletApiRequest) request).getServletRequestInfo() instanceof ServletContextRequest) {
      ServletContextRequest jetty = (ServletContextRequest) ((ServletApiRequest) request).getServletRequestInfo();
      return jetty.getWrapped().getAttribute(NAME);
    }
    return UNANSWERED;
  }
}
