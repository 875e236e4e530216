package dev.bulwark.http;

import org.jspecify.annotations.Nullable;

/**
 * What the edge's listener is told about a request besides its outcome, taken when the request
 * begins (the adapter's request view may not be readable once the exchange ends), the request's
 * identifier and its trace span. Made only when the edge has a listener, a tracer, a request log or
 * request identifiers: an edge with none of them never allocates it.
 */
class RequestContext {

  /**
   * The context of a request the server could not parse ({@link Edge#protocolError}): nothing
   * known, and no duration (it is reported as 0).
   */
  static final RequestContext UNPARSED = new RequestContext("", "", "", "/", Long.MIN_VALUE, -1, null);

  final String clientAddress;
  final String clientKey;
  final String method;
  final String path;
  /** The edge's ticker when the request began; {@code Long.MIN_VALUE} for {@link #UNPARSED}. */
  final long startNanos;
  /**
   * The declared {@code Content-Length}; 0 for a request with neither a length nor a
   * {@code Transfer-Encoding} (it has no body: RFC 9112, section 6.3); -1 when unknown (chunked).
   */
  final long declaredBytes;
  /** The request's identifier, or null when the edge has no {@link RequestIds}. */
  final @Nullable String requestId;
  /**
   * The body bytes the edge read itself (for the listener's request size), -1 until it reads any.
   * Here rather than on the exchange, so that an edge nobody listens to does not carry it.
   */
  volatile long bodyBytesRead = -1;

  RequestContext(
      String clientAddress, String clientKey, String method, String path, long startNanos, long declaredBytes,
      @Nullable String requestId) {
    this.clientAddress = clientAddress;
    this.clientKey = clientKey;
    this.method = method;
    this.path = path;
    this.startNanos = startNanos;
    this.declaredBytes = declaredBytes;
    this.requestId = requestId;
  }

  /**
   * The request's trace span, started with this context; null when the edge has no
   * {@link EdgeTracer} (or it does not trace this request) and for {@link #UNPARSED}. Only a
   * {@link Traced} context has one, so that an edge that listens but does not trace carries no
   * field for it.
   */
  @Nullable EdgeSpan span() {
    return null;
  }

  /** The context of a traced request: the same, with its span. */
  static final class Traced extends RequestContext {
    private final EdgeSpan span;

    Traced(String clientAddress, String clientKey, String method, String path, long startNanos,
        long declaredBytes, @Nullable String requestId, EdgeSpan span) {
      super(clientAddress, clientKey, method, path, startNanos, declaredBytes, requestId);
      this.span = span;
    }

    @Override
    EdgeSpan span() {
      return span;
    }
  }

  /** The nanoseconds since the request began, on the route's ticker. */
  long elapsedNanos(CompiledRoute route) {
    return startNanos == Long.MIN_VALUE ? 0 : route.config.ticker().read() - startNanos;
  }

  /** Takes the context of a request as it begins on {@code route}. */
  static RequestContext of(CompiledRoute route, EdgeRequest request, String path) {
    long start = route.config.ticker().read();
    String ip = route.config.resolver().resolve(request);
    String key = route.key.resolve(request, ip, route.routeKey);
    long declared = request.contentLength();
    if (declared < 0 && request.header("Transfer-Encoding") == null) {
      declared = 0;
    }
    RequestIds ids = route.config.requestIds();
    String id = ids == null ? null : ids.idOf(request, route.config.resolver());
    String method = request.method();
    EdgeSpan span = EdgeEvents.startSpan(route, method, path);
    return span == null
        ? new RequestContext(ip, key, method, path, start, declared, id)
        : new Traced(ip, key, method, path, start, declared, id, span);
  }
}
