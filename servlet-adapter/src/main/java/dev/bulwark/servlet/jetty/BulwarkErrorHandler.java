package dev.bulwark.servlet.jetty;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.ReloadableEdge;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Makes Jetty 12's own error responses look like the edge's: the security headers of the edge's
 * default route and a problem+json body (or the envelope, as the edge is configured), instead of an
 * HTML page without headers.
 *
 * <p>Jetty answers some requests before any filter runs: a request line or head it cannot parse
 * (400), too long a target (414) or head (431), an unknown HTTP version (505), an ambiguous path
 * (400), a body over a connector limit (413), a read that timed out (408). {@code BulwarkFilter}
 * never sees those, so it cannot add its headers; this handler, installed on the server, renders
 * them with {@link Edge#protocolError}. Other statuses (such as a 404 for a path no context serves)
 * keep Jetty's rendering.
 *
 * <pre>{@code
 * Server server = new Server();
 * server.setErrorHandler(new BulwarkErrorHandler(edge));   // the same Edge as the filter's
 * }</pre>
 *
 * <p>With a hot-reloaded configuration, give it the same {@link ReloadableEdge} as the filter: each
 * error is then rendered with the edge held when it occurs, so after a reload Jetty's errors carry
 * the new edge's headers and error format, like the filter's own responses.
 *
 * <p>The client's input is never echoed: the detail is one fixed sentence per status. Thread-safe.
 */
// Jetty is an optional module (`requires static`, not transitive: see module-info): whoever uses
// this class runs Jetty and reads it already.
@SuppressWarnings("exports")
public class BulwarkErrorHandler extends ErrorHandler {

  /** Read once per error; a fixed edge is held by a holder never replaced. */
  private final ReloadableEdge edges;

  /**
   * Creates the handler.
   *
   * @param edge the edge whose default route's headers and error format the responses take
   * @throws NullPointerException if {@code edge} is null
   */
  public BulwarkErrorHandler(Edge edge) {
    this.edges = ReloadableEdge.of(Objects.requireNonNull(edge, "edge"));
  }

  /**
   * Creates a handler that follows a hot reload: each error takes the headers and error format of
   * the default route of {@link ReloadableEdge#current() edges.current()} when it is rendered.
   *
   * @param edges the holder of the edge, the same as the filter's
   * @throws NullPointerException if {@code edges} is null
   */
  public BulwarkErrorHandler(ReloadableEdge edges) {
    this.edges = Objects.requireNonNull(edges, "edges");
  }

  /**
   * Renders an error response for a request Jetty refused or failed after parsing it.
   *
   * @param request the request
   * @param response the response, whose status is the error's
   * @param callback completed when the response is written
   * @return true: the response is handled
   * @throws Exception if Jetty's own rendering fails, for statuses this handler leaves to it
   */
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    EdgeRejection rejection = render(response.getStatus(), request.isSecure());
    if (rejection == null) {
      return super.handle(request, response, callback);
    }
    HttpFields.Mutable headers = response.getHeaders();
    for (ResponseHeader h : rejection.headers()) {
      headers.add(new HttpField(h.name(), h.value()));
    }
    String type = rejection.contentType();
    if (type != null) {
      headers.put(HttpHeader.CONTENT_TYPE, type);
    }
    headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(rejection.bodyLength()));
    response.write(true, ByteBuffer.wrap(rejection.body()), callback);
    return true;
  }

  private @Nullable EdgeRejection render(int status, boolean secure) {
    String detail = detail(status);
    return detail == null ? null : edges.current().protocolError(status, detail, secure);
  }

  private static @Nullable String detail(int status) {
    switch (status) {
      case 400:
        return "The request could not be parsed, or its target is ambiguous.";
      case 408:
        return "The request was not received in time.";
      case 413:
        return "The request body is too large.";
      case 414:
        return "The request target is too long.";
      case 431:
        return "The request head is too large.";
      case 501:
        return "The request uses a feature the server does not implement.";
      case 505:
        return "Only HTTP/1.0 and HTTP/1.1 are supported.";
      default:
        return null;
    }
  }
}
