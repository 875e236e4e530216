package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.RouteStatistics;
import dev.bulwark.validation.UrlPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The demo's request handling, independent of any server framework: an adapter turns its request
 * into a {@link DemoRequest}, calls {@link #handle}, writes the {@link DemoResponse} out, and
 * reports the final status (its own rejections included) to {@link #record}.
 *
 * <h2>Routes</h2>
 * <table>
 *   <caption>What each route does; limits, validation, CORS and headers are the edge's</caption>
 *   <tr><th>route</th><th>answer</th></tr>
 *   <tr><td>{@code GET /}</td><td>the dashboard page, with the request's CSP nonce</td></tr>
 *   <tr><td>{@code GET /api/search?q=}</td><td>200 JSON results</td></tr>
 *   <tr><td>{@code POST /api/chat}</td><td>the simulated LLM through timeout, retry and circuit
 *       breaker: 200, or 503 with Retry-After while the breaker is open, 502, 504</td></tr>
 *   <tr><td>{@code POST /api/auth/login}</td><td>200 with a fake token; 401 for an empty body</td></tr>
 *   <tr><td>{@code POST /api/documents}</td><td>201 with size and content type</td></tr>
 *   <tr><td>{@code GET /api/fetch?url=}</td><td>the SSRF verdict: 200, or a 400 problem</td></tr>
 *   <tr><td>{@code GET /api/stream?ms=N}</td><td>200 after N ms (at most 10,000), no thread held</td></tr>
 *   <tr><td>{@code POST /admin/upstream}</td><td>sets the upstream's failure rate and latency;
 *       loopback peers only</td></tr>
 *   <tr><td>{@code GET /api/state}</td><td>JSON of routes, breakers, limiters, gauges, upstream</td></tr>
 * </table>
 * Routes added with {@link Builder#route} (such as {@code /health} and {@code /metrics}) are served
 * and counted like these. An unknown path is a 404 problem, a known path with another method a 405
 * with {@code Allow}.
 *
 * <pre>{@code
 * DemoApp app = DemoApp.builder(scheduler).state(edgeState)
 *     .route("GET", "/health", healthHandler).build();
 * app.handle(request).thenAccept(response -> {
 *   write(response);
 *   app.record(app.routeKey(request.method(), request.path()), response.status());
 * });
 * }</pre>
 *
 * <p>Thread-safe; {@link #handle} never blocks.
 */
public final class DemoApp implements DemoHandler {

  private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

  private final Map<String, Route> routes;
  private final Map<String, TreeSet<String>> methodsByPath;
  private final SimulatedUpstream upstream;
  private final CircuitBreaker chatBreaker;
  private final TransitionLog chatTransitions;
  private final StateHandler state;
  private final @Nullable ReloadableEdge edges;

  private DemoApp(Builder b) {
    Ticker ticker = b.ticker != null ? b.ticker : Ticker.system();
    Clock clock = b.clock != null ? b.clock : Clock.systemUTC();
    ChatPolicy policy = b.chatPolicy != null ? b.chatPolicy : ChatPolicy.DEFAULT;
    this.upstream =
        b.upstream != null ? b.upstream : new SimulatedUpstream(b.scheduler, new Random(), UpstreamSettings.DEFAULT);
    Pipeline pipeline;
    if (b.chatPipeline != null && b.chatBreaker != null && b.chatBreakerTransitions != null) {
      this.chatBreaker = b.chatBreaker;
      this.chatTransitions = b.chatBreakerTransitions;
      pipeline = b.chatPipeline;
    } else {
      this.chatTransitions = new TransitionLog(clock);
      this.chatBreaker = ChatHandler.breaker(policy, b.scheduler, ticker, chatTransitions);
      pipeline = ChatHandler.pipeline(policy, chatBreaker, b.scheduler, ticker, b.jitter);
    }
    this.edges = b.edges;
    Supplier<String> tokens = b.tokens != null ? b.tokens : DemoApp::randomToken;
    DemoState extra = b.state != null ? b.state : DemoState.none();
    DemoState all = () -> ownState().plus(extra.snapshot());
    this.state = new StateHandler(clock, upstream, this::routeViews, all);

    Map<String, Route> table = new LinkedHashMap<>();
    add(table, "GET", "/", Dashboard.load(), null);
    add(table, "GET", "/api/search", new SearchHandler(), null);
    add(table, "POST", "/api/chat", new ChatHandler(upstream, pipeline), chatBreaker.name());
    add(table, "POST", "/api/auth/login", new LoginHandler(tokens), null);
    add(table, "POST", "/api/documents", new DocumentsHandler(), null);
    add(table, "GET", "/api/fetch", new FetchHandler(UrlPolicy.defaults()), null);
    add(table, "GET", "/api/stream", new StreamHandler(b.scheduler), null);
    add(table, "POST", "/admin/upstream", new AdminUpstreamHandler(upstream), null);
    add(table, "GET", "/api/state", state, null);
    for (Map.Entry<String, DemoHandler> e : b.extraRoutes.entrySet()) {
      int space = e.getKey().indexOf(' ');
      add(table, e.getKey().substring(0, space), e.getKey().substring(space + 1), e.getValue(), null);
    }
    this.routes = table;
    Map<String, TreeSet<String>> methods = new LinkedHashMap<>();
    for (Route r : table.values()) {
      methods.computeIfAbsent(r.path, p -> new TreeSet<>()).add(r.method);
    }
    this.methodsByPath = methods;
  }

  private static void add(
      Map<String, Route> table, String method, String path, DemoHandler handler, @Nullable String breaker) {
    String key = method + " " + path;
    if (table.containsKey(key)) {
      throw new IllegalArgumentException("route " + key + " is already served by the demo");
    }
    table.put(key, new Route(method, path, handler, new RouteCounters(key, breaker)));
  }

  /**
   * Starts configuring the demo.
   *
   * @param scheduler runs every delayed completion: upstream latency, retry backoff, timeouts, the
   *     breaker's timed transitions and {@code /api/stream}'s holds; never shut down by the app
   * @return a new builder
   * @throws NullPointerException if {@code scheduler} is null
   */
  public static Builder builder(ScheduledExecutorService scheduler) {
    return new Builder(scheduler);
  }

  /**
   * Handles a request. Never blocks and never throws for a request: a handler that fails gives a
   * 500 problem. Cancelling the returned stage (when the client went away) cancels the handler's
   * work, e.g. a {@code /api/stream} hold.
   *
   * @param request the request
   * @return the stage of the response; it never fails
   * @throws NullPointerException if {@code request} is null
   */
  // The cancellation hook's dependent stage is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    Objects.requireNonNull(request, "request");
    Route route = routes.get(request.method() + " " + request.path());
    if (route == null) {
      return CompletableFuture.completedFuture(noRoute(request));
    }
    route.counters.enter();
    CompletionStage<DemoResponse> stage;
    try {
      stage = route.handler.handle(request);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new NullPointerException(route.key() + " returned no stage"));
    }
    CompletableFuture<DemoResponse> source = asFuture(stage);
    CompletableFuture<DemoResponse> result =
        source.handle(
            (response, error) -> {
              route.counters.exit();
              if (error == null && response != null) {
                return response;
              }
              Throwable cause =
                  error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
              String what = cause == null ? "no response" : cause.getClass().getSimpleName();
              return DemoResponse.problem(500, route.key() + " failed: " + what);
            });
    // An adapter cancels the stage when its client goes away: pass that on to the handler.
    result.whenComplete(
        (response, error) -> {
          if (result.isCancelled()) {
            source.cancel(true);
          }
        });
    return result;
  }

  // The forwarding hook's dependent stage is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  private static <T> CompletableFuture<T> asFuture(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      CompletableFuture<T> copy = new CompletableFuture<>();
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              copy.completeExceptionally(error);
            } else {
              copy.complete(value);
            }
          });
      return copy;
    }
  }

  private DemoResponse noRoute(DemoRequest request) {
    TreeSet<String> methods = methodsByPath.get(request.path());
    if (methods == null) {
      return DemoResponse.problem(404, "no route for " + StreamHandler.abbreviate(request.path()));
    }
    return DemoResponse.problem(405, request.path() + " answers " + String.join(", ", methods))
        .withHeader("Allow", String.join(", ", methods));
  }

  /**
   * Returns the key of the route that serves a request, for {@link #record}.
   *
   * @param method the request's method
   * @param path the request's decoded path
   * @return the key, e.g. {@code "GET /api/search"}, or null if no route serves it
   */
  public @Nullable String routeKey(String method, String path) {
    String key = method + " " + path;
    return routes.containsKey(key) ? key : null;
  }

  /**
   * Returns the keys of every route, in the order they are shown.
   *
   * @return an immutable list of keys such as {@code "GET /api/search"}
   */
  public List<String> routeKeys() {
    return List.copyOf(routes.keySet());
  }

  /**
   * Counts a response in the route's counters shown by {@code /api/state}: the adapter calls it
   * once per request that reached it, with the status the client got, its own rejections
   * included (the edge's refusals are counted by the edge, see {@link Builder#edge}).
   * Unknown routes are not counted, so that scanners cannot grow memory.
   *
   * @param route the route key from {@link #routeKey}; null is accepted and ignored
   * @param status the response status, 100 to 599
   * @return whether the route is known and the response was counted
   * @throws IllegalArgumentException if {@code status} is out of range
   */
  public boolean record(@Nullable String route, int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in [100, 599] but was " + status);
    }
    Route r = route == null ? null : routes.get(route);
    if (r == null) {
      return false;
    }
    r.counters.record(status);
    return true;
  }

  /**
   * Returns the simulated LLM behind {@code /api/chat}.
   *
   * @return the upstream
   */
  public SimulatedUpstream upstream() {
    return upstream;
  }

  /**
   * Returns the circuit breaker of {@code /api/chat}, e.g. for a metrics binder.
   *
   * @return the breaker given to {@link Builder#chatPipeline}, or the one built from the
   *     {@link ChatPolicy}, named {@code chat}
   */
  public CircuitBreaker chatBreaker() {
    return chatBreaker;
  }

  /**
   * Returns the routes' counters now.
   *
   * @return one view per route, in {@link #routeKeys()} order
   */
  public List<RouteView> routeViews() {
    List<RouteView> views = new ArrayList<>(routes.size());
    Edge edge = edges == null ? null : edges.current();
    for (Route r : routes.values()) {
      views.add(r.counters.view(edge == null ? Map.of() : edgeAnswers(edge, r)));
    }
    return views;
  }

  /** The edge's own answers (its refusals) on the edge route that serves an app route. */
  private static Map<Integer, Long> edgeAnswers(Edge edge, Route r) {
    List<EdgeRoute> all = edge.routes();
    EdgeRoute served = edge.routeFor(r.method, r.path);
    if (served == all.get(all.size() - 1)) {
      return Map.of(); // the default route serves other requests too
    }
    return served.statistics().map(RouteStatistics::edgeStatuses).orElse(Map.of());
  }

  /** What the app itself owns: the chat breaker. */
  private StateSnapshot ownState() {
    return new StateSnapshot(
        List.of(BreakerView.of(chatBreaker, chatTransitions.transitions())), List.of(), List.of());
  }

  /**
   * Returns the body of {@code GET /api/state} now.
   *
   * @return the JSON text
   */
  public String stateJson() {
    return state.json().toString();
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    TOKEN_RANDOM.nextBytes(bytes);
    return "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }


  /** One route: its handler and counters. */
  private static final class Route {
    final String method;
    final String path;
    final DemoHandler handler;
    final RouteCounters counters;

    Route(String method, String path, DemoHandler handler, RouteCounters counters) {
      this.method = method;
      this.path = path;
      this.handler = handler;
      this.counters = counters;
    }

    String key() {
      return method + " " + path;
    }
  }

  /**
   * Configures a {@link DemoApp}. Each setting may be made once (a second time throws
   * {@link IllegalStateException}); {@link #route} may be called for several routes. Not
   * thread-safe.
   *
   * <p>Defaults: {@link Ticker#system()}, {@link Clock#systemUTC()}, {@link ChatPolicy#DEFAULT},
   * an upstream with {@link UpstreamSettings#DEFAULT} and an unseeded random, random jitter, random
   * login tokens, {@link DemoState#none()}; {@code /api/fetch} judges URLs by
   * {@link UrlPolicy#defaults()} (no DNS).
   */
  public static final class Builder {

    private final ScheduledExecutorService scheduler;
    private @Nullable Ticker ticker;
    private @Nullable Clock clock;
    private @Nullable ChatPolicy chatPolicy;
    private @Nullable Pipeline chatPipeline;
    private @Nullable CircuitBreaker chatBreaker;
    private @Nullable TransitionLog chatBreakerTransitions;
    private @Nullable SimulatedUpstream upstream;
    private @Nullable DoubleSupplier jitter;
    private @Nullable Supplier<String> tokens;
    private @Nullable DemoState state;
    private @Nullable ReloadableEdge edges;
    private final Map<String, DemoHandler> extraRoutes = new LinkedHashMap<>();

    private Builder(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Sets the clock of the chat pipeline's breaker and retry.
     *
     * @param value the ticker, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder ticker(Ticker value) {
      ticker = SetOnce.set(ticker, value, "ticker");
      return this;
    }

    /**
     * Sets the wall clock that stamps {@code /api/state} and the breaker's transitions.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      clock = SetOnce.set(clock, value, "clock");
      return this;
    }

    /**
     * Sets the chat pipeline's settings.
     *
     * @param value the settings
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder chatPolicy(ChatPolicy value) {
      chatPolicy = SetOnce.set(chatPolicy, value, "chatPolicy");
      return this;
    }

    /**
     * Sets a ready-made chat pipeline instead of building one from a {@link ChatPolicy}, such as
     * the configuration file's {@code outbound.llm} ({@code LoadedConfig.pipeline("llm")}). Its
     * rejections and failures are answered as described on {@link DemoApp}: a
     * {@code CircuitOpenException} is a 503 with {@code Retry-After}, a timeout a 504, an upstream
     * failure a 502. A built breaker takes no listener, so its transitions come from a log its
     * builder (or registry) was given, e.g. {@link TransitionLogs#of(String)}.
     *
     * @param pipeline the pipeline the handler calls the upstream through (async path)
     * @param breaker the circuit breaker inside {@code pipeline}, shown by {@code /api/state}
     * @param transitions the log of that breaker's transitions, shown with it
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder chatPipeline(Pipeline pipeline, CircuitBreaker breaker, TransitionLog transitions) {
      Objects.requireNonNull(breaker, "breaker");
      Objects.requireNonNull(transitions, "transitions");
      chatPipeline = SetOnce.set(chatPipeline, pipeline, "chatPipeline");
      chatBreaker = breaker;
      chatBreakerTransitions = transitions;
      return this;
    }

    /**
     * Sets the simulated upstream, e.g. one with a seeded random.
     *
     * @param value the upstream
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder upstream(SimulatedUpstream value) {
      upstream = SetOnce.set(upstream, value, "upstream");
      return this;
    }

    /**
     * Sets the randomness of the retry's jitter.
     *
     * @param value returns values in [0, 1); 0.5 means no jitter at all
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder jitter(DoubleSupplier value) {
      jitter = SetOnce.set(jitter, value, "jitter");
      return this;
    }

    /**
     * Sets the source of the fake login tokens.
     *
     * @param value supplies one token per successful login
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder tokens(Supplier<String> value) {
      tokens = SetOnce.set(tokens, value, "tokens");
      return this;
    }

    /**
     * Sets the state that {@code /api/state} shows besides the app's own: the edge's limiters,
     * gauges and breakers.
     *
     * @param value the state source
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder state(DemoState value) {
      state = SetOnce.set(state, value, "state");
      return this;
    }

    /**
     * Sets the edge in front of the app, whose own answers (its refusals: 429, 503, 400, 413, 415,
     * 403 and CORS preflights) {@code /api/state} counts on the app's routes together with the
     * answers the app's server writes ({@link DemoApp#record}). They are read from the
     * {@link RouteStatistics} of the edge route that serves each app route
     * ({@link Edge#routeFor}), so the edge must keep them
     * ({@code EdgeConfigLoader.Builder.routeStatistics()}); an edge reloaded since counts its own
     * answers from zero. Default: none, only the app's answers are counted.
     *
     * @param value the edge
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder edge(ReloadableEdge value) {
      edges = SetOnce.set(edges, value, "edge");
      return this;
    }

    /**
     * Adds a route, e.g. {@code GET /health} or {@code GET /metrics}.
     *
     * @param method the HTTP method
     * @param path the exact path, starting with {@code /}
     * @param handler the handler
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the method is not a token, the path does not start with
     *     {@code /} or contains a space, or the route is already served
     */
    public Builder route(String method, String path, DemoHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(handler, "handler");
      if (method.isEmpty() || method.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("method must be an HTTP token but was '" + method + "'");
      }
      if (!path.startsWith("/") || path.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("path must start with '/' and have no space but was '" + path + "'");
      }
      String key = method + " " + path;
      if (extraRoutes.putIfAbsent(key, handler) != null) {
        throw new IllegalArgumentException("route " + key + " was already added");
      }
      return this;
    }

    /**
     * Builds the app.
     *
     * @return a new app
     * @throws IllegalArgumentException if an added route is one the demo serves itself
     * @throws IllegalStateException if both a {@link #chatPipeline} and a {@link #chatPolicy} or
     *     {@link #jitter} were set (the policy and the jitter describe a pipeline the app builds)
     */
    public DemoApp build() {
      if (chatPipeline != null && (chatPolicy != null || jitter != null)) {
        throw new IllegalStateException(
            "chatPipeline is ready-made: chatPolicy and jitter apply only to a pipeline the app builds");
      }
      return new DemoApp(this);
    }
  }
}
