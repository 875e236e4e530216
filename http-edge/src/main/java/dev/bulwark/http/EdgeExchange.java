package dev.bulwark.http;

import org.jspecify.annotations.Nullable;

/**
 * One request's passage through an {@link Edge}: admitted (the handler runs) or answered by a gate.
 *
 * <p>The adapter's protocol:
 * <pre>{@code
 * EdgeExchange exchange = edge.begin(requestView);
 * if (!exchange.admitted()) {
 *   write(exchange.rejection());                  // status, headers, body: see EdgeRejection
 *   return;
 * }
 * exchange.writeHeaders(responseView);            // before the handler commits the response
 * try {
 *   handler.handle(request, response);            // may read exchange.cspNonce()
 *   exchange.complete(response.getStatus());      // or later, when an async response completes
 * } catch (Throwable t) {
 *   exchange.fail(t);
 *   throw t;
 * }
 * }</pre>
 *
 * <p>An admitted exchange holds resources until it is finished: a concurrency permit and a circuit
 * breaker permission. Exactly one of {@link #complete}, {@link #fail} and {@link #cancel} finishes
 * it; the first call wins and every later call (from any thread) does nothing, so an adapter may
 * call them from both a completion callback and a close listener. An exchange that is never
 * finished leaks its permit. For a rejected exchange all three do nothing.
 *
 * <p>Thread-safe: the finishing methods may race; the other methods may be called from any thread
 * once {@link Edge#begin} has returned.
 */
public sealed interface EdgeExchange permits AdmittedExchange, RejectedExchange {

  /**
   * Tells whether the request may go to the handler.
   *
   * @return true when every gate admitted it; false when {@link #rejection()} must be sent instead
   */
  boolean admitted();

  /**
   * Returns the response to send instead of calling the handler.
   *
   * @return the rejection (or preflight answer) when not {@link #admitted()}, otherwise null
   */
  @Nullable EdgeRejection rejection();

  /**
   * Returns the name of the route that handled the request, for logs and metrics.
   *
   * @return the route name; {@code "default"} for the built-in default route
   */
  String routeName();

  /**
   * Returns the path the edge routed: the canonical form of the request's path (decoded, without
   * path parameters, dot segments resolved; see {@link Edge}). An adapter hands the application
   * exactly this path, so that the handler that runs is the one whose route's gates ran; an
   * application that routes by itself should route on it.
   *
   * @return the canonical path, decoded, starting with {@code '/'} (or the request's {@code *}
   *     target); for a request refused because of its path's spelling, the path as received
   */
  String path();

  /**
   * Returns the client's IP address as the edge's {@link ClientIpResolver} resolves it: behind a
   * trusted proxy, the address it forwarded; otherwise the TCP peer. Handlers that grant anything
   * by address (an operator endpoint, an allow-list) must use this rather than the peer, which is
   * the proxy's for every client behind one. Resolved on each call (nothing is kept on the
   * exchange, so that requests that never ask pay nothing); call it while the request is in
   * progress.
   *
   * @return the client's IP literal, without port or brackets
   */
  String clientAddress();

  /**
   * Writes this exchange's response headers: the route's security headers (with this request's
   * CSP nonce; HSTS only on secure requests), the CORS headers for the request's origin, and the
   * {@code RateLimit-Policy} / {@code RateLimit} fields (and the legacy {@code X-RateLimit-*}
   * fields when the edge enables them). {@code Vary} is added to, every other header replaced.
   * Call it for an admitted request before the handler commits the response; calling it twice
   * writes the same values again. For a rejected exchange it writes the rejection's headers.
   *
   * @param response the response view
   * @throws NullPointerException if {@code response} is null
   */
  void writeHeaders(EdgeResponse response);

  /**
   * Returns this request's identifier, when the edge has {@link RequestIds}
   * ({@link EdgeBuilder#requestIds}): the trusted proxy's value or a generated one. The same value
   * is in the response's header ({@link #writeHeaders}, or the rejection's headers), in the problem
   * body of a refusal and in the edge's log events; adapters put it in the slf4j MDC under
   * {@value RequestIds#MDC_KEY} while the handler runs.
   *
   * @return the identifier, or null when the edge has no request identifiers
   */
  @Nullable String requestId();

  /**
   * Returns this request's trace span, when the edge has an {@link EdgeTracer}
   * ({@link EdgeBuilder#tracer}) that traces it: started when the request began, ended when the
   * exchange is finished. A handler that cannot rely on {@link #openScope()} (a Netty handler: see
   * {@link EdgeTracer}) takes its spans' parent from here, such as with {@code micrometer-metrics}'
   * {@code EdgeObservations.observation(exchange)}.
   *
   * @return the span, or null when the edge has no tracer, the tracer does not trace this request,
   *     or the exchange was rejected (its span has ended)
   */
  @Nullable EdgeSpan span();

  /**
   * Makes this request's {@link #span()} current on the calling thread until the returned scope is
   * closed, so that spans the handler starts on this thread are its children. Adapters call it
   * around the handler (the servlet adapter does, around the rest of the filter chain); close the
   * scope on the same thread. A span whose {@link EdgeSpan#open()} throws is logged and not made
   * current.
   *
   * @return the scope; {@link EdgeSpan.Scope#NONE} (no allocation) when there is no span
   */
  EdgeSpan.Scope openScope();

  /**
   * Returns this request's Content-Security-Policy nonce, for the handler's inline
   * {@code <script nonce="...">} and {@code <style nonce="...">} elements.
   *
   * @return 24 base64 characters (128 random bits), or null when the route's
   *     Content-Security-Policy uses no nonce (or the exchange was rejected)
   */
  @Nullable String cspNonce();

  /**
   * Tells whether the adapter must read the body (at most {@link #maxBodyBytes()} plus one bytes)
   * and pass it to {@link #checkBody(byte[], int)} (or, decoded, to
   * {@link #checkBody(CharSequence)}) before calling the handler: only when the route checks body
   * content. A body no content gate needs is never read by the edge; its size is held by counting
   * ({@link #bodyLimit()}).
   *
   * @return true for an admitted exchange on a route with a body policy
   */
  boolean wantsBody();

  /**
   * Returns the most bytes the request's body may have: the route's {@code maxBodyBytes}, or the
   * edge's {@link EdgeBuilder#maxBodyBytes(long)} for a route that sets none. A declared
   * {@code Content-Length} over it was refused already by {@link Edge#begin}. For a body the
   * adapter passes on without reading ({@link #wantsBody()} false) and whose length was not
   * declared (chunked), the adapter counts the bytes as they pass and, past this limit, stops
   * passing them, calls {@link #refuseOversizedBody()} and sends its 413 if no response has
   * started (closing the connection either way).
   *
   * @return the limit in bytes, or -1 when there is none (or the exchange was rejected)
   */
  long bodyLimit();

  /**
   * Finishes an admitted exchange whose streamed body went past {@link #bodyLimit()}: releases its
   * permits and gives the breaker permission back without an outcome (the handler never saw a
   * whole request), and returns the 413 rejection ({@code TOO_LARGE}) to send when no response
   * has started. Calling it again returns an equal rejection and finishes nothing more.
   *
   * @return the 413 rejection
   * @throws IllegalStateException if the exchange was rejected or has no body limit
   */
  EdgeRejection refuseOversizedBody();

  /**
   * Checks the request body against the route's body policy (size, control characters, and the
   * SQL-injection and XSS detectors as that {@code InputPolicy} configures them): its text, then,
   * for a JSON or form body (by the request's {@code Content-Type}), each key and string value or
   * each field name and value decoded, as the application will read them; JSON nested deeper than
   * 64 levels is refused. When this returns
   * a rejection, the exchange is finished (permits released, the breaker permission given back
   * without an outcome): send the rejection and do not call the handler.
   *
   * @param body the decoded body text
   * @return null when the body passes or {@link #wantsBody()} is false; otherwise a 400 or 413
   *     rejection
   * @throws NullPointerException if {@code body} is null
   */
  @Nullable EdgeRejection checkBody(CharSequence body);

  /**
   * Returns how many body bytes can pass {@link #checkBody(byte[], int)}, so that an adapter knows
   * how much to buffer: it reads at most this many bytes plus one, and a body longer than this is
   * refused without being read further.
   *
   * @return -1 when {@link #wantsBody()} is false; otherwise the route's body policy's
   *     {@code maxBytes()}, lowered to the {@link #bodyLimit()} when there is one, and never above {@code Integer.MAX_VALUE - 9} (bodies are checked in memory, and the limit plus
   *     one byte must fit in an array)
   */
  long maxBodyBytes();

  /**
   * Checks a request body given as the bytes the adapter read: at most {@link #maxBodyBytes()}
   * plus one. More than {@code maxBodyBytes()} bytes is refused with 413 ({@code TOO_LARGE})
   * without looking further; otherwise the bytes are decoded as UTF-8 (bytes that are not
   * well-formed UTF-8 give a 400 {@code INVALID_UTF8} violation) and checked as
   * {@link #checkBody(CharSequence)} does, with the same effect on the exchange when refused.
   *
   * @param body a buffer whose first {@code length} bytes are the body read so far
   * @param length how many bytes of {@code body} were read
   * @return null when the body passes or {@link #wantsBody()} is false; otherwise a 400 or 413
   *     rejection
   * @throws NullPointerException if {@code body} is null
   * @throws IndexOutOfBoundsException if {@code length} is negative or above {@code body.length}
   */
  @Nullable EdgeRejection checkBody(byte[] body, int length);

  /**
   * Finishes an admitted exchange with the handler's response status: releases the concurrency
   * permit and records the outcome on the route's circuit breaker, a failure for 5xx (reported as a
   * {@link ServerErrorException}) and a success otherwise, with the duration measured by the edge's
   * ticker since {@link Edge#begin}: from the reading the route's rate limit decided at when the
   * edge built that limit itself (one reading serves both), else from when the breaker permitted
   * the request. Idempotent; see the class description.
   *
   * @param status the status sent, 100 to 599
   * @throws IllegalArgumentException if {@code status} is outside 100 to 599
   */
  void complete(int status);

  /**
   * Finishes an admitted exchange as {@link #complete(int)} does, and tells the edge's
   * {@link EdgeListener} the sizes the adapter knows ({@link EdgeEvent.RequestFinished}).
   * {@code complete(status)} is {@code complete(status, -1, -1)}. Idempotent; see the class
   * description.
   *
   * @param status the status sent, 100 to 599
   * @param requestBytes the request body's bytes the adapter counted, or -1 when it did not count
   *     them (the edge then reports what it read itself, else the declared {@code Content-Length})
   * @param responseBytes the response body's bytes, or -1 when unknown
   * @throws IllegalArgumentException if {@code status} is outside 100 to 599
   */
  void complete(int status, long requestBytes, long responseBytes);

  /**
   * Finishes an admitted exchange whose handler threw: releases the concurrency permit and reports
   * the error to the route's circuit breaker (whose exception predicates classify it; by default
   * every error is a failure). Idempotent; see the class description.
   *
   * @param error what the handler threw
   * @throws NullPointerException if {@code error} is null
   */
  void fail(Throwable error);

  /**
   * Finishes an admitted exchange whose response switched protocols ({@code 101}: a WebSocket
   * upgrade) and turns it into a long-lived connection that keeps the route's concurrency permit
   * (per client key and in total) until {@link EdgeConnection#close()}. The handshake is recorded
   * as a success on the route's breaker and reported to the listener as an admitted request with
   * status 101, now; the connection stays in the edge's in-flight work until it closes, so that
   * {@link Edge#drain} waits for it. Call it once the 101 has been written; call
   * {@link EdgeConnection#close()} when the connection closes, for whatever reason. If the
   * exchange was finished already (a race with a close), the returned connection is already
   * closed and holds nothing.
   *
   * @param goAway what a drain whose deadline passed runs to close the connection with a close
   *     frame 1001 (going away); it may run on any thread, at most once, and must not block
   * @return the connection
   * @throws NullPointerException if {@code goAway} is null
   * @throws IllegalStateException if the exchange was rejected
   */
  EdgeConnection upgrade(Runnable goAway);

  /**
   * Renders the response to an exception the handler threw before it started a response: status
   * 500, the body by the route's {@link ErrorBodyWriter} ({@link ErrorBody#gate()} null, detail
   * "The server could not complete the request."; never the exception's message or stack
   * trace, which may hold secrets), and logs the exception once, at ERROR with its stack trace, on
   * the {@code dev.bulwark.http} logger with {@code event=application_error}, the route and the
   * path. It does not finish the exchange: the adapter writes {@link #writeHeaders} and this
   * response, then calls {@link #fail(Throwable)} (or, when the response passes through the
   * exchange's own completion, as in Netty, {@link #complete(int)} with 500 happens there). Both
   * adapters do this for an exception that reaches them while no response has started.
   *
   * @param error what the handler threw
   * @return the response to send
   * @throws NullPointerException if {@code error} is null
   * @throws IllegalStateException if the exchange was rejected (there was no handler)
   */
  ErrorResponse applicationError(Throwable error);

  /**
   * Finishes an admitted exchange whose handler never ran or whose outcome is unknown (the client
   * went away first): releases the concurrency permit and gives the breaker permission back
   * without recording an outcome. Idempotent; see the class description.
   */
  void cancel();
}
