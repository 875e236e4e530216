package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Route} bound to an edge: its pattern and methods, and the live gates (limiters and
 * breaker built on the edge's ticker) that {@link GateChain} runs.
 */
final class CompiledRoute {

  final String name;
  final EdgeConfig config;
  final SecurityHeaders securityHeaders;
  final ErrorBodyWriter errorBodyWriter;
  final @Nullable CorsPolicy cors;
  final boolean rejectDisallowedOrigins;
  final RateLimitKey key;
  /** This route's key for {@link RateLimitKey#route()}: {@code r:<name>}. */
  final String routeKey;
  final boolean needsKey;
  final @Nullable RateGate rate;
  /** The parts of a rate limit keyed per part, or null; {@link #rate} is then null. */
  final @Nullable RateParts rateParts;
  final @Nullable KeyedConcurrencyLimiter<String> concurrency;
  /** Whether {@link #rate}, or a part of {@link #rateParts}, decides in another process: {@link Edge#beginAsync} asks it asynchronously. */
  final boolean remoteRate;
  /** Whether {@link #concurrency} decides in another process: {@link Edge#beginAsync} asks it asynchronously. */
  final boolean remoteConcurrency;
  final @Nullable ValidationGate validation;
  final @Nullable CircuitBreaker breaker;
  /**
   * Whether the breaker's start is the reading {@link #rate} decided at: the gate is the edge's own
   * in-memory keyed limiter, built on {@code config.ticker()} (the breaker's clock here), and there
   * is a breaker. Then an admitted request reads the ticker once for both; see {@link GateChain}.
   */
  final boolean breakerStartsAtRate;
  /** From these nanoseconds an admitted request is logged as slow; {@link Long#MAX_VALUE}: never. */
  final long slowWarnNanos;
  /** From these nanoseconds it is logged as critically slow. */
  final long slowCriticalNanos;
  /** Whether each gate runs in shadow mode (the route's own setting or the edge's). */
  final boolean shadowCors;
  final boolean shadowRate;
  final boolean shadowConcurrency;
  final boolean shadowValidation;
  final boolean shadowBreaker;
  /** Reports shadow refusals; null when no gate of the route is shadowed. */
  final @Nullable ShadowReports shadowReports;
  /** The edge's in-flight work and drain state, shared by its routes. */
  final InFlight inFlight;
  final ConnectionPolicy connectionPolicy;
  private final RoutePattern pattern;
  private final String[] methods;
  private final boolean allowsGet;

  CompiledRoute(Route route, EdgeConfig config, InFlight inFlight) {
    this.inFlight = inFlight;
    this.connectionPolicy = route.connectionPolicy;
    this.name = route.name;
    this.config = config;
    this.pattern = route.pattern;
    this.methods = route.methods.toArray(new String[0]);
    this.allowsGet = route.methods.contains("GET");
    SecurityHeaders headers = route.securityHeaders;
    this.securityHeaders = headers != null ? headers : config.securityHeaders();
    ErrorBodyWriter writer = route.errorBodyWriter;
    this.errorBodyWriter = writer != null ? writer : config.errorBodyWriter();
    this.cors = route.cors;
    this.rejectDisallowedOrigins = route.rejectDisallowedOrigins;
    this.key = route.key;
    this.routeKey = "r:" + name;
    this.rateParts = route.rateParts != null ? rateParts(route.name, route.rateParts, config) : null;
    this.rate = rateParts == null ? rateGate(route, config) : null;
    this.concurrency = route.concurrencyLimiter != null
        ? route.concurrencyLimiter
        : route.maxPerClient > 0
            ? KeyedConcurrencyLimiter.builder(route.maxPerClient, route.maxTotal).name(name).build()
            : null;
    this.needsKey = rate != null || concurrency != null || rateParts != null;
    this.remoteRate = rate != null ? rate.isRemote() : rateParts != null && rateParts.isRemote();
    this.remoteConcurrency = concurrency != null && concurrency.isRemote();
    long maxBodyBytes = route.maxBodyBytes >= 0
        ? route.maxBodyBytes
        : config.maxBodyBytes() == Long.MAX_VALUE ? -1 : config.maxBodyBytes();
    boolean validates = route.queryPolicy != null || route.headerPolicy != null
        || maxBodyBytes >= 0 || route.contentTypePolicy != null || route.bodyPolicy != null;
    this.validation = validates
        ? new ValidationGate(route.queryPolicy, route.headerPolicy, maxBodyBytes,
            route.contentTypePolicy, route.bodyPolicy)
        : null;
    CircuitBreakerConfig breakerConfig = route.breakerConfig;
    this.breaker = route.breaker != null
        ? route.breaker
        : breakerConfig != null
            ? CircuitBreaker.builder(name).config(breakerConfig).ticker(config.ticker()).recordStats().build()
            : null;
    RateGate built = rate;
    this.breakerStartsAtRate = breaker != null && built != null && built.decidesAtReadings()
        && route.keyedLimiter == null && route.hierarchicalLimiter == null;
    RequestLog log = config.requestLog();
    RequestLog.Thresholds slow = log == null ? null : log.slowRequests(name);
    this.slowWarnNanos = slow == null ? Long.MAX_VALUE : slow.warnNanos();
    this.slowCriticalNanos = slow == null ? Long.MAX_VALUE : slow.criticalNanos();
    this.shadowCors = shadows(route, config, EdgeGate.CORS);
    this.shadowRate = shadows(route, config, EdgeGate.RATE_LIMIT);
    this.shadowConcurrency = shadows(route, config, EdgeGate.CONCURRENCY);
    this.shadowValidation = shadows(route, config, EdgeGate.VALIDATION);
    this.shadowBreaker = shadows(route, config, EdgeGate.CIRCUIT_BREAKER);
    this.shadowReports = route.shadowed.isEmpty() && config.shadowed().isEmpty() ? null : new ShadowReports();
  }

  private static boolean shadows(Route route, EdgeConfig config, EdgeGate gate) {
    return route.shadowed.contains(gate) || config.shadowed().contains(gate);
  }

  /** Tells whether {@code gate} runs in shadow mode on this route. */
  boolean shadows(EdgeGate gate) {
    return switch (gate) {
      case CORS -> shadowCors;
      case RATE_LIMIT -> shadowRate;
      case CONCURRENCY -> shadowConcurrency;
      case VALIDATION -> shadowValidation;
      case CIRCUIT_BREAKER -> shadowBreaker;
      case DRAINING -> false;
    };
  }

  /** Reports a refusal a shadowed gate would have made; call only when a gate is shadowed. */
  void shadowRejected(@Nullable RequestContext context, EdgeGate gate, int status) {
    ShadowReports reports = shadowReports;
    if (reports != null) {
      reports.report(this, context, gate, status);
    }
  }

  private static @Nullable RateGate rateGate(Route route, EdgeConfig config) {
    KeyedRateLimiter<String> keyed = route.keyedLimiter;
    if (keyed != null) {
      return RateGate.keyed(route.name, keyed);
    }
    HierarchicalRateLimiter<String> hierarchical = route.hierarchicalLimiter;
    if (hierarchical != null) {
      return RateGate.hierarchical(route.name, hierarchical);
    }
    List<RateLimit> limits = route.limits;
    if (limits == null) {
      return null;
    }
    KeyedRateLimiterBuilder b =
        KeyedRateLimiter.builder(limits).name(route.name).ticker(config.ticker()).recordStats();
    RateLimitAlgorithm algorithm = route.algorithm;
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    if (route.maximumKeys != -1) {
      b.maximumKeys(route.maximumKeys);
    }
    return RateGate.keyed(route.name, b.<String>build());
  }

  private static RateParts rateParts(String name, List<RateLimitGate> parts, EdgeConfig config) {
    List<String> labels = new ArrayList<>();
    List<RateGate> gates = new ArrayList<>();
    List<RateLimitKey> keys = new ArrayList<>();
    for (RateLimitGate part : parts) {
      RateLimitKey key = part.key != null ? part.key : RateLimitKey.ip();
      String label = name + "-" + key;
      if (labels.contains(label)) {
        label = label + "-" + (labels.size() + 1);
      }
      labels.add(label);
      KeyedRateLimiter<String> limiter = part.keyedLimiter;
      if (limiter == null) {
        KeyedRateLimiterBuilder b = KeyedRateLimiter.builder(Objects.requireNonNull(part.limits))
            .name(label).ticker(config.ticker()).recordStats();
        RateLimitAlgorithm algorithm = part.algorithm;
        if (algorithm != null) {
          b.algorithm(algorithm);
        }
        if (part.maximumKeys != -1) {
          b.maximumKeys(part.maximumKeys);
        }
        limiter = b.<String>build();
      }
      gates.add(RateGate.keyed(label, limiter));
      keys.add(key);
    }
    return new RateParts(gates, keys);
  }

  /**
   * Tells whether a request matches: the method (HEAD also matching GET routes) and the canonical
   * path. Allocates nothing.
   */
  boolean matches(String method, String canonicalPath) {
    return allowsMethod(method) && pattern.matches(canonicalPath);
  }

  /** Tells whether the canonical path matches, whatever the method. */
  boolean matchesPath(String canonicalPath) {
    return pattern.matches(canonicalPath);
  }

  private boolean allowsMethod(String method) {
    if (methods.length == 0) {
      return true;
    }
    for (String m : methods) {
      if (m.equals(method)) {
        return true;
      }
    }
    return allowsGet && method.equals("HEAD");
  }

  /** Returns whether this route answers CORS preflights. */
  boolean handlesPreflight() {
    return cors != null;
  }

  @Override
  public String toString() {
    return "Route[" + name + " " + (methods.length == 0 ? "*" : String.join(",", methods)) + " "
        + pattern + "]";
  }
}
