package dev.bulwark.http;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link Edge}. Routes accumulate in the order added; every other setting may be
 * made once (a second call throws {@link IllegalStateException}). Not thread-safe; the built edge
 * is immutable and thread-safe.
 *
 * <p>Defaults: no routes, a default route named {@code "default"} without gates,
 * {@link SecurityHeaders#strict()} for routes that set no security headers,
 * {@link ClientIpResolver#peer()}, {@link Ticker#system()}, {@link Clock#systemUTC()},
 * {@link ErrorBodyWriter#problemJson()} bodies with {@code about:blank} problem types, no legacy
 * {@code X-RateLimit-*} fields, no {@link EdgeListener}, CORS preflights limited to
 * {@value #DEFAULT_PREFLIGHT_RATE_LIMIT} per client IP, request bodies of routes that set no
 * {@code maxBodyBytes} limited to {@value #DEFAULT_MAX_BODY_BYTES} bytes.
 */
public final class EdgeBuilder {

  private final List<Route> routes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private @Nullable Route defaultRoute;
  private @Nullable SecurityHeaders securityHeaders;
  private @Nullable ClientIpResolver clientIpResolver;
  private @Nullable Ticker ticker;
  private @Nullable Clock clock;
  private @Nullable ErrorFormat errorFormat;
  private @Nullable ErrorBodyWriter errorBodyWriter;
  private @Nullable Boolean legacyRateLimitHeaders;
  private @Nullable Boolean routeStatistics;
  private @Nullable LegacyRateLimitReset legacyRateLimitReset;
  private @Nullable String problemTypeBase;
  private @Nullable EdgeListener listener;
  private @Nullable EdgeTracer tracer;
  private @Nullable List<RateLimit> preflightLimits;
  private @Nullable Long maxBodyBytes;
  private @Nullable RequestIds requestIds;
  private @Nullable RequestLog requestLog;
  private @Nullable Set<EdgeGate> shadowed;

  /** The body size limit of routes that set none, in an edge that sets no other: {@value} (1 MiB). */
  public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

  /** The preflight limit of an edge that sets none: {@value}, per client IP. */
  public static final String DEFAULT_PREFLIGHT_RATE_LIMIT = "120/minute";

  EdgeBuilder() {}

  /**
   * Adds a route after those already added; the first matching route wins.
   *
   * @param route the route
   * @return this builder
   * @throws NullPointerException if {@code route} is null
   * @throws IllegalArgumentException if a route of the same name was already added
   */
  public EdgeBuilder route(Route route) {
    Objects.requireNonNull(route, "route");
    if (!names.add(route.name())) {
      throw new IllegalArgumentException("a route named \"" + route.name() + "\" was already added");
    }
    routes.add(route);
    return this;
  }

  /**
   * Sets the route of requests that no route matches. Its pattern must be {@code /**} and it may
   * not restrict methods: it takes every request left over.
   *
   * @param route the default route, such as
   *     {@code Route.builder("/**").name("default").rateLimit("1000/minute").build()}
   * @return this builder
   * @throws IllegalArgumentException if the pattern is not {@code /**} or methods are set
   * @throws IllegalStateException if the default route was already set
   */
  public EdgeBuilder defaultRoute(Route route) {
    Objects.requireNonNull(route, "route");
    if (!route.pattern.matchesEverything() || !route.methods().isEmpty()) {
      throw new IllegalArgumentException(
          "the default route must have the pattern /** and no methods but was " + route);
    }
    this.defaultRoute = Preconditions.setOnce("defaultRoute", defaultRoute, route);
    return this;
  }

  /**
   * Sets the security headers of routes that set none (default {@link SecurityHeaders#strict()}).
   *
   * @param headers the headers, such as {@link SecurityHeaders#api()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder securityHeaders(SecurityHeaders headers) {
    this.securityHeaders = Preconditions.setOnce("securityHeaders", securityHeaders, headers);
    return this;
  }

  /**
   * Sets how client IPs are resolved for rate-limit keys (default {@link ClientIpResolver#peer()}).
   *
   * @param resolver the resolver
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder clientIpResolver(ClientIpResolver resolver) {
    this.clientIpResolver = Preconditions.setOnce("clientIpResolver", clientIpResolver, resolver);
    return this;
  }

  /**
   * Sets the clock that measures call durations for the circuit breakers and drives the limiters
   * and breakers the edge builds (default {@link Ticker#system()}).
   *
   * @param ticker the ticker, such as a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets the wall clock of the {@link ErrorBodyWriter#envelope()} timestamp, the
   * {@link ErrorBody#timestamp()} of every rejection (default
   * {@link Clock#systemUTC()}).
   *
   * @param clock the clock, such as {@link Clock#fixed} in tests
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder clock(Clock clock) {
    this.clock = Preconditions.setOnce("clock", this.clock, clock);
    return this;
  }

  /**
   * Chooses one of the built-in rejection bodies by name (default {@link ErrorFormat#PROBLEM_JSON}):
   * the same as {@link #errorBodyWriter(ErrorBodyWriter) errorBodyWriter(format.writer())}.
   *
   * @param format the format
   * @return this builder
   * @throws IllegalStateException if already set, or if an error body writer was set
   */
  public EdgeBuilder errorFormat(ErrorFormat format) {
    this.errorFormat = Preconditions.setOnce("errorFormat", errorFormat, format);
    if (errorBodyWriter != null) {
      throw new IllegalStateException("errorFormat and errorBodyWriter are alternatives: errorBodyWriter "
          + "was already set to " + errorBodyWriter);
    }
    return this;
  }

  /**
   * Sets the writer of rejection bodies for routes that set none with
   * {@link RouteBuilder#errorBodyWriter(ErrorBodyWriter)} (default
   * {@link ErrorBodyWriter#problemJson()}). A writer that fails is replaced by the problem writer
   * for that body; see {@link ErrorBodyWriter}.
   *
   * @param writer the writer, such as {@link ErrorBodyWriter#envelope()} or your own
   * @return this builder
   * @throws IllegalStateException if already set, or if an error format was set
   */
  public EdgeBuilder errorBodyWriter(ErrorBodyWriter writer) {
    this.errorBodyWriter = Preconditions.setOnce("errorBodyWriter", errorBodyWriter, writer);
    if (errorFormat != null) {
      throw new IllegalStateException("errorFormat and errorBodyWriter are alternatives: errorFormat "
          + "was already set to " + errorFormat);
    }
    return this;
  }

  /**
   * Adds the legacy {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
   * {@code X-RateLimit-Reset} (delta-seconds) fields next to the draft-10 {@code RateLimit} fields,
   * with the same values as {@code q}, {@code r} and {@code t} (default off).
   *
   * @param enabled whether to send them
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder legacyRateLimitHeaders(boolean enabled) {
    this.legacyRateLimitHeaders = Preconditions.setOnce("legacyRateLimitHeaders", legacyRateLimitHeaders, enabled);
    return this;
  }

  /**
   * Chooses what the legacy {@code X-RateLimit-Reset} field says (default
   * {@link LegacyRateLimitReset#DELTA_SECONDS}); needs {@link #legacyRateLimitHeaders(boolean)
   * legacyRateLimitHeaders(true)}.
   *
   * @param reset delta seconds, or epoch seconds by the edge's clock
   * @return this builder
   * @throws IllegalStateException if already set; {@link #build()} throws it when the legacy
   *     fields are not enabled
   */
  public EdgeBuilder legacyRateLimitReset(LegacyRateLimitReset reset) {
    this.legacyRateLimitReset = Preconditions.setOnce("legacyRateLimitReset", legacyRateLimitReset, reset);
    return this;
  }

  /**
   * Makes problem types URIs under a base instead of {@code about:blank}: the type is the base
   * followed by {@code rate-limited}, {@code concurrency-limited}, {@code circuit-open},
   * {@code invalid-input}, {@code content-too-large}, {@code unsupported-media-type} or
   * {@code cors-refused}.
   *
   * @param base an absolute URI, such as {@code https://errors.example.com/}
   * @return this builder
   * @throws IllegalArgumentException if {@code base} is not an absolute URI
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder problemTypeBase(String base) {
    Objects.requireNonNull(base, "base");
    try {
      if (!new URI(base).isAbsolute()) {
        throw new IllegalArgumentException("problemTypeBase must be an absolute URI but was \"" + base + "\"");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("problemTypeBase must be an absolute URI but was \"" + base + "\"", e);
    }
    this.problemTypeBase = Preconditions.setOnce("problemTypeBase", problemTypeBase, base);
    return this;
  }

  /**
   * Sets the listener told how each request ended, for metrics (default none: the hook then costs
   * one null check per request). See {@link EdgeListener} for when it is called.
   *
   * @param listener the listener, such as {@code micrometer-metrics}' {@code EdgeMetrics}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder listener(EdgeListener listener) {
    this.listener = Preconditions.setOnce("listener", this.listener, listener);
    return this;
  }

  /**
   * Sets the tracer that starts a span for each request when it begins, ends it when the request
   * ends, and whose span the adapters make current while the handler runs (default none: the hook
   * then costs one null check per request). See {@link EdgeTracer} for when it is called.
   *
   * @param tracer the tracer, such as {@code micrometer-metrics}' {@code EdgeObservations}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder tracer(EdgeTracer tracer) {
    this.tracer = Preconditions.setOnce("tracer", this.tracer, tracer);
    return this;
  }

  /**
   * Limits the CORS preflights ({@code OPTIONS} with {@code Origin} and
   * {@code Access-Control-Request-Method}) each client IP may send, across all routes (default
   * {@value #DEFAULT_PREFLIGHT_RATE_LIMIT}). The edge answers preflights itself, so they never
   * reach a route's rate limit: without this limit a client could make the edge answer them
   * without end. A preflight over the limit gets 429 with {@code Retry-After} and the
   * {@code RateLimit} fields of the policy {@code "preflight"} (and no CORS headers, so the
   * browser fails the request it was asking for). Browsers cache an allowed preflight for the
   * policy's max-age, so a page needs far fewer preflights than requests; raise the limit for
   * pages that call many distinct URLs. {@code "none"} turns the limit off.
   *
   * @param spec limits in the {@link Limits} syntax, such as {@code "300/minute"}, or
   *     {@code "none"}
   * @return this builder
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException if {@code spec} does not parse (the message quotes it)
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder preflightRateLimit(String spec) {
    Objects.requireNonNull(spec, "spec");
    List<RateLimit> limits = spec.trim().equals("none") ? List.of() : Limits.parse(spec);
    this.preflightLimits = Preconditions.setOnce("preflightRateLimit", preflightLimits, limits);
    return this;
  }

  /**
   * Limits the request body of every route that sets no {@link RouteValidation.Builder#maxBodyBytes(long)} of
   * its own, the default route included (default {@value #DEFAULT_MAX_BODY_BYTES} bytes, 1 MiB). A
   * body that declares a larger {@code Content-Length} is refused with 413 before the handler
   * runs; a streamed (chunked) body is read by the adapter up to the limit and refused with 413
   * past it. Without such a cap, a {@code GET} or a request for an unknown path could make the
   * server accept and buffer bodies as large as its framework allows. Routes that take larger
   * uploads set their own limit; {@link Long#MAX_VALUE} lifts the edge-wide cap.
   *
   * @param maxBytes the limit in bytes, at least 0
   * @return this builder
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder maxBodyBytes(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 0 but was " + maxBytes);
    }
    this.maxBodyBytes = Preconditions.setOnce("maxBodyBytes", maxBodyBytes, maxBytes);
    return this;
  }

  /**
   * Gives every request an identifier, read from a trusted proxy's header or generated, and sends it
   * back in that header (default none: no identifier, no header). See {@link RequestIds}.
   *
   * @param ids the identifiers, such as {@link RequestIds#standard()} ({@code X-Request-ID})
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder requestIds(RequestIds ids) {
    this.requestIds = Preconditions.setOnce("requestIds", requestIds, ids);
    return this;
  }

  /**
   * Puts some gates of every route (the default route included) in shadow mode, in addition to
   * those each route shadows itself: each decides as usual, reports the refusal it would have made
   * and lets the request through. See {@link RouteBuilder#shadow(EdgeGate, EdgeGate...)} for what that
   * means per gate.
   *
   * @param gate a gate
   * @param more more gates
   * @return this builder
   * @throws NullPointerException if a gate is null
   * @throws IllegalStateException if the shadowed gates were already set
   */
  public EdgeBuilder shadow(EdgeGate gate, EdgeGate... more) {
    this.shadowed = Preconditions.setOnce("shadow", this.shadowed, ShadowMode.gates(gate, more));
    return this;
  }

  /**
   * Logs slow requests and (a bounded number of) refusals (default none). See {@link RequestLog}.
   *
   * @param log the log configuration, such as {@link RequestLog#defaults()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public EdgeBuilder requestLog(RequestLog log) {
    this.requestLog = Preconditions.setOnce("requestLog", requestLog, log);
    return this;
  }

  /**
   * Puts every gate of every route in shadow mode: the edge refuses nothing it routes (a path it
   * will not route, such as one with an encoded {@code /}, is still refused with 400), and reports
   * every refusal it would have made.
   *
   * @return this builder
   * @throws IllegalStateException if the shadowed gates were already set
   */
  public EdgeBuilder shadow() {
    this.shadowed = Preconditions.setOnce("shadow", this.shadowed, ShadowMode.ALL);
    return this;
  }

  /**
   * Keeps statistics per route (default off): responses by status, admitted and refused requests
   * (by gate) and requests in flight, read through {@link EdgeRoute#statistics()}. Without it the
   * edge counts nothing and allocates nothing for them; with it each request adds a few uncontended
   * counter increments and still allocates nothing. See {@link RouteStatistics}.
   *
   * @return this builder
   * @throws IllegalStateException if already chosen
   */
  public EdgeBuilder routeStatistics() {
    this.routeStatistics = Preconditions.setOnce("routeStatistics", routeStatistics, Boolean.TRUE);
    return this;
  }

  /**
   * Builds the edge, creating the limiters and breakers its routes describe.
   *
   * @return the edge
   */
  public Edge build() {
    if (legacyRateLimitReset != null && !Boolean.TRUE.equals(legacyRateLimitHeaders)) {
      throw new IllegalStateException("legacyRateLimitReset needs legacyRateLimitHeaders(true)");
    }
    Route fallback = defaultRoute != null ? defaultRoute : Route.builder("/**").name("default").build();
    EdgeConfig config = new EdgeConfig(
        ticker != null ? ticker : Ticker.system(),
        clock != null ? clock : Clock.systemUTC(),
        clientIpResolver != null ? clientIpResolver : ClientIpResolver.peer(),
        errorBodyWriter != null
            ? errorBodyWriter
            : errorFormat != null ? errorFormat.writer() : ErrorBodyWriter.problemJson(),
        Boolean.TRUE.equals(legacyRateLimitHeaders),
        problemTypeBase,
        securityHeaders != null ? securityHeaders : SecurityHeaders.strict(),
        listener,
        preflightGate(preflightLimits != null ? preflightLimits : Limits.parse(DEFAULT_PREFLIGHT_RATE_LIMIT),
            ticker != null ? ticker : Ticker.system()),
        maxBodyBytes != null ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES,
        requestIds,
        requestLog,
        requestLog != null ? new RequestLogger(requestLog, ticker != null ? ticker : Ticker.system()) : null,
        shadowed != null ? shadowed : Set.of(),
        legacyRateLimitReset == LegacyRateLimitReset.EPOCH_SECONDS,
        tracer,
        Boolean.TRUE.equals(routeStatistics));
    if (requestLog != null) {
      for (String name : requestLog.routesWithOwnThresholds()) {
        if (!names.contains(name) && !name.equals(fallback.name())) {
          throw new IllegalArgumentException("the request log sets thresholds for route \"" + name
              + "\", which the edge does not have");
        }
      }
    }
    return new Edge(List.copyOf(routes), fallback, config);
  }

  private static @Nullable RateGate preflightGate(List<RateLimit> limits, Ticker ticker) {
    if (limits.isEmpty()) {
      return null;
    }
    return RateGate.keyed(PREFLIGHT, KeyedRateLimiter.builder(limits).name(PREFLIGHT).ticker(ticker).<String>build());
  }

  /** The name of the preflight limit's policy and limiter. */
  static final String PREFLIGHT = "preflight";
}
