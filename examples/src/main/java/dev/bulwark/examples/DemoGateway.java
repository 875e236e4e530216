package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.config.ConfigException;
import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.config.ReloadingConfig;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.http.HealthComponent;
import dev.bulwark.http.HealthStatus;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.micrometer.CircuitBreakerBinder;
import dev.bulwark.micrometer.EdgeBinder;
import dev.bulwark.micrometer.EdgeMetrics;
import dev.bulwark.micrometer.RetryBinder;
import dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiter;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Everything the demo's servers put on the network, assembled from the policy file: the
 * {@link Edge} (loaded with bulwark-config's {@link EdgeConfigLoader} from the bundled
 * {@value #BUNDLED_CONFIG} or a file), the {@link DemoApp} behind it with {@code /health} and
 * {@code /metrics}; the edge keeps route statistics, from which the app counts the edge's refusals.
 *
 * <pre>{@code
 * try (DemoGateway gateway = DemoGateway.builder(scheduler).redisUrl("redis://127.0.0.1:6379").build();
 *      DemoServer server = JettyDemoServer.start(DemoOptions.DEFAULTS, gateway)) {
 *   ...
 * }
 * }</pre>
 *
 * <h2>What the loader is given</h2>
 * <ul>
 *   <li>with a Redis URL, the {@code redis} backend for every hierarchy
 *       ({@code hierarchicalLimitsBackend}): the bundled file's {@code gateway} hierarchy
 *       (1000/minute global, 100/minute per client, the routes' own limits) lives in Redis then,
 *       in memory otherwise;
 *   <li>{@code --trusted-proxies}, which replaces the file's {@code clientIp} section;
 *   <li>the ticker, clock and scheduler, and a breaker registry on them (breakers go half-open on
 *       time, so the dashboard sees it);
 *   <li>the edge listener: micrometer-metrics' {@code EdgeMetrics}, wrapped by the listener that counts the edge's
 *       rejections on the app's routes.
 * </ul>
 * The chat route calls the simulated LLM through the file's {@code outbound.llm} pipeline when that
 * entry has a circuit breaker, else through {@link ChatPolicy#DEFAULT} (the same values).
 *
 * <p>Thread-safe once built. {@link #close()} closes the Redis backend it opened.
 */
public final class DemoGateway implements AutoCloseable {

  /** The class-path resource read when no file is given. */
  public static final String BUNDLED_CONFIG = "bulwark-demo.yaml";

  /** The name of the outbound entry that configures the chat pipeline. */
  public static final String CHAT_OUTBOUND = "llm";

  private final Edge edge;
  private final DemoApp app;
  private final List<String> notes;
  private final @Nullable LimiterBackend redis;
  private final @Nullable GenericUpstream genericUpstream;
  /** The {@code --config} file's configuration, reloadable; null for the bundled one or a resource. */
  private final @Nullable ReloadingConfig reloading;
  private final ReloadableEdge edges;

  private DemoGateway(ReloadableEdge edges, DemoApp app, List<String> notes, @Nullable LimiterBackend redis,
      @Nullable GenericUpstream genericUpstream, @Nullable ReloadingConfig reloading) {
    this.edge = edges.current();
    this.app = app;
    this.notes = List.copyOf(notes);
    this.redis = redis;
    this.reloading = reloading;
    this.edges = edges;
    this.genericUpstream = genericUpstream;
  }

  /**
   * Returns the handler of the configuration's routes that the demo app does not serve itself,
   * when the policies come from a file or resource (a seed): it answers 200 JSON naming the route
   * after calling the simulated upstream, and throws while the upstream fails.
   *
   * @return the generic handler, or null for the bundled configuration (whose routes all have a
   *     demo handler)
   */
  @Nullable GenericUpstream genericUpstream() {
    return genericUpstream;
  }

  /**
   * Starts configuring a gateway.
   *
   * @param scheduler runs the app's delayed work, the retries' delays and timeouts, and the
   *     breakers' timed transitions; never shut down by the gateway
   * @return a new builder
   * @throws NullPointerException if {@code scheduler} is null
   */
  public static Builder builder(ScheduledExecutorService scheduler) {
    return new Builder(scheduler);
  }

  /**
   * Builds the gateway the command line asks for: {@code --config}, {@code --trusted-proxies} and
   * {@code --redis} / {@code REDIS_URL}.
   *
   * @param options the command line
   * @param scheduler as for {@link #builder}
   * @return the gateway
   * @throws IOException if the configuration file cannot be read
   * @throws ConfigException if the configuration has problems
   */
  public static DemoGateway of(DemoOptions options, ScheduledExecutorService scheduler) throws IOException {
    Builder b = builder(scheduler);
    Path config = options.config();
    if (config != null) {
      b.config(config);
    }
    String resource = options.configResource();
    if (resource != null) {
      b.configResource(resource);
    }
    if (!options.trustedProxies().isEmpty()) {
      b.trustedProxies(options.trustedProxies());
    }
    String redisUrl = options.redisUrl();
    if (redisUrl != null) {
      b.redisUrl(redisUrl);
    }
    return b.build();
  }

  /**
   * Returns the edge, for the adapter in front of the app.
   *
   * @return the edge loaded from the configuration
   */
  public Edge edge() {
    return edge;
  }

  /**
   * Returns the app behind the edge.
   *
   * @return the app
   */
  public DemoApp app() {
    return app;
  }

  /**
   * Returns remarks for the user about the configuration: where the policies and the limits come
   * from.
   *
   * @return remarks, one line each
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Returns the holder of the edge the adapters serve: the {@code --config} file's current edge,
   * replaced by {@link #reloadConfig()} and {@link #watchConfig}; for the bundled configuration, the
   * {@linkplain #edge() first edge} for good. The dashboard's state ({@code /api/state}) and the
   * health probes ({@code /health}, {@code /health/live}, {@code /health/ready}) show the edge held
   * now, and so do the Micrometer meters of the limiters and breakers ({@code /metrics}: bound with
   * {@code EdgeBinder.of(ReloadableEdge, EdgeMetrics)}, a reload removes those of the primitives it
   * dropped and adds the new ones); the request counts follow every edge (the listener is shared).
   *
   * @return the same holder for the life of the gateway
   */
  public ReloadableEdge edges() {
    return edges;
  }

  /**
   * Reads the {@code --config} file again and, if it is valid, swaps the edge the adapters serve
   * (see {@link ReloadingConfig} for what keeps its state); an invalid file is logged
   * ({@code config_reload_rejected}) and the old configuration kept.
   *
   * @return true if the new document was applied; false if it was invalid or there is no file
   * @throws IOException if the file cannot be read (the old configuration is kept)
   */
  public boolean reloadConfig() throws IOException {
    return reloading != null && reloading.reload();
  }

  /**
   * Reloads the {@code --config} file whenever its text changes, checked every {@code interval}
   * on {@code scheduler} (see {@link ReloadingConfig#watch}).
   *
   * @param scheduler runs the checks; the caller owns it
   * @param interval the time between two checks, positive
   * @return the watch (cancel it to stop), or empty when the gateway runs the bundled configuration
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public Optional<ScheduledFuture<?>> watchConfig(ScheduledExecutorService scheduler, Duration interval) {
    return reloading == null ? Optional.empty() : Optional.of(reloading.watch(scheduler, interval));
  }

  /** Closes the Redis backend (its connections), if the gateway opened one; idempotent. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }

  /**
   * Configures a {@link DemoGateway}. Each setting may be made once. Not thread-safe.
   *
   * <p>Defaults: the bundled {@value DemoGateway#BUNDLED_CONFIG}, the file's {@code clientIp} section, limits
   * in memory, {@link Ticker#system()}, {@link Clock#systemUTC()}, the app's default upstream.
   */
  public static final class Builder {

    private final ScheduledExecutorService scheduler;
    private @Nullable Path config;
    private @Nullable String configResource;
    private @Nullable Function<String, @Nullable String> environment;
    private @Nullable List<String> trustedProxies;
    private @Nullable String redisUrl;
    private @Nullable Ticker ticker;
    private @Nullable Clock clock;
    private @Nullable SimulatedUpstream upstream;

    private Builder(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Reads the policies from a file instead of the bundled {@value DemoGateway#BUNDLED_CONFIG}.
     *
     * @param file a YAML file ({@code .json}: JSON) in bulwark-config's format
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder config(Path file) {
      config = SetOnce.set(config, file, "config");
      return this;
    }

    /**
     * Reads the policies from a class-path resource instead of the bundled
     * {@value DemoGateway#BUNDLED_CONFIG}, such as {@code seeds/seed-e.yaml}; {@code ${VAR}}
     * references are interpolated from the environment as for a file.
     *
     * @param name the resource's name, without a leading {@code /}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder configResource(String name) {
      configResource = SetOnce.set(configResource, name, "configResource");
      return this;
    }

    /**
     * Sets the variables that {@code ${VAR}} references in the configuration read, instead of the
     * process environment.
     *
     * @param value the variables by name, such as {@code Map.of("HSTS", "always")::get}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder environment(Function<String, @Nullable String> value) {
      environment = SetOnce.set(environment, value, "environment");
      return this;
    }

    /**
     * Honours {@code X-Forwarded-For} from these proxies only, replacing the file's
     * {@code clientIp} section.
     *
     * @param cidrs addresses or CIDR blocks, at least one
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or an entry is not an address or block
     * @throws IllegalStateException if already set
     */
    public Builder trustedProxies(List<String> cidrs) {
      List<String> copy = List.copyOf(Objects.requireNonNull(cidrs, "cidrs"));
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("trustedProxies must name at least one proxy");
      }
      ClientIpResolver.trustedProxies(copy);
      trustedProxies = SetOnce.set(trustedProxies, copy, "trustedProxies");
      return this;
    }

    /**
     * Keeps the rate limits of the configuration's {@code hierarchicalLimits} in Redis.
     *
     * @param url a {@code redis://} or {@code rediss://} URL, e.g. {@code redis://127.0.0.1:6379}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder redisUrl(String url) {
      redisUrl = SetOnce.set(redisUrl, url, "redisUrl");
      return this;
    }

    /**
     * Sets the clock of the edge, its limiters and breakers, and the chat pipeline.
     *
     * @param value the ticker, e.g. a {@link dev.bulwark.core.ManualTicker} in tests, so that
     *     limits never refill during a test
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder ticker(Ticker value) {
      ticker = SetOnce.set(ticker, value, "ticker");
      return this;
    }

    /**
     * Sets the wall clock of {@code /api/state}, the breakers' transition log and the error
     * envelope.
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
     * Sets the simulated LLM behind {@code /api/chat}.
     *
     * @param value the upstream, e.g. one with a seeded random
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder upstream(SimulatedUpstream value) {
      upstream = SetOnce.set(upstream, value, "upstream");
      return this;
    }

    /**
     * Loads the configuration and builds everything.
     *
     * @return the gateway
     * @throws IOException if the configuration file cannot be read
     * @throws ConfigException if the configuration has problems (every one is listed)
     */
    public DemoGateway build() throws IOException {
      if (config != null && configResource != null) {
        throw new IllegalStateException("config and configResource name two configurations: set one");
      }
      Ticker t = ticker != null ? ticker : Ticker.system();
      Clock c = clock != null ? clock : Clock.systemUTC();
      List<String> notes = new ArrayList<>();
      LimiterBackend redisBackend = redisUrl != null ? openRedis(redisUrl, t) : null;
      try {
        return assemble(t, c, redisBackend, notes);
      } catch (IOException | RuntimeException | Error e) {
        if (redisBackend != null) {
          redisBackend.close();
        }
        throw e;
      }
    }

    /**
     * Opens the {@code redis} limiter backend found through {@link ServiceLoader} (bulwark-ratelimit-redis
     * on the class or module path), as a configuration's {@code backends.redis} would: while Redis
     * cannot be used, each hierarchy decides in memory (one instance expected).
     */
    private static LimiterBackend openRedis(String url, Ticker t) {
      for (LimiterBackendProvider provider : ServiceLoader.load(LimiterBackendProvider.class)) {
        if (provider.name().equals("redis")) {
          return provider.open(
              Map.of("url", url, "failurePolicy", "FALLBACK_LOCAL", "expectedInstances", "1"), t);
        }
      }
      throw new IllegalStateException("--redis needs bulwark-ratelimit-redis on the class path");
    }

    /**
     * Passes the environment on. JDK 17's javac drops the {@code @Nullable} on a type argument of a
     * signature read from a class file (JDK-8225377, fixed in JDK 22), so NullAway there sees
     * {@code environment(Function<String, String>)}; on newer JDKs this call checks clean.
     */
    @SuppressWarnings("NullAway")
    private static void withEnvironment(
        EdgeConfigLoader.Builder loader, Function<String, @Nullable String> environment) {
      loader.environment(environment);
    }

    private DemoGateway assemble(Ticker t, Clock c, @Nullable LimiterBackend redisBackend, List<String> notes)
        throws IOException {
      EdgeMetrics edgeMetrics = EdgeMetrics.create();
      TransitionLogs transitions = new TransitionLogs(c);
      CircuitBreakerRegistry breakers = CircuitBreakerRegistry.builder()
          .ticker(t)
          .scheduler(scheduler)
          .listener(transitions.listener())
          .recordStats()
          .build();
      EdgeConfigLoader.Builder loader = EdgeConfigLoader.builder()
          .ticker(t)
          .clock(c)
          .scheduler(scheduler)
          .circuitBreakerRegistry(breakers)
          .edgeListener(edgeMetrics)
          .routeStatistics();
      if (redisBackend != null) {
        loader.hierarchicalLimitsBackend(redisBackend);
      }
      if (environment != null) {
        withEnvironment(loader, environment);
      }
      if (trustedProxies != null) {
        loader.clientIpResolver(ClientIpResolver.trustedProxies(trustedProxies));
        notes.add("X-Forwarded-For is honoured from " + String.join(", ", trustedProxies) + " only");
      }
      ReloadingConfig reloading = config != null ? ReloadingConfig.load(loader.build(), config) : null;
      LoadedConfig loaded;
      if (reloading != null) {
        loaded = reloading.current();
        notes.add("policies: " + config);
      } else if (configResource != null) {
        loaded = loader.build().fromYaml(resource(configResource));
        notes.add("policies: the class-path resource " + configResource);
      } else {
        loaded = loader.build().fromYaml(bundled());
        notes.add("policies: the bundled " + BUNDLED_CONFIG);
      }
      Edge edge = loaded.edge();
      ReloadableEdge edges = reloading != null ? reloading.edge() : ReloadableEdge.of(edge);

      Chat chat = chat(loaded, t, notes, transitions);
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      HealthHandler.Current probes = new HealthHandler.Current(edges, current -> {
        EdgeHealth.Builder health = EdgeHealth.builder(current)
            .contributor("upstream:" + chat.breaker.name(), () -> upstreamHealth(chat.breaker));
        if (redisBackend != null) {
          health.contributor("redis:limits", () -> redisHealth(current));
        }
        return health.build();
      });
      if (redisBackend != null) {
        notes.add(loaded.hierarchicalLimiterNames().isEmpty()
            ? "--redis: the configuration has no hierarchicalLimits: limits stay in memory"
            : "rate limits are kept in Redis (while it is unreachable each level falls back to memory)");
        notes.add("Redis backend: " + redisBackend);
      }
      DemoApp.Builder app = DemoApp.builder(scheduler)
          .ticker(t)
          .clock(c)
          .state(new EdgeState(edges, transitions))
          .edge(edges)
          .chatPipeline(chat.pipeline, chat.breaker, transitions.of(chat.breaker.name()))
          .route("GET", "/health", new HealthHandler(probes, EdgeHealth::report))
          .route("GET", "/health/live", new HealthHandler(probes, EdgeHealth::liveness))
          .route("GET", "/health/ready", new HealthHandler(probes, EdgeHealth::readiness))
          .route("GET", "/metrics", new MetricsHandler(meters));
      if (upstream != null) {
        app.upstream(upstream);
      }
      DemoApp built = app.build();
      EdgeBinder.of(edges, edgeMetrics).bindTo(meters);
      CircuitBreakerBinder.of(chat.breaker).bindTo(meters);
      if (chat.retry != null) {
        chat.retry.bindTo(meters);
      }
      GenericUpstream generic = config != null || configResource != null ? new GenericUpstream(built.upstream()) : null;
      if (generic != null) {
        notes.add("routes without a demo handler call the simulated upstream (POST /admin/upstream stages an outage)");
      }
      return new DemoGateway(edges, built, notes, redisBackend, generic, reloading);
    }

    /** The chat pipeline: the file's outbound entry if it has a breaker, else the built-in policy. */
    private Chat chat(LoadedConfig loaded, Ticker t, List<String> notes, TransitionLogs transitions) {
      if (loaded.outboundNames().contains(CHAT_OUTBOUND)) {
        try {
          CircuitBreaker breaker = loaded.circuitBreaker(CHAT_OUTBOUND);
          RetryBinder retry = null;
          try {
            retry = RetryBinder.of(loaded.retry(CHAT_OUTBOUND));
          } catch (IllegalArgumentException e) {
            // no retry in the entry: nothing to bind
          }
          return new Chat(loaded.pipeline(CHAT_OUTBOUND), breaker, retry);
        } catch (IllegalArgumentException e) {
          notes.add("outbound." + CHAT_OUTBOUND + " has no circuitBreaker: /api/chat uses the built-in policy");
        }
      } else {
        notes.add("the configuration has no outbound." + CHAT_OUTBOUND + ": /api/chat uses the built-in policy");
      }
      ChatPolicy policy = ChatPolicy.DEFAULT;
      CircuitBreaker breaker = ChatHandler.breaker(policy, scheduler, t, transitions.listener());
      return new Chat(ChatHandler.pipeline(policy, breaker, scheduler, t, null), breaker, null);
    }

    private static HealthComponent upstreamHealth(CircuitBreaker breaker) {
      CircuitState state = breaker.state();
      // The gateway serves every other route while the LLM is down: degraded, not down.
      HealthStatus status = state == CircuitState.CLOSED || state == CircuitState.DISABLED
          ? HealthStatus.UP
          : HealthStatus.DEGRADED;
      return new HealthComponent(status, Map.of("breaker", breaker.name(),
          "state", state.name().toLowerCase(Locale.ROOT)));
    }

    private static HealthComponent redisHealth(Edge edge) {
      boolean fallback = false;
      for (EdgeRoute route : edge.routes()) {
        fallback |= route.hierarchicalRateLimiter() instanceof RedisHierarchicalRateLimiter<?> redis && redis.inFallback();
      }
      return new HealthComponent(fallback ? HealthStatus.DEGRADED : HealthStatus.UP,
          Map.of("fallback", fallback));
    }

    private static String resource(String name) throws IOException {
      try (InputStream in = DemoGateway.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no class-path resource " + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    private static String bundled() {
      try (InputStream in = DemoGateway.class.getClassLoader().getResourceAsStream(BUNDLED_CONFIG)) {
        if (in == null) {
          throw new IllegalStateException(BUNDLED_CONFIG + " is missing from the class path");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled " + BUNDLED_CONFIG, e);
      }
    }
  }

  /** The chat route's pipeline, its breaker, and the binder of its retry when it has one. */
  private record Chat(Pipeline pipeline, CircuitBreaker breaker, @Nullable RetryBinder retry) {}
}
