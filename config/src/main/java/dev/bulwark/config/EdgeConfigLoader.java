package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeTracer;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads an edge configuration from JSON or YAML: the routes and their gates, the edge-wide
 * settings, and named policies for outbound calls. The keys are documented in
 * {@code docs/config.md}.
 *
 * <pre>{@code
 * LoadedConfig config = EdgeConfigLoader.defaults().load(Path.of("bulwark.yaml"));
 * Edge edge = config.edge();
 * Retry llmRetry = config.retry("llm");
 * }</pre>
 *
 * <h2>Strict</h2>
 * A document is read strictly and completely before anything is built. An unknown key (with the
 * known keys listed, and the nearest suggested), a value of the wrong type, a value a builder
 * refuses, a missing required key, a rule between settings: every problem is collected, and if
 * there is any, one {@link ConfigException} reports them all, one line each, naming the path
 * ({@code routes[0].rateLimit.limit}) and the value. A key repeated in one object and, in YAML, a
 * second document or an alias ({@code *name}) are errors too.
 *
 * <h2>Environment variables</h2>
 * Before anything is read, {@code ${NAME}} in any string value is replaced by the environment
 * variable {@code NAME} (a problem naming it when it is unset), {@code ${NAME:default}} or
 * {@code ${NAME:-default}} by the variable or, when it is unset or empty, by {@code default}; a
 * doubled dollar sign before a brace stands for one dollar sign, left uninterpreted. A value that is exactly one reference is read as its text
 * would be read written plainly: {@code maximumKeys: ${MAX_KEYS:10000}} is a number. The variables
 * come from {@link Builder#environment} (default {@link System#getenv(String)}).
 *
 * <h2>Backends</h2>
 * A route keeps its limiters in memory unless {@code rateLimit.backend} or
 * {@code concurrency.backend} names another backend, which switches a route from memory to Redis
 * with a change of the file. A backend name is found, in this order: a factory registered on the
 * {@link Builder} for that kind of limiter; a {@link LimiterBackendProvider} registered with
 * {@link Builder#backendProvider}; a provider found through {@link ServiceLoader} when the
 * builder builds (such as {@code redis}, when {@code bulwark-ratelimit-redis} is on the class or
 * module path). A provider's options come from the document's {@code backends.<name>} section.
 * An entry of {@code hierarchicalLimits} names its backend the same way, or has all of them replaced
 * by {@link Builder#hierarchicalLimitsBackend}.
 *
 * <h2>What a document cannot express</h2>
 * The clock, the sleeper and scheduler of retries, limiter factories written in code, and a
 * circuit-breaker registry are given to the {@link Builder}.
 *
 * <p>Immutable and thread-safe; one loader may load many documents.
 */
public final class EdgeConfigLoader {

  private static final EdgeConfigLoader DEFAULTS = builder().build();

  private final LoaderOptions options;

  private EdgeConfigLoader(LoaderOptions options) {
    this.options = options;
  }

  /**
   * Returns a loader with every option at its default: the system ticker and clock, in-memory
   * limiters and the backends found through {@link ServiceLoader}, breakers outside any registry.
   *
   * @return the shared default loader
   */
  public static EdgeConfigLoader defaults() {
    return DEFAULTS;
  }

  /**
   * Starts configuring a loader.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a file as UTF-8: JSON if its name ends with {@code .json} (in any case), YAML otherwise.
   *
   * @param file the file
   * @return the loaded configuration
   * @throws IOException if the file cannot be read or is not UTF-8
   * @throws ConfigException if the document has problems; its source is the file name as given
   */
  public LoadedConfig load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String text = Files.readString(file);
    Path name = file.getFileName();
    boolean json = name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return load(text, json ? Documents.Syntax.JSON : Documents.Syntax.YAML, file.toString());
  }

  /**
   * Loads a YAML document.
   *
   * @param yaml the document
   * @return the loaded configuration
   * @throws ConfigException if the document has problems; its source is {@code YAML text}
   */
  public LoadedConfig fromYaml(String yaml) {
    return load(Objects.requireNonNull(yaml, "yaml"), Documents.Syntax.YAML, "YAML text");
  }

  /**
   * Loads a JSON document.
   *
   * @param json the document
   * @return the loaded configuration
   * @throws ConfigException if the document has problems; its source is {@code JSON text}
   */
  public LoadedConfig fromJson(String json) {
    return load(Objects.requireNonNull(json, "json"), Documents.Syntax.JSON, "JSON text");
  }

  private LoadedConfig load(String text, Documents.Syntax syntax, String source) {
    return load(text, syntax, source, null);
  }

  /**
   * Loads a document, keeping the in-memory limiters and breakers of {@code previous} whose
   * settings the document leaves unchanged (see {@link ReloadingConfig}).
   */
  LoadedConfig load(String text, Documents.Syntax syntax, String source, @Nullable LoadedConfig previous) {
    Problems problems = new Problems();
    JsonNode root = Documents.parse(text, syntax, problems);
    if (root != null) {
      Interpolation.apply(root, options.environment(), problems);
    }
    DocumentSection doc = root == null ? null : DocumentSection.read(root, problems, options);
    LoadedConfig config = doc == null || problems.count() > 0 ? null : Assembly.build(doc, options, problems, previous);
    if (config == null) {
      throw new ConfigException(source, problems.lines());
    }
    return config;
  }

  /**
   * Configures an {@link EdgeConfigLoader}. Each setting may be made once (a second call throws
   * {@link IllegalStateException}), each backend name once. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable Ticker ticker;
    private @Nullable Clock clock;
    private @Nullable Sleeper sleeper;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor timeoutExecutor;
    private final Map<String, RateLimiterFactory> rateBackends = new LinkedHashMap<>();
    private final Map<String, ConcurrencyLimiterFactory> concurrencyBackends = new LinkedHashMap<>();
    private final Map<String, HierarchicalRateLimiterFactory> hierarchyBackends = new LinkedHashMap<>();
    private final Map<String, LimiterBackendProvider> providers = new LinkedHashMap<>();
    private @Nullable CircuitBreakerRegistry registry;
    private @Nullable RateLimiterListener rateLimiterListener;
    private @Nullable ClientIpResolver clientIpResolver;
    private @Nullable EdgeListener edgeListener;
    private @Nullable Boolean routeStatistics;
    private @Nullable EdgeTracer edgeTracer;
    private @Nullable Function<String, @Nullable String> environment;
    private @Nullable LimiterBackend hierarchyBackend;

    private Builder() {}

    /**
     * Sets the clock of the edge and of every limiter, breaker, retry and retry budget the loader
     * builds (default {@link Ticker#system()}).
     *
     * @param ticker the clock, such as a {@link dev.bulwark.core.ManualTicker} in tests
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
      return this;
    }

    /**
     * Sets the wall clock of the error envelope's timestamp (default the edge's,
     * {@link Clock#systemUTC()}).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      this.clock = Preconditions.setOnce("clock", this.clock, clock);
      return this;
    }

    /**
     * Sets how the outbound retries wait between sync attempts (default the retry's,
     * {@link Sleeper#system()}).
     *
     * @param sleeper the sleeper, such as {@link dev.bulwark.core.ManualTicker#sleeper()} in tests
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Preconditions.setOnce("sleeper", this.sleeper, sleeper);
      return this;
    }

    /**
     * Sets the scheduler of async retry delays and of timeouts (default their shared daemon
     * scheduler).
     *
     * @param scheduler the scheduler; never shut down by the loaded policies
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
      return this;
    }

    /**
     * Sets the executor that runs sync calls under the outbound timeouts (default none: sync calls
     * then run on the caller's thread, interrupted at the deadline). See
     * {@link dev.bulwark.retry.TimeoutBuilder#executor}.
     *
     * @param executor the executor; never shut down by the loaded policies
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder timeoutExecutor(Executor executor) {
      this.timeoutExecutor = Preconditions.setOnce("timeoutExecutor", this.timeoutExecutor, executor);
      return this;
    }

    /**
     * Registers a rate limiter backend that a route selects with {@code rateLimit.backend}.
     *
     * @param name the name documents use, such as {@code redis}; not blank, not {@code memory}
     * @param factory creates each route's limiter
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or {@code memory}
     * @throws IllegalStateException if a rate limiter backend of that name is registered
     */
    public Builder rateLimiterBackend(String name, RateLimiterFactory factory) {
      register("rate limiter", rateBackends, name, factory);
      return this;
    }

    /**
     * Registers a concurrency limiter backend that a route selects with
     * {@code concurrency.backend}.
     *
     * @param name the name documents use, such as {@code redis}; not blank, not {@code memory}
     * @param factory creates each route's limiter
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or {@code memory}
     * @throws IllegalStateException if a concurrency limiter backend of that name is registered
     */
    public Builder concurrencyLimiterBackend(String name, ConcurrencyLimiterFactory factory) {
      register("concurrency limiter", concurrencyBackends, name, factory);
      return this;
    }

    /**
     * Registers a hierarchical rate limiter backend that an entry of {@code hierarchicalLimits}
     * selects with {@code backend}, such as one that keeps the per-client counts in Redis.
     *
     * @param name the name documents use, such as {@code redis}; not blank, not {@code memory}
     * @param factory creates each hierarchy's limiter
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or {@code memory}
     * @throws IllegalStateException if a hierarchical rate limiter backend of that name is registered
     */
    public Builder hierarchicalRateLimiterBackend(String name, HierarchicalRateLimiterFactory factory) {
      register("hierarchical rate limiter", hierarchyBackends, name, factory);
      return this;
    }

    /**
     * Registers a backend provider, which routes select by its {@link LimiterBackendProvider#name()}
     * (for rate and concurrency limiters), with options from the document's
     * {@code backends.<name>}. It wins over a provider of the same name found through
     * {@link ServiceLoader}, and a factory registered for one kind of limiter under the same name
     * wins over it for that kind.
     *
     * @param provider the provider, such as a test double
     * @return this builder
     * @throws IllegalArgumentException if its name is blank or {@code memory}
     * @throws IllegalStateException if a provider of that name is registered
     */
    public Builder backendProvider(LimiterBackendProvider provider) {
      Objects.requireNonNull(provider, "provider");
      register("limiter backend provider", providers, provider.name(), provider);
      return this;
    }

    /**
     * Creates every circuit breaker (of routes and of outbound entries) through a registry, so that
     * they are listed there with its listeners, named after the route or entry. Give the registry
     * the same ticker as the loader: the edge times calls with the loader's. A name used by both a
     * route and an outbound entry then means one breaker, which is an error if their
     * configurations differ. Default: no registry.
     *
     * @param registry the registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
      this.registry = Preconditions.setOnce("circuitBreakerRegistry", this.registry, registry);
      return this;
    }

    /**
     * Adds a listener to every in-memory rate limiter the loader builds (routes' own and
     * hierarchical), and to every hierarchical limiter a backend provider builds, for metrics.
     *
     * @param listener the listener
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder rateLimiterListener(RateLimiterListener listener) {
      this.rateLimiterListener = Preconditions.setOnce("rateLimiterListener", this.rateLimiterListener, listener);
      return this;
    }

    /**
     * Sets the client-IP resolver, replacing the document's {@code clientIp} section (which is
     * still checked), such as trusted proxies given on a command line.
     *
     * @param resolver the resolver
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clientIpResolver(ClientIpResolver resolver) {
      this.clientIpResolver = Preconditions.setOnce("clientIpResolver", this.clientIpResolver, resolver);
      return this;
    }

    /**
     * Sets the listener the loaded edge tells how each request ended, such as
     * {@code micrometer-metrics}' {@code EdgeMetrics} (see
     * {@link dev.bulwark.http.EdgeBuilder#listener(EdgeListener)}). Default: none. Each load builds
     * a new edge with this same listener.
     *
     * @param listener the listener
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder edgeListener(EdgeListener listener) {
      this.edgeListener = Preconditions.setOnce("edgeListener", this.edgeListener, listener);
      return this;
    }

    /**
     * Sets the tracer that starts a span for each request of the loaded edge when it begins, such
     * as {@code micrometer-metrics}' {@code EdgeObservations} (see
     * {@link dev.bulwark.http.EdgeBuilder#tracer(EdgeTracer)}). Default: none. Each load builds a
     * new edge with this same tracer.
     *
     * @param tracer the tracer
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder edgeTracer(EdgeTracer tracer) {
      this.edgeTracer = Preconditions.setOnce("edgeTracer", this.edgeTracer, tracer);
      return this;
    }

    /**
     * Sets where {@code ${NAME}}, {@code ${NAME:default}} and {@code ${NAME:-default}} references
     * in a document's strings are looked up (default {@code System::getenv}); see
     * {@code docs/config.md}. A function that returns null for a name means the variable is unset.
     *
     * @param environment the variables by name, such as {@code Map.of("ENVIRONMENT", "production")::get}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder environment(Function<String, @Nullable String> environment) {
      this.environment = Preconditions.setOnce("environment", this.environment, environment);
      return this;
    }

    /**
     * Makes every edge this loader builds keep per-route statistics
     * ({@link dev.bulwark.http.EdgeBuilder#routeStatistics()}, read through
     * {@link dev.bulwark.http.EdgeRoute#statistics()}), whatever the document's
     * {@code routeStatistics} key says. Default: as the document says (off when it says nothing).
     * Each load builds a new edge whose counts start at zero.
     *
     * @return this builder
     * @throws IllegalStateException if already chosen
     */
    public Builder routeStatistics() {
      this.routeStatistics = Preconditions.setOnce("routeStatistics", this.routeStatistics, Boolean.TRUE);
      return this;
    }

    /**
     * Builds every entry of the document's {@code hierarchicalLimits} through {@code backend}'s
     * {@link LimiterBackend#hierarchicalRateLimiter}, whatever the entry's {@code backend} key says
     * (which is still checked), as {@link #clientIpResolver} replaces the document's
     * {@code clientIp}: a command-line switch such as the demo's {@code --redis URL} moves a
     * configuration's hierarchies into Redis without editing it. The limiters get the
     * {@link #rateLimiterListener} if one is set; an entry's {@code maximumKeys}, a setting of the
     * in-memory limiter, does not apply. The caller opened the backend (for instance through
     * {@link LimiterBackendProvider#open}) and owns it: every load uses it, and
     * {@link LoadedConfig#close()} leaves it open. Default: each entry's own backend.
     *
     * @param backend the opened backend
     * @return this builder
     * @throws NullPointerException if {@code backend} is null
     * @throws IllegalStateException if already set
     */
    public Builder hierarchicalLimitsBackend(LimiterBackend backend) {
      this.hierarchyBackend = Preconditions.setOnce("hierarchicalLimitsBackend", this.hierarchyBackend, backend);
      return this;
    }

    /**
     * Builds the loader, finding the {@link LimiterBackendProvider}s on the class and module path
     * through {@link ServiceLoader} (with this class's loader). A found provider whose name is
     * registered, blank or {@code memory} is skipped; of two found under one name, the first wins.
     *
     * @return the immutable loader
     * @throws java.util.ServiceConfigurationError if a declared provider cannot be instantiated
     */
    public EdgeConfigLoader build() {
      Map<String, LimiterBackendProvider> all = new LinkedHashMap<>(providers);
      for (LimiterBackendProvider found
          : ServiceLoader.load(LimiterBackendProvider.class, EdgeConfigLoader.class.getClassLoader())) {
        String name = found.name();
        if (!name.isBlank() && !name.equals(RateSection.MEMORY)) {
          all.putIfAbsent(name, found);
        }
      }
      return new EdgeConfigLoader(new LoaderOptions(
          ticker != null ? ticker : Ticker.system(),
          clock,
          sleeper,
          scheduler,
          timeoutExecutor,
          Map.copyOf(rateBackends),
          Map.copyOf(concurrencyBackends),
          Map.copyOf(hierarchyBackends),
          Collections.unmodifiableMap(all),
          registry,
          rateLimiterListener,
          clientIpResolver,
          edgeListener,
          edgeTracer,
          environment != null ? environment : System::getenv,
          Boolean.TRUE.equals(routeStatistics),
          hierarchyBackend));
    }

    private static <T> void register(String kind, Map<String, T> backends, String name, T factory) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
      if (name.isBlank() || name.equals(RateSection.MEMORY)) {
        throw new IllegalArgumentException(
            kind + " backend name must not be blank or \"memory\" but was \"" + name + "\"");
      }
      if (backends.containsKey(name)) {
        throw new IllegalStateException(kind + " backend \"" + name + "\" was already registered");
      }
      backends.put(name, factory);
    }
  }
}
