package dev.bulwark.http;

import org.jspecify.annotations.Nullable;

/**
 * Starts a trace span for each request an {@link Edge} handles, when the request begins, so that the
 * span covers the gates and the handler and a handler's own spans can be its children. Set one with
 * {@link EdgeBuilder#tracer(EdgeTracer)}; {@code micrometer-metrics}' {@code EdgeObservations} is one
 * (a Micrometer {@code Observation} per request). An edge without a tracer pays one null check per
 * request for this hook and builds nothing for it.
 *
 * <h2>When it is called</h2>
 * {@link #start} is called once per request, from {@link Edge#begin}, on the thread that calls it,
 * after the request is routed and before any gate runs (a request refused for its path's spelling
 * is routed to the default route first; a request the server could not parse,
 * {@link Edge#protocolError}, is started and ended in the same call). The span it returns is
 * told the request's events ({@link EdgeSpan#event}) and ended once ({@link EdgeSpan#end}) when the
 * request ends, on the thread that ends it: at once for a request a gate answers; when the adapter
 * finishes an admitted exchange ({@link EdgeExchange#complete}, {@link EdgeExchange#fail},
 * {@link EdgeExchange#cancel}, a refused body, or {@link EdgeExchange#upgrade}: a WebSocket's span
 * ends with its handshake). An exchange that is never finished never ends its span. While the
 * handler runs, the adapter makes the span current on the handler's thread
 * ({@link EdgeExchange#openScope()}): the servlet adapter around the rest of the filter chain; the
 * Netty adapter cannot (a channel's event loop serves many requests), so a Netty handler takes its
 * parent from {@link EdgeExchange#span()}.
 *
 * <h2>Contract for implementations</h2>
 * Called on request threads, concurrently: thread-safe, fast, never blocking. An exception thrown by
 * {@link #start} or by a span's methods is logged ({@code event=edge_listener_failed}, WARN, logger
 * {@code dev.bulwark.http}) and swallowed: the request goes on untraced (or with its span not
 * ended), never failed.
 */
@FunctionalInterface
public interface EdgeTracer {

  /**
   * Starts the span of a request that begins now.
   *
   * @param route the name of the route that handles the request (the same {@code String} instance
   *     for every request of a route)
   * @param method the request's method, such as {@code "GET"}; empty for a request the server could
   *     not parse
   * @param path the path the edge routes: the canonical path of {@link EdgeExchange#path()} (for a
   *     request refused for its path's spelling, the path as received)
   * @return the request's span, started; or null not to trace this request (sampling, a no-op
   *     registry)
   */
  @Nullable EdgeSpan start(String route, String method, String path);
}
