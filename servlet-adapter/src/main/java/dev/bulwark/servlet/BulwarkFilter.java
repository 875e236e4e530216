package dev.bulwark.servlet;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.EdgeSpan;
import dev.bulwark.http.ErrorResponse;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.ReloadableEdge;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A servlet filter that runs every request through an {@link Edge}: a refused request gets the
 * edge's answer (status, headers, body) and never reaches the application; an admitted one gets
 * the edge's response headers and goes on, and its outcome (status, exception, async completion)
 * is reported back so that permits are released and the circuit breaker learns.
 *
 * <p>Registered programmatically, with the edge built in code (Jetty 12 shown; any container's
 * {@code ServletContext.addFilter(String, Filter)} works the same):
 * <pre>{@code
 * Edge edge = Edge.builder().route(Route.builder("/api/**").rateLimit(RateLimitGate.of("100/minute")).build()).build();
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 * Or in {@code web.xml}, naming a class of yours that implements {@code Supplier<Edge>} and has a
 * public no-argument constructor; {@link #init} creates it once and asks it for the edge:
 * <pre>{@code
 * <filter>
 *   <filter-name>bulwark</filter-name>
 *   <filter-class>dev.bulwark.servlet.BulwarkFilter</filter-class>
 *   <init-param><param-name>bulwark.edgeFactory</param-name><param-value>com.example.MyEdge</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>bulwark</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>Details: routes see the path inside the application, without the context path (see
 * {@code ServletEdgeRequest}). The CSP nonce is the request attribute {@value #CSP_NONCE_ATTRIBUTE},
 * and the exchange the attribute {@value #EXCHANGE_ATTRIBUTE}.
 * On a route with body checks the body is read into memory (at most
 * {@link EdgeExchange#maxBodyBytes()} plus one byte) and replayed to the application. Any other
 * body is never read by the filter: a streamed one (chunked, no {@code Content-Length}) is counted
 * as the application reads it, and a read past {@link EdgeExchange#bodyLimit()} fails with an
 * {@code IOException}, after which the filter answers 413 (with {@code Connection: close}) if the
 * application has not committed a response. Only
 * {@code REQUEST} dispatches are checked; forwards, includes, async and error dispatches pass
 * through. An asynchronous request is finished when its {@code AsyncContext} completes, times out
 * or fails; on Jetty 12, also when its client has gone while the application held it past the
 * connection's idle timeout ({@link HeldRequests}, chosen by {@link #withHeldRequests}). When the
 * edge has {@link dev.bulwark.http.RequestIds}, the request's identifier is in
 * the slf4j MDC under {@value dev.bulwark.http.RequestIds#MDC_KEY} while the rest of the chain runs
 * on the filter's thread (an asynchronous handler's other threads must copy it themselves). When
 * the edge has a tracer ({@link dev.bulwark.http.EdgeBuilder#tracer}), the request's span is current
 * on the filter's thread likewise ({@link EdgeExchange#openScope()}), so that the application's spans
 * are its children; it ends when the exchange is finished.
 * A WebSocket upgraded on Jetty 12 (its {@code 101} written by any of Jetty's WebSocket
 * APIs behind this filter) keeps its route's concurrency permit until the socket closes, for any
 * reason, and gets the route's {@link dev.bulwark.http.ConnectionPolicy} (idle expiry, heartbeat)
 * and a close frame 1001 when a drain's deadline passes ({@link Edge#drain}); the handshake itself
 * is recorded as the request's outcome. Register the filter before Jetty's
 * {@code WebSocketUpgradeFilter} would run, that is, serve sockets with a
 * {@code JettyWebSocketServlet} (or the Jakarta equivalent) mapped behind this filter. On other
 * containers a {@code 101} finishes the exchange at once.
 *
 * <p>Application errors: a {@code RuntimeException} or {@code ServletException} thrown by the rest
 * of the chain before the response was committed is answered here with the edge's 500
 * ({@link EdgeExchange#applicationError}: the route's error body writer, the exception logged once,
 * never its message or stack trace in the body) and not rethrown, so the container's own error page
 * (which may show a stack trace) never runs; the exception is reported to the route's breaker. After
 * the response was committed it is rethrown, as are {@code IOException}s and {@code Error}s.
 * Thread-safe: one instance serves every request.
 */
public final class BulwarkFilter implements Filter {

  /** The request attribute holding the request's CSP nonce (a {@code String}), when there is one. */
  public static final String CSP_NONCE_ATTRIBUTE = "dev.bulwark.cspNonce";
  /**
   * The request attribute holding the admitted request's {@link EdgeExchange}: its route name and
   * the canonical path the edge routed ({@link EdgeExchange#path()}, which the container's mapping
   * agrees with), for handlers and logs. Do not finish it: the filter does.
   */
  public static final String EXCHANGE_ATTRIBUTE = "dev.bulwark.exchange";
  /** The init-param naming a {@code java.util.function.Supplier<Edge>} class, for {@code web.xml}. */
  public static final String EDGE_FACTORY_PARAMETER = "bulwark.edgeFactory";
  /**
   * The init-param choosing {@link HeldRequests} for {@code web.xml} ({@code keep},
   * {@code end-if-client-gone} or {@code end-if-idle}; see {@link HeldRequests#parse}).
   */
  public static final String HELD_REQUESTS_PARAMETER = "bulwark.heldRequests";

  private volatile @Nullable Edge edge;
  /** The holder of a reloadable edge, read once per request instead of {@code edge}; or null. */
  private final @Nullable ReloadableEdge reloadable;
  /** Set by the init-param when {@link #withHeldRequests} did not; read once per admitted request. */
  private volatile HeldRequests heldRequests;
  /** Whether {@link #withHeldRequests} chose {@code heldRequests} (then the init-param may not). */
  private final boolean heldRequestsChosen;

  /**
   * Creates a filter around an edge, for programmatic registration.
   *
   * @param edge the edge
   * @throws NullPointerException if {@code edge} is null
   */
  public BulwarkFilter(Edge edge) {
    this(Objects.requireNonNull(edge, "edge"), null, HeldRequests.END_IF_CLIENT_GONE, false);
  }

  /**
   * Creates a filter around a replaceable edge, for hot reload (such as the config module's
   * {@code ReloadingConfig.edge()}): each request runs wholly on the edge current when it arrives,
   * read with one volatile read; requests in flight finish on the edge they began on.
   *
   * @param edges the holder of the edge
   * @throws NullPointerException if {@code edges} is null
   */
  public BulwarkFilter(ReloadableEdge edges) {
    this(Objects.requireNonNull(edges, "edges").current(), edges, HeldRequests.END_IF_CLIENT_GONE, false);
  }

  /** Creates a filter that gets its edge in {@link #init} from {@value #EDGE_FACTORY_PARAMETER}. */
  public BulwarkFilter() {
    this(null, null, HeldRequests.END_IF_CLIENT_GONE, false);
  }

  private BulwarkFilter(
      @Nullable Edge edge, @Nullable ReloadableEdge reloadable, HeldRequests heldRequests, boolean chosen) {
    this.edge = edge;
    this.reloadable = reloadable;
    this.heldRequests = heldRequests;
    this.heldRequestsChosen = chosen;
  }

  /**
   * Returns a filter like this one (same edge, or same edge holder, or same {@code web.xml}
   * factory) that treats asynchronous requests held past the connection's idle timeout as
   * {@code policy} says, on Jetty 12; see {@link HeldRequests}. The default, without this call or
   * the init-param {@value #HELD_REQUESTS_PARAMETER}, is {@link HeldRequests#END_IF_CLIENT_GONE}.
   * This filter is not changed.
   *
   * @param policy what to do with a held request at an idle timeout
   * @return a new filter
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalStateException if this filter's policy was chosen already
   */
  public BulwarkFilter withHeldRequests(HeldRequests policy) {
    Objects.requireNonNull(policy, "policy");
    if (heldRequestsChosen) {
      throw new IllegalStateException("held requests was already set to " + heldRequests);
    }
    return new BulwarkFilter(edge, reloadable, policy, true);
  }

  /**
   * Creates the edge from {@value #EDGE_FACTORY_PARAMETER} unless the constructor was given one.
   *
   * @param config the filter configuration
   * @throws ServletException if there is neither an edge nor the init-param, or both, or the
   *     factory class cannot be loaded, created or asked for an edge; or if the init-param
   *     {@value #HELD_REQUESTS_PARAMETER} names no {@link HeldRequests} or was chosen already by
   *     {@link #withHeldRequests}; the message says which
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    initHeldRequests(config.getInitParameter(HELD_REQUESTS_PARAMETER));
    String factory = config.getInitParameter(EDGE_FACTORY_PARAMETER);
    if (edge != null) {
      if (factory != null) {
        throw new ServletException("BulwarkFilter was given an Edge by its constructor, so the init-param "
            + EDGE_FACTORY_PARAMETER + "=" + factory + " would be ignored: remove one of them");
      }
      return;
    }
    if (factory == null) {
      throw new ServletException("BulwarkFilter needs an Edge: use new BulwarkFilter(edge), or set the"
          + " init-param " + EDGE_FACTORY_PARAMETER + " to a Supplier<Edge> class");
    }
    edge = EdgeSuppliers.create(factory.trim());
  }

  private void initHeldRequests(@Nullable String parameter) throws ServletException {
    if (parameter == null) {
      return;
    }
    if (heldRequestsChosen) {
      throw new ServletException("BulwarkFilter was given HeldRequests." + heldRequests
          + " by withHeldRequests, so the init-param " + HELD_REQUESTS_PARAMETER + "=" + parameter
          + " would be ignored: remove one of them");
    }
    try {
      heldRequests = HeldRequests.parse(parameter);
    } catch (IllegalArgumentException e) {
      throw new ServletException("init-param " + HELD_REQUESTS_PARAMETER + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies the edge to one request; see the class description.
   *
   * @param req the request
   * @param res the response
   * @param chain the rest of the chain
   * @throws IOException if reading the body, writing a rejection or the chain fails
   * @throws ServletException if the chain fails
   * @throws IllegalStateException if {@link #init} did not run
   */
  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    ReloadableEdge r = reloadable;
    Edge e = r != null ? r.current() : edge;
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
        || req.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, res);
      return;
    }
    if (e == null) {
      throw new IllegalStateException("BulwarkFilter has no Edge: init(FilterConfig) was not called");
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    ServletEdgeRequest view = new ServletEdgeRequest(request);
    EdgeExchange exchange = e.begin(view);
    HttpServletRequest admitted;
    try {
      admitted = admit(exchange, view, request, response);
    } catch (IOException | RuntimeException | Error t) {
      exchange.cancel();
      throw t;
    }
    if (admitted == null) {
      return;
    }
    // The exchange and nonce attributes, without making the container's request create its
    // attribute map (see AdmittedRequest); set on it where a later dispatch may bypass the wrapper.
    AdmittedRequest passed = new AdmittedRequest(admitted, exchange);
    CountedBodyRequest counted = admitted instanceof CountedBodyRequest ? (CountedBodyRequest) admitted : null;
    HeldRequests held = heldRequests;
    JettyHeldRequests watch =
        held != HeldRequests.KEEP && JettyEe10.AVAILABLE ? listen(exchange, admitted, held) : null;
    String requestId = exchange.requestId();
    MDC.MDCCloseable mdc = requestId == null ? null : MDC.putCloseable(RequestIds.MDC_KEY, requestId);
    EdgeSpan.Scope span = exchange.openScope();
    try {
      chain.doFilter(passed, response);
    } catch (RuntimeException | ServletException t) {
      passed.store();
      if (counted != null && answeredOversizedBody(counted, response)) {
        return;
      }
      if (response.isCommitted()) {
        exchange.fail(t);
        throw t;
      }
      answerApplicationError(exchange, response, t);
      return;
    } catch (IOException | Error t) {
      passed.store();
      if (counted == null || !answeredOversizedBody(counted, response)) {
        exchange.fail(t);
        throw t;
      }
      return;
    } finally {
      span.close();
      if (mdc != null) {
        mdc.close();
      }
    }
    if (response.getStatus() >= 400) {
      passed.store(); // sendError: the container dispatches to its error page after the chain
    }
    if (counted != null && answeredOversizedBody(counted, response)) {
      return;
    }
    if (response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS && holdUpgrade(exchange, admitted)) {
      return;
    }
    boolean heldAsynchronously = OutcomeListener.finish(exchange, admitted, response);
    if (watch != null && heldAsynchronously) {
      watch.heldAsynchronously();
    }
  }

  /**
   * Listens for Jetty's failures of an admitted request, to end it if it is held as {@code policy}
   * says (see {@link HeldRequests}); null when it is not Jetty's.
   */
  private static @Nullable JettyHeldRequests listen(EdgeExchange exchange, HttpServletRequest request,
      HeldRequests policy) {
    try {
      return JettyHeldRequests.listen(exchange, request, policy);
    } catch (LinkageError jettyCoreHidden) {
      // Jetty's core request or I/O classes are not visible to the application: Jetty's semantics.
      return null;
    }
  }

  /**
   * Keeps the permit of an upgraded request (a WebSocket on Jetty 12) until its connection closes;
   * tells whether it did. Elsewhere (no Jetty WebSocket classes) the exchange finishes now.
   */
  private static boolean holdUpgrade(EdgeExchange exchange, HttpServletRequest request) {
    try {
      return JettyUpgrades.hold(exchange, request);
    } catch (LinkageError noJettyWebSocket) {
      return false;
    }
  }

  /**
   * Answers an exception the application threw before committing a response: the edge's 500 from
   * the route's error body writer (logged once by the edge, never the exception's text), with the
   * exchange's headers, and the exchange failed with the exception for the route's breaker.
   */
  private static void answerApplicationError(EdgeExchange exchange, HttpServletResponse response, Exception error)
      throws IOException {
    ErrorResponse answer = exchange.applicationError(error);
    try {
      response.reset();
      exchange.writeHeaders(ServletEdgeResponse.of(response));
      response.setStatus(answer.status());
      response.setContentType(answer.contentType());
      response.setContentLength(answer.bodyLength());
    } finally {
      // Before the body is written: once the client has the response, the breaker has the outcome.
      exchange.fail(error);
    }
    response.getOutputStream().write(answer.body());
  }

  /**
   * Sends the 413 of a streamed body that went past its limit, when the application has not
   * committed a response; tells whether the request was refused so (the exchange is finished).
   */
  private static boolean answeredOversizedBody(CountedBodyRequest request, HttpServletResponse response)
      throws IOException {
    EdgeRejection rejection = request.rejection();
    if (rejection == null) {
      return false;
    }
    if (!response.isCommitted()) {
      response.reset();
      for (ResponseHeader h : rejection.headers()) {
        response.addHeader(h.name(), h.value());
      }
      response.setHeader("Connection", "close");
      Rejections.send(response, rejection);
    }
    return true;
  }

  /** Writes the edge's headers and checks the body; returns the request to pass on, or null if refused. */
  private static @Nullable HttpServletRequest admit(EdgeExchange exchange, ServletEdgeRequest view,
      HttpServletRequest request, HttpServletResponse response) throws IOException {
    exchange.writeHeaders(ServletEdgeResponse.of(response));
    EdgeRejection rejection = exchange.rejection();
    if (rejection != null) {
      Rejections.send(response, rejection);
      return null;
    }
    if (!exchange.wantsBody()) {
      boolean streamed = view.contentLength() < 0 && view.hasTransferEncoding();
      return streamed && exchange.bodyLimit() >= 0 ? new CountedBodyRequest(request, exchange) : request;
    }
    BodyBuffer body = BodyBuffer.read(
        request.getInputStream(), exchange.maxBodyBytes(), view.contentLength());
    EdgeRejection refused = exchange.checkBody(body.bytes, body.length);
    if (refused == null) {
      return new ReplayedBodyRequest(request, body);
    }
    Rejections.sendAfterHeaders(response, refused);
    return null;
  }
}
