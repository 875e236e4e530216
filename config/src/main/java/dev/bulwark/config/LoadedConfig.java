package dev.bulwark.config;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryBuilder;
import dev.bulwark.retry.Timeout;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A loaded configuration: the {@link Edge} its routes describe, and the policies of the
 * application's outbound calls, by name.
 *
 * <pre>{@code
 * LoadedConfig config = EdgeConfigLoader.defaults().load(Path.of("bulwark.yaml"));
 * Edge edge = config.edge();                       // hand it to the servlet filter or Netty handler
 * Pipeline llm = config.pipeline("llm");           // timeout, retry, breaker of outbound.llm
 * CompletionStage<Reply> reply = llm.callAsync(() -> client.send(prompt));
 * }</pre>
 *
 * <h2>Edge and outbound policies</h2>
 * An edge route guards requests coming in: it never retries a request or times it out. Retries,
 * timeouts and the breakers of calls going out (to a database, an LLM, another service) are the
 * handler's business; the document names them under {@code outbound}, and the handler fetches
 * them here by name. Every object is built once, at load: {@link #retry(String)} and
 * {@link #circuitBreaker(String)} return the same instance each time, so a breaker's state is
 * shared by every caller.
 *
 * <p>The limiters and breakers the edge uses are available too, for metrics and status pages.
 *
 * <h2>Backends</h2>
 * A backend that a provider supplies (such as {@code backend: redis}, with its connection pool)
 * is opened by the load and owned by this configuration: {@link #close()} closes it, once the edge
 * and its limiters are no longer used, such as after a reload replaced them. Closing a
 * configuration that opened no backend does nothing.
 *
 * <p>Immutable (apart from closing) and thread-safe.
 */
public final class LoadedConfig implements AutoCloseable {

  private final Edge edge;
  private final Map<String, RouteGates> routes;
  private final Map<String, HierarchicalRateLimiter<String>> hierarchies;
  private final Map<String, OutboundPolicies> outbound;
  private final LoaderOptions options;
  private final List<LimiterBackend> backends;
  private final ObservabilitySection observability;

  LoadedConfig(
      Edge edge,
      Map<String, RouteGates> routes,
      Map<String, HierarchicalRateLimiter<String>> hierarchies,
      Map<String, OutboundPolicies> outbound,
      LoaderOptions options,
      List<LimiterBackend> backends,
      ObservabilitySection observability) {
    this.edge = edge;
    this.observability = observability;
    this.backends = List.copyOf(backends);
    this.routes = Map.copyOf(routes);
    this.hierarchies = Map.copyOf(hierarchies);
    this.outbound = Map.copyOf(outbound);
    this.options = options;
  }

  /**
   * Returns the edge, built once at load.
   *
   * @return the edge
   */
  public Edge edge() {
    return edge;
  }

  /**
   * Starts a health report of this configuration: the edge's breakers and limiters, every
   * {@code outbound} entry's breaker ({@code outbound:<name>}), and the document's
   * {@code health.criticalRoutes} and {@code health.criticalOutbound} marked critical for
   * readiness. The edge's own drain makes readiness DOWN by itself; add contributors (and, if
   * something needs it, an extra drain signal) before building it. Each call returns a new
   * builder over the same breakers.
   *
   * @return a new builder
   */
  public EdgeHealth.Builder health() {
    EdgeHealth.Builder b = EdgeHealth.builder(edge);
    for (String route : observability.criticalRoutes()) {
      b.critical(route);
    }
    for (Map.Entry<String, OutboundPolicies> e : outbound.entrySet()) {
      CircuitBreaker breaker = e.getValue().circuitBreaker();
      if (breaker != null) {
        b.outboundBreaker(breaker, observability.criticalOutbound().contains(e.getKey()));
      }
    }
    return b;
  }

  /**
   * Returns the names of the {@code outbound} entries.
   *
   * @return an immutable set
   */
  public Set<String> outboundNames() {
    return outbound.keySet();
  }

  /**
   * Returns the retry of an outbound entry.
   *
   * @param name the entry's name, such as {@code llm}
   * @return the retry named after the entry, on the loader's ticker, sleeper and scheduler
   * @throws IllegalArgumentException if there is no such entry or it has no {@code retry}
   */
  public Retry retry(String name) {
    return required(entry(name).retry(), name, "retry");
  }

  /**
   * Starts a new retry builder with the settings of an outbound entry, to add what a document
   * cannot hold: which exceptions or results to retry, Retry-After hints, listeners, a random
   * source. Each call returns a new builder; the retries built from it share the entry's budget.
   * The settings the document made (and the name, ticker, sleeper and scheduler) are already set,
   * and a builder setting may be made only once.
   *
   * @param name the entry's name
   * @return a new builder
   * @throws IllegalArgumentException if there is no such entry or it has no {@code retry}
   */
  public RetryBuilder retryBuilder(String name) {
    OutboundPolicies policies = entry(name);
    RetrySection settings = policies.settings().retry();
    if (settings == null) {
      throw missing(name, "retry");
    }
    return settings.newBuilder(name, options);
  }

  /**
   * Returns the circuit breaker of an outbound entry.
   *
   * @param name the entry's name
   * @return the breaker named after the entry
   * @throws IllegalArgumentException if there is no such entry or it has no {@code circuitBreaker}
   */
  public CircuitBreaker circuitBreaker(String name) {
    return required(entry(name).circuitBreaker(), name, "circuitBreaker");
  }

  /**
   * Returns the timeout of an outbound entry. It serves async calls; sync calls need the
   * loader's {@link EdgeConfigLoader.Builder#timeoutExecutor timeoutExecutor}.
   *
   * @param name the entry's name
   * @return the timeout named after the entry
   * @throws IllegalArgumentException if there is no such entry or it has no {@code timeout}
   */
  public Timeout timeout(String name) {
    return required(entry(name).timeout(), name, "timeout");
  }

  /**
   * Returns the policies of an outbound entry as one pipeline, in the order timeout, retry,
   * circuit breaker (the outermost first: the timeout bounds every attempt and wait, and each
   * attempt passes the breaker), leaving out those the entry does not set.
   *
   * @param name the entry's name
   * @return the pipeline
   * @throws IllegalArgumentException if there is no such entry
   */
  public Pipeline pipeline(String name) {
    return entry(name).pipeline();
  }

  /**
   * Returns an outbound entry as the policy of a
   * {@link dev.bulwark.http.client.ResilientHttpClient}: the entry's {@code retry} (maxAttempts,
   * backoff, and its budget, shared by every host of every client built from it), {@code timeout}
   * (else {@code retry.maxDuration}) as the overall timeout, {@code circuitBreaker} as each host's
   * breaker configuration (the client makes its own breakers from it, not the one
   * {@link #circuitBreaker(String)} returns), and its {@code http} section; what the entry does
   * not set keeps {@link HttpPolicy}'s defaults.
   *
   * <pre>{@code
   * ResilientHttpClient llm = ResilientHttpClient.builder(HttpClient.newHttpClient())
   *     .policy(config.httpPolicy("llm"))
   *     .build();
   * }</pre>
   *
   * @param name the entry's name
   * @return the policy (a new, immutable object per call)
   * @throws IllegalArgumentException if there is no such entry
   */
  public HttpPolicy httpPolicy(String name) {
    return entry(name).settings().httpPolicy();
  }

  /**
   * Returns the names of the {@code hierarchicalLimits} entries, each built into a limiter.
   *
   * @return an immutable set, empty when the document has no hierarchical limits
   */
  public Set<String> hierarchicalLimiterNames() {
    return hierarchies.keySet();
  }

  /**
   * Returns a hierarchical limiter of {@code hierarchicalLimits}, in memory or from a backend. One
   * built in memory or by a backend provider (such as {@code redis}) keeps statistics, as every
   * rate limiter the loader builds does: its {@link HierarchicalRateLimiter#stats()} holds its
   * decision counts per level, with each level's limits, counted since the load built it (a
   * factory registered in code decides for its own limiters).
   *
   * <pre>{@code
   * HierarchyCounts gateway = config.hierarchicalLimiter("gateway").orElseThrow().stats().orElseThrow();
   * for (LevelCounts level : gateway.levels()) {
   *   System.out.println(level.name() + " " + level.permitted() + " " + level.rejected());
   * }
   * }</pre>
   *
   * @param name its name in the document
   * @return the limiter, or empty if the document defines none of that name
   */
  public Optional<HierarchicalRateLimiter<String>> hierarchicalLimiter(String name) {
    return Optional.ofNullable(hierarchies.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns the rate limiter a route keeps for itself (in memory or from a backend).
   *
   * @param route the route's name ({@code default} for the default route unless renamed)
   * @return the limiter, or empty if there is no such route, it has no rate limit, or it uses a
   *     {@link #hierarchicalLimiter hierarchical limiter}
   */
  public Optional<KeyedRateLimiter<String>> rateLimiter(String route) {
    return gate(route).map(RouteGates::rateLimiter);
  }

  /**
   * Returns a route's concurrency limiter.
   *
   * @param route the route's name
   * @return the limiter, or empty if there is no such route or it has no concurrency limit
   */
  public Optional<KeyedConcurrencyLimiter<String>> concurrencyLimiter(String route) {
    return gate(route).map(RouteGates::concurrencyLimiter);
  }

  /**
   * Returns a route's circuit breaker.
   *
   * @param route the route's name
   * @return the breaker, or empty if there is no such route or it has no circuit breaker
   */
  public Optional<CircuitBreaker> routeCircuitBreaker(String route) {
    return gate(route).map(RouteGates::circuitBreaker);
  }

  /** The routes' gates by name, for a reload to keep those whose settings did not change. */
  Map<String, RouteGates> routeGates() {
    return routes;
  }

  private Optional<RouteGates> gate(String route) {
    return Optional.ofNullable(routes.get(Objects.requireNonNull(route, "route")));
  }

  private <T> T required(@Nullable T value, String name, String kind) {
    if (value == null) {
      throw missing(name, kind);
    }
    return value;
  }

  private OutboundPolicies entry(String name) {
    Objects.requireNonNull(name, "name");
    OutboundPolicies policies = outbound.get(name);
    if (policies == null) {
      throw new IllegalArgumentException("outbound has no entry \"" + name + "\"; it has "
          + (outbound.isEmpty() ? "none" : String.join(", ", sorted(outbound.keySet()))));
    }
    return policies;
  }

  private static IllegalArgumentException missing(String name, String kind) {
    return new IllegalArgumentException("outbound." + name + " has no " + kind);
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  /**
   * Closes the backends the load opened (their connections), in the order they were opened;
   * idempotent as the backends are. The edge and the limiters from those backends must not be used
   * afterwards; everything else keeps working.
   */
  @Override
  public void close() {
    for (LimiterBackend backend : backends) {
      backend.close();
    }
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code LoadedConfig[edge=Edge[...], outbound=[llm]]}
   */
  @Override
  public String toString() {
    return "LoadedConfig[edge=" + edge + ", outbound=" + sorted(outbound.keySet()) + "]";
  }
}
