package dev.bulwark.config;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Policy;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteBuilder;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.Timeout;
import dev.bulwark.retry.TimeoutBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds the live objects of a document that was read without problems: the hierarchical
 * limiters (with the route overrides the routes declare), each route's limiters and breaker, the
 * edge, and the outbound policies. What fails here (a limit an algorithm cannot hold, a backend
 * that refuses its settings, a breaker name taken in the registry with another configuration) is
 * reported at the path it came from, like a problem of the document.
 *
 * <p>A backend that a provider supplies is opened once per load, when the first route names it;
 * the loaded configuration owns it, and a load that fails closes it again.
 */
final class Assembly {

  private final LoaderOptions options;
  private final Problems problems;
  private final BackendsSection backendOptions;
  /** The backends opened so far, by name; null when opening one failed. */
  private final Map<String, @Nullable LimiterBackend> opened = new LinkedHashMap<>();
  /** The routes' gates of the configuration a reload replaces, by route name; empty for a first load. */
  private final Map<String, RouteGates> previous;

  private Assembly(LoaderOptions options, Problems problems, BackendsSection backendOptions,
      Map<String, RouteGates> previous) {
    this.options = options;
    this.problems = problems;
    this.backendOptions = backendOptions;
    this.previous = previous;
  }

  /**
   * Builds the loaded configuration; null when a problem was reported. On a reload, an in-memory
   * rate or concurrency limiter, or a breaker not from a registry, of a route of {@code previous}
   * with the same name and the same settings is kept, with its state, instead of being built anew.
   */
  static @Nullable LoadedConfig build(
      DocumentSection doc, LoaderOptions options, Problems problems, @Nullable LoadedConfig previous) {
    Assembly assembly = new Assembly(options, problems, doc.backends(),
        previous == null ? Map.of() : previous.routeGates());
    LoadedConfig config = null;
    try {
      config = assembly.build(doc);
      return config;
    } finally {
      if (config == null) {
        assembly.closeBackends();
      }
    }
  }

  private void closeBackends() {
    for (LimiterBackend backend : opened.values()) {
      if (backend != null) {
        backend.close();
      }
    }
  }

  private @Nullable LoadedConfig build(DocumentSection doc) {
    List<RouteSection> all = new ArrayList<>(doc.routes());
    all.add(doc.defaultRoute());
    Map<String, HierarchicalRateLimiter<String>> hierarchies = hierarchies(doc, all);
    EdgeBuilder edge = doc.edge();
    Map<String, RouteGates> gates = new LinkedHashMap<>();
    for (RouteSection section : doc.routes()) {
      Route route = route(section, hierarchies, gates);
      if (route != null) {
        edge.route(route);
      }
    }
    Route fallback = route(doc.defaultRoute(), hierarchies, gates);
    if (fallback != null) {
      edge.defaultRoute(fallback);
    }
    Map<String, OutboundPolicies> outbound = new LinkedHashMap<>();
    for (OutboundSection section : doc.outbound()) {
      OutboundPolicies policies = outbound(section);
      if (policies != null) {
        outbound.put(section.name(), policies);
      }
    }
    if (problems.count() > 0) {
      return null;
    }
    List<LimiterBackend> backends = new ArrayList<>();
    for (LimiterBackend backend : opened.values()) {
      backends.add(Objects.requireNonNull(backend, "backend"));
    }
    return new LoadedConfig(edge.build(), gates, hierarchies, outbound, options, backends, doc.observability());
  }

  private Map<String, HierarchicalRateLimiter<String>> hierarchies(
      DocumentSection doc, List<RouteSection> routes) {
    Map<String, Map<String, List<RateLimit>>> overrides = new LinkedHashMap<>();
    for (RouteSection route : routes) {
      RateSection rate = route.settings().rateLimit();
      String hierarchy = rate != null ? rate.hierarchy() : null;
      List<RateLimit> limits = rate != null ? rate.limits() : null;
      HierarchySection shared = hierarchy != null ? doc.hierarchies().get(hierarchy) : null;
      if (shared != null && limits != null && rate != null) {
        Object fits = !shared.inMemory() ? limits : attempt(Fields.child(rate.path(), "limit"), () -> {
          RateSection.probe(limits, shared.algorithm());
          return limits;
        });
        if (fits != null) {
          overrides.computeIfAbsent(shared.name(), h -> new LinkedHashMap<>()).put(route.name(), limits);
        }
      }
    }
    Map<String, HierarchicalRateLimiter<String>> built = new LinkedHashMap<>();
    for (HierarchySection h : doc.hierarchies().values()) {
      LimiterBackend replacement = options.hierarchyBackend();
      String path = h.inMemory() || replacement != null ? h.path() : Fields.child(h.path(), "backend");
      boolean provided =
          replacement != null || (!h.inMemory() && !options.hierarchyBackends().containsKey(h.backend()));
      LimiterBackend opened = replacement != null ? replacement : provided ? backend(h.backend(), path) : null;
      HierarchicalRateLimiter<String> limiter = provided && opened == null ? null
          : attempt(path, () -> h.build(overrides.getOrDefault(h.name(), Map.of()), options, opened));
      if (limiter != null) {
        built.put(h.name(), limiter);
      }
    }
    return built;
  }

  /** Builds a route with its limiters and breaker, recording them in {@code gates}. */
  private @Nullable Route route(
      RouteSection section,
      Map<String, HierarchicalRateLimiter<String>> hierarchies,
      Map<String, RouteGates> gates) {
    gates.put(section.name(), gates(section, hierarchies));
    return attempt(section.path(), () -> section.builder().build());
  }

  private RouteGates gates(RouteSection route, Map<String, HierarchicalRateLimiter<String>> hierarchies) {
    RouteBuilder builder = route.builder();
    KeyedRateLimiter<String> rateLimiter = null;
    Object rateSettings = null;
    RateSection rate = route.settings().rateLimit();
    if (rate != null) {
      String hierarchy = rate.hierarchy();
      if (hierarchy != null) {
        HierarchicalRateLimiter<String> shared = hierarchies.get(hierarchy);
        if (shared != null) {
          builder.rateLimit(RateLimitGate.of(shared));
        }
      } else if (rate.parts() != null) {
        List<RateLimitGate> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RateSection part : Objects.requireNonNull(rate.parts())) {
          RateLimitKey key = part.key() != null ? part.key() : RateLimitKey.ip();
          // Named as the edge names the parts it builds: the route and the key.
          String name = route.name() + "-" + key;
          name = names.contains(name) ? name + "-" + (names.size() + 1) : name;
          names.add(name);
          KeyedRateLimiter<String> limiter = rateLimiter(name, part);
          if (limiter == null) {
            return new RouteGates(null, null, null, null, null, null);
          }
          rateLimiter = rateLimiter != null ? rateLimiter : limiter;
          parts.add(RateLimitGate.of(limiter).key(key));
        }
        builder.rateLimit(RateLimitGate.allOf(parts.get(0), parts.get(1),
            parts.subList(2, parts.size()).toArray(new RateLimitGate[0])));
      } else {
        rateSettings = rate.backend().equals(RateSection.MEMORY)
            ? new RateSection(rate.limits(), rate.algorithm(), rate.maximumKeys(), rate.backend(), null, "", null, null)
            : null;
        RouteGates old = previous.get(route.name());
        rateLimiter = rateSettings != null && old != null && rateSettings.equals(old.rateSettings())
            ? old.rateLimiter()
            : rateLimiter(route.name(), rate);
        if (rateLimiter != null) {
          builder.rateLimit(RateLimitGate.of(rateLimiter));
        }
      }
    }
    KeyedConcurrencyLimiter<String> concurrencyLimiter = null;
    Object concurrencySettings = null;
    ConcurrencySection concurrency = route.settings().concurrency();
    if (concurrency != null) {
      concurrencySettings = concurrency.backend().equals(RateSection.MEMORY)
          ? new ConcurrencySection(concurrency.perClient(), concurrency.total(), concurrency.backend(), "")
          : null;
      RouteGates old = previous.get(route.name());
      concurrencyLimiter = concurrencySettings != null && old != null
          && concurrencySettings.equals(old.concurrencySettings())
          ? old.concurrencyLimiter()
          : concurrencyLimiter(route.name(), concurrency);
      if (concurrencyLimiter != null) {
        builder.concurrency(ConcurrencyGate.of(concurrencyLimiter));
      }
    }
    CircuitBreaker breaker = null;
    Object breakerSettings = null;
    CircuitBreakerConfig config = route.settings().circuitBreaker();
    if (config != null) {
      // A configuration read from a document is described whole by its toString (the document
      // cannot set predicates), so equal descriptions mean equal settings.
      breakerSettings = options.registry() == null ? config.toString() : null;
      RouteGates old = previous.get(route.name());
      breaker = breakerSettings != null && old != null && breakerSettings.equals(old.breakerSettings())
          ? old.circuitBreaker()
          : breaker(route.name(), config, Fields.child(route.path(), "circuitBreaker"));
      if (breaker != null) {
        builder.circuitBreaker(BreakerGate.of(breaker));
      }
    }
    return new RouteGates(rateLimiter, concurrencyLimiter, breaker,
        rateLimiter != null ? rateSettings : null,
        concurrencyLimiter != null ? concurrencySettings : null,
        breaker != null ? breakerSettings : null);
  }

  private @Nullable KeyedRateLimiter<String> rateLimiter(String name, RateSection rate) {
    List<RateLimit> limits = Objects.requireNonNull(rate.limits(), "limits");
    RateLimitAlgorithm algorithm = rate.algorithm();
    if (!rate.backend().equals(RateSection.MEMORY)) {
      String path = Fields.child(rate.path(), "backend");
      RateLimitAlgorithm chosen = algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET;
      RateLimiterFactory factory = options.rateBackends().get(rate.backend());
      if (factory != null) {
        return attempt(path, () -> Objects.requireNonNull(
            factory.create(name, limits, chosen),
            () -> "rate limiter backend " + rate.backend() + " returned null"));
      }
      LimiterBackend backend = backend(rate.backend(), path);
      return backend == null ? null : attempt(path, () -> Objects.requireNonNull(
          backend.rateLimiter(name, limits, chosen),
          () -> "rate limiter backend " + rate.backend() + " returned null"));
    }
    KeyedRateLimiterBuilder b =
        KeyedRateLimiter.builder(limits).name(name).ticker(options.ticker()).recordStats();
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    if (rate.maximumKeys() != -1) {
      b.maximumKeys(rate.maximumKeys());
    }
    RateLimiterListener listener = options.rateLimiterListener();
    if (listener != null) {
      b.listener(listener);
    }
    return attempt(rate.path(), b::<String>build);
  }

  private @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter(
      String name, ConcurrencySection concurrency) {
    if (!concurrency.backend().equals(RateSection.MEMORY)) {
      String path = Fields.child(concurrency.path(), "backend");
      ConcurrencyLimiterFactory factory = options.concurrencyBackends().get(concurrency.backend());
      if (factory != null) {
        return attempt(path, () -> Objects.requireNonNull(
            factory.create(name, concurrency.perClient(), concurrency.total()),
            () -> "concurrency limiter backend " + concurrency.backend() + " returned null"));
      }
      LimiterBackend backend = backend(concurrency.backend(), path);
      return backend == null ? null : attempt(path, () -> Objects.requireNonNull(
          backend.concurrencyLimiter(name, concurrency.perClient(), concurrency.total()),
          () -> "concurrency limiter backend " + concurrency.backend() + " returned null"));
    }
    return KeyedConcurrencyLimiter.builder(concurrency.perClient(), concurrency.total())
        .name(name)
        .build();
  }

  private @Nullable CircuitBreaker breaker(String name, CircuitBreakerConfig config, String path) {
    CircuitBreakerRegistry registry = options.registry();
    if (registry != null) {
      return attempt(path, () -> registry.breaker(name, config));
    }
    return CircuitBreaker.builder(name).config(config).ticker(options.ticker()).recordStats().build();
  }

  private @Nullable OutboundPolicies outbound(OutboundSection section) {
    List<Policy> policies = new ArrayList<>();
    Timeout timeout = null;
    Duration limit = section.timeout();
    if (limit != null) {
      TimeoutBuilder b = Timeout.builder(limit).name(section.name());
      ScheduledExecutorService scheduler = options.scheduler();
      if (scheduler != null) {
        b.scheduler(scheduler);
      }
      Executor executor = options.timeoutExecutor();
      if (executor != null) {
        b.executor(executor);
      }
      timeout = b.build();
      policies.add(timeout);
    }
    Retry retry = null;
    RetrySection retrySettings = section.retry();
    if (retrySettings != null) {
      retry = retrySettings.newBuilder(section.name(), options).build();
      policies.add(retry);
    }
    CircuitBreaker breaker = null;
    CircuitBreakerConfig config = section.circuitBreaker();
    if (config != null) {
      breaker = breaker(section.name(), config, Fields.child(section.path(), "circuitBreaker"));
      if (breaker == null) {
        return null;
      }
      policies.add(breaker);
    }
    return new OutboundPolicies(
        section, timeout, retry, breaker, Pipeline.of(policies.toArray(new Policy[0])));
  }

  /**
   * Returns the opened backend a provider supplies under {@code name}, opening it on first use with
   * the document's {@code backends.<name>} options; null when opening failed (reported once, at
   * {@code backends.<name>} when the document has that section, else at {@code path}).
   */
  private @Nullable LimiterBackend backend(String name, String path) {
    if (opened.containsKey(name)) {
      return opened.get(name);
    }
    LimiterBackendProvider provider =
        Objects.requireNonNull(options.providers().get(backendOptions.provider(name)), "provider");
    boolean section = backendOptions.options().containsKey(name) && !backendOptions.inlineTypes().containsKey(name);
    String at = section ? Fields.child("backends", name) : path;
    LimiterBackend backend = attempt(at, () -> Objects.requireNonNull(
        provider.open(backendOptions.of(name), options.ticker()),
        () -> "backend provider " + name + " returned null"));
    opened.put(name, backend);
    return backend;
  }

  /** Runs a build step, reporting its {@link IllegalArgumentException} or ISE at {@code path}. */
  private <T> @Nullable T attempt(String path, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(path, String.valueOf(e.getMessage()));
      return null;
    }
  }
}
