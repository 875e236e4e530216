package dev.bulwark.http;

import dev.bulwark.headers.CorsPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The framework-neutral front door of an HTTP server: it routes each request and runs the route's
 * gates (CORS, rate limit, concurrency limit, validation, circuit breaker, in that order), so that
 * adapters only translate requests and responses.
 *
 * <pre>{@code
 * Edge edge = Edge.builder()
 *     .route(Route.builder("/api/search").name("search").methods("GET")
 *         .rateLimit(RateLimitGate.of("100/minute")).concurrency(ConcurrencyGate.of(4, 200))
 *         .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
 *         .circuitBreaker(BreakerGate.of(
 *             CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build()))
 *         .build())
 *     .route(Route.builder("/api/**").name("api").rateLimit(RateLimitGate.of("600/minute")).build())
 *     .build();
 *
 * EdgeExchange exchange = edge.begin(requestView);   // then see EdgeExchange
 * }</pre>
 *
 * <h2>Routing</h2>
 * Routes are tried in the order added; the first whose methods and pattern match wins, and a
 * request no route matches goes to the default route ({@link EdgeBuilder#defaultRoute(Route)}; by
 * default one named {@code "default"} with no gates but the security headers). A CORS preflight
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is routed by the
 * method it asks for and answered by that route's CORS policy; if that route has none, by the
 * first route with a CORS policy whose pattern matches (which refuses the method); if there is
 * none either, the request is routed as the ordinary {@code OPTIONS} request it then is.
 *
 * <h2>The path routed, and the path the application sees</h2>
 * Patterns are documented on {@link RouteBuilder}. Routes match one canonical path, so that no
 * spelling of a path reaches a handler past its route's gates: an absolute-form target is reduced
 * to its path, path parameters ({@code ;...}) are dropped, percent-escapes are decoded as UTF-8,
 * {@code .} and {@code ..} segments are resolved (a trailing {@code /} is kept). Spellings that servers and frameworks read differently are refused
 * with 400 before any gate runs, by the default route: an encoded {@code /} or {@code \} ({@code
 * %2F}, {@code %5C}), a raw {@code \}, {@code #}, space, control or non-ASCII character, a bad or
 * double escape ({@code %zz}, {@code %252F}), an encoded control character, bytes that are not
 * UTF-8, an empty segment ({@code //}), a dot segment spelled with an escape or parameters ({@code %2e}, {@code ..;x}), and a
 * {@code ..} above the root; a path over 8,192 characters is refused with 414. The exchange's
 * {@link EdgeExchange#path()} is the canonical path, and adapters hand the application exactly
 * that path (the Netty adapter rewrites the request target to it; a servlet container maps the
 * same path itself). Matching is case-sensitive. The canonical path is computed in one linear
 * pass, and an ordinary path is routed without allocating.
 *
 * <h2>Draining and long-lived connections</h2>
 * An edge counts what is in flight: admitted requests until they finish, and upgraded connections
 * ({@link EdgeExchange#upgrade}) until they close, which keep their route's concurrency permit that
 * long. {@link #drain} refuses new requests and waits for that count to reach zero.
 *
 * <p>Thread-safe: build one edge per application and share it. Its configuration is immutable;
 * its only state besides its limiters and breakers is the in-flight count and whether it drains.
 */
public final class Edge {

  private final Router router;
  private final EdgeConfig config;
  private final List<EdgeRoute> views;
  private final InFlight inFlight = new InFlight();

  Edge(List<Route> routes, Route defaultRoute, EdgeConfig config) {
    this.config = config;
    List<CompiledRoute> compiled = new ArrayList<>(routes.size());
    for (Route route : routes) {
      compiled.add(new CompiledRoute(route, config, share(config, route)));
    }
    this.router = new Router(compiled, new CompiledRoute(defaultRoute, config, share(config, defaultRoute)));
    List<EdgeRoute> all = new ArrayList<>(compiled.size() + 1);
    for (CompiledRoute route : router.routes()) {
      all.add(new EdgeRoute(route));
    }
    all.add(new EdgeRoute(router.fallback()));
    this.views = List.copyOf(all);
  }

  /**
   * Starts building an edge.
   *
   * @return a new builder
   */
  public static EdgeBuilder builder() {
    return new EdgeBuilder();
  }

  /**
   * Runs the gates for one request. When the exchange is {@link EdgeExchange#admitted()}, the
   * caller must finish it ({@link EdgeExchange#complete}, {@link EdgeExchange#fail} or
   * {@link EdgeExchange#cancel}) to release what it holds; a rejected exchange holds nothing.
   *
   * @param request the request view
   * @return the exchange
   * @throws NullPointerException if {@code request} is null
   */
  public EdgeExchange begin(EdgeRequest request) {
    Objects.requireNonNull(request, "request");
    String path = MatchPath.of(request.path());
    if (path == null) {
      return GateChain.refuseTarget(router.fallback(), request);
    }
    String method = request.method();
    if (method.equals("OPTIONS")) {
      String requested = request.header("Access-Control-Request-Method");
      if (CorsPolicy.isPreflight(method, request.header("Origin"), requested)) {
        CompiledRoute route = router.preflightRoute(Objects.requireNonNull(requested), path);
        return GateChain.begin(route, request, path, route.handlesPreflight());
      }
    }
    return GateChain.begin(router.route(method, path), request, path, false);
  }

  /**
   * Tells whether some route's rate or concurrency limit decides in another process (its limiter's
   * {@code isRemote()}, such as a Redis limiter): an adapter on an event loop then starts requests
   * with {@link #beginAsync}, so that it never waits for that process. Constant for this edge.
   *
   * @return whether {@link #beginAsync} can leave a stage pending
   */
  public boolean decidesRemotely() {
    return router.remote();
  }

  /**
   * Runs the gates as {@link #begin} does, without making the calling thread wait for a remote
   * limit. On a route whose rate or concurrency limiter is remote ({@link #decidesRemotely}), that
   * limiter is asked through its asynchronous method; when its answer arrives, the rest of the
   * chain (the concurrency limit, validation, the breaker, the exchange) runs on {@code resume},
   * such as the connection's event loop, so the request view is read only by the calling thread
   * and then by {@code resume}. Everything else is decided at once on the calling thread and the
   * returned stage is already complete: a route without a remote limit, a CORS preflight (the
   * edge's preflight limit is always in memory), a draining edge, a path the edge will not
   * route, an answer the limiter had at once (its deny cache, or its failure policy when its
   * calls in flight are at their bound).
   *
   * <p>Same decisions as {@link #begin}, same accounting: a refused request holds nothing, an
   * admitted exchange must be finished by the caller. A caller that can no longer use the exchange
   * when the stage completes (its connection closed meanwhile) must {@link EdgeExchange#cancel
   * cancel} it. The stage completes exceptionally with what a gate threw (as {@link #begin} would
   * throw it), or with a {@link java.util.concurrent.RejectedExecutionException} if {@code resume}
   * refused the continuation (a concurrency permit taken is then released).
   *
   * @param request the request view; not read after the stage completes
   * @param resume where the chain continues after a remote answer
   * @return the exchange to come
   * @throws NullPointerException if {@code request} or {@code resume} is null
   */
  public CompletionStage<EdgeExchange> beginAsync(EdgeRequest request, Executor resume) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(resume, "resume");
    if (!router.remote()) {
      return CompletableFuture.completedFuture(begin(request));
    }
    String path = MatchPath.of(request.path());
    String method = request.method();
    if (path == null || (method.equals("OPTIONS")
        && CorsPolicy.isPreflight(method, request.header("Origin"), request.header("Access-Control-Request-Method")))) {
      return CompletableFuture.completedFuture(begin(request));
    }
    return GateChain.beginAsync(router.route(method, path), request, path, resume);
  }

  /**
   * Renders the answer to a request that the server or the adapter refuses before the edge can
   * route it: a request line or head the codec cannot parse (400), too long a target (414) or
   * head (431), a read that timed out (408), a transfer coding it does not implement (501), an
   * unsupported HTTP version (505), a body over a limit (413). The answer is the default route's:
   * its security headers and the edge's error format (problem+json or the envelope), so that a
   * container's or codec's own errors look like every other refusal. It is reported to the edge's
   * listener as a {@link EdgeOutcome#VALIDATION} outcome of the default route.
   *
   * @param status 400, 408, 413, 414, 431, 501 or 505
   * @param detail a sentence for the client, such as {@code "The request head is too large."};
   *     never the exception's message of a parser, which may echo client input at length
   * @param secure whether the connection is TLS (HSTS is sent only then)
   * @return the complete response; the adapter sends it with {@code Connection: close}
   * @throws NullPointerException if {@code detail} is null
   * @throws IllegalArgumentException if {@code status} is not one of those listed
   */
  public EdgeRejection protocolError(int status, String detail, boolean secure) {
    Objects.requireNonNull(detail, "detail");
    switch (status) {
      case Statuses.BAD_REQUEST, Statuses.REQUEST_TIMEOUT, Statuses.CONTENT_TOO_LARGE,
          Statuses.URI_TOO_LONG, Statuses.HEADER_FIELDS_TOO_LARGE, Statuses.NOT_IMPLEMENTED,
          Statuses.VERSION_NOT_SUPPORTED -> { }
      default -> throw new IllegalArgumentException(
          "status must be 400, 408, 413, 414, 431, 501 or 505 but was " + status);
    }
    CompiledRoute route = router.fallback();
    EdgeRejection rejection = Rejections.of(route, secure, "/", null,
        Refusal.of(EdgeGate.VALIDATION, status, Texts.truncate(detail), -1), List.of(), null, null);
    EdgeEvents.rejected(route, RequestContext.UNPARSED, rejection);
    return rejection;
  }

  /**
   * Drains the edge, as a server does before it stops: from now on every new request is refused
   * with 503, {@code Retry-After: 1} and {@code Connection: close} (by the route it matches, with
   * that route's headers and error body; gate {@link EdgeGate#DRAINING}), while the requests in
   * flight finish and the open long-lived connections ({@link EdgeConnection}) go on. Returns as
   * soon as nothing is in flight, or when the deadline passes: then each connection still open is
   * told to go away (its adapter closes it with a close frame 1001) and the requests still in
   * flight are left to finish on their own. Draining cannot be undone; a second call joins the
   * first (it waits again, up to its own deadline). {@link #isDraining()} is true from the start of
   * the first call, so that a readiness probe can report DOWN at once.
   *
   * @param deadline how long to wait; zero returns at once (after telling open connections to go
   *     away when anything is in flight)
   * @return whether everything finished in time, and what was left
   * @throws NullPointerException if {@code deadline} is null
   * @throws IllegalArgumentException if {@code deadline} is negative
   * @throws InterruptedException if the calling thread is interrupted while waiting (the edge
   *     keeps draining)
   */
  public DrainResult drain(Duration deadline) throws InterruptedException {
    return inFlight.drain(deadline);
  }

  /**
   * Tells whether {@link #drain} has been called: the edge refuses new requests. For readiness
   * probes. A volatile read; thread-safe.
   *
   * @return true from the start of the first drain on
   */
  public boolean isDraining() {
    return inFlight.draining();
  }

  /**
   * Returns how many admitted requests are in flight (not yet finished) plus how many long-lived
   * connections are open, over every route. A sum of counters updated concurrently: exact when
   * nothing is entering or leaving.
   *
   * @return the count, never negative
   */
  public long inFlight() {
    return inFlight.count();
  }

  /**
   * Returns the route that serves a request of this method and path, as {@link #begin} chooses it
   * (a CORS preflight aside: it is routed by the method it asks for).
   *
   * @param method the request's method, such as {@code GET}
   * @param path the request's path as {@link EdgeRequest#path()} gives it: raw, without the query
   * @return the route, the default route (the last of {@link #routes()}) when no declared route
   *     matches or the edge refuses the path's spelling
   * @throws NullPointerException if an argument is null
   */
  public EdgeRoute routeFor(String method, String path) {
    Objects.requireNonNull(method, "method");
    String matched = MatchPath.of(Objects.requireNonNull(path, "path"));
    CompiledRoute route = matched == null ? router.fallback() : router.route(method, matched);
    List<CompiledRoute> declared = router.routes();
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i) == route) {
        return views.get(i);
      }
    }
    return views.get(views.size() - 1);
  }

  /**
   * Returns read-only views of the routes, with the limiters and breakers the edge runs, for
   * metrics binders and {@link EdgeHealth}.
   *
   * @return an immutable list: the routes in matching order, then the default route
   */
  public List<EdgeRoute> routes() {
    return views;
  }

  /** A route's share of the in-flight work: its own with statistics, else the edge's. */
  private InFlight share(EdgeConfig config, Route route) {
    return config.routeStatistics() ? inFlight.forRoute(route.name()) : inFlight;
  }

  /** The router, for tests. */
  Router router() {
    return router;
  }

  /**
   * Returns a description for logs: the routes in matching order and the default route.
   *
   * @return such as {@code Edge[Route[search GET /api/search], default=Route[default * /**]]}
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Edge[");
    for (CompiledRoute route : router.routes()) {
      sb.append(route).append(", ");
    }
    return sb.append("default=").append(router.fallback()).append(", ").append(config.errorBodyWriter()).append(']')
        .toString();
  }
}
