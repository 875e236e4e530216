package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One route of an {@link Edge}: a path pattern, optionally some methods, and the gates its requests
 * pass. A route is a description; the {@link Edge} it is added to creates the limiters and
 * breakers it describes (so two edges built from one route keep separate counts), while
 * ready-made limiters and breakers given to {@link RouteBuilder} are used as they are.
 *
 * <pre>{@code
 * Route search = Route.builder("/api/search")
 *     .name("search")
 *     .methods("GET")
 *     .rateLimit(RateLimitGate.of("100/minute; 1000/hour"))
 *     .concurrency(ConcurrencyGate.of(4, 200))
 *     .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
 *     .circuitBreaker(BreakerGate.of(
 *         CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build()))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Route {

  final String name;
  final RoutePattern pattern;
  final List<String> methods;
  final @Nullable SecurityHeaders securityHeaders;
  final @Nullable CorsPolicy cors;
  final boolean rejectDisallowedOrigins;
  final @Nullable List<RateLimit> limits;
  final @Nullable KeyedRateLimiter<String> keyedLimiter;
  final @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter;
  final @Nullable RateLimitAlgorithm algorithm;
  final long maximumKeys;
  /** The gates of a rate limit keyed per gate ({@link RateLimitGate#allOf}, or one keyed gate), or null. */
  final @Nullable List<RateLimitGate> rateParts;
  final RateLimitKey key;
  final int maxPerClient;
  final int maxTotal;
  final @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter;
  final @Nullable InputPolicy queryPolicy;
  final @Nullable InputPolicy headerPolicy;
  final @Nullable InputPolicy bodyPolicy;
  final @Nullable ContentTypePolicy contentTypePolicy;
  final long maxBodyBytes;
  final @Nullable CircuitBreaker breaker;
  final @Nullable CircuitBreakerConfig breakerConfig;
  final @Nullable ErrorBodyWriter errorBodyWriter;
  final Set<EdgeGate> shadowed;
  final ConnectionPolicy connectionPolicy;

  Route(RouteBuilder b) {
    this.pattern = b.parsed;
    this.name = b.name != null ? b.name : b.pattern;
    List<String> m = b.methods;
    this.methods = m != null ? m : List.of();
    this.securityHeaders = b.securityHeaders;
    this.cors = b.cors;
    this.rejectDisallowedOrigins = b.rejectDisallowedOrigins != null;
    this.limits = b.limits;
    this.keyedLimiter = b.keyedLimiter;
    this.hierarchicalLimiter = b.hierarchicalLimiter;
    this.algorithm = b.algorithm;
    this.maximumKeys = b.maximumKeys;
    RateLimitGate gate = b.rateGate;
    this.rateParts = gate == null ? null : gate.parts != null ? gate.parts : gate.key != null ? List.of(gate) : null;
    RateLimitKey k = b.key;
    this.key = k != null ? k : RateLimitKey.ip();
    this.maxPerClient = b.maxPerClient;
    this.maxTotal = b.maxTotal;
    this.concurrencyLimiter = b.concurrencyLimiter;
    this.queryPolicy = b.queryPolicy;
    this.headerPolicy = b.headerPolicy;
    this.bodyPolicy = b.bodyPolicy;
    this.contentTypePolicy = b.contentTypePolicy;
    this.maxBodyBytes = b.maxBodyBytes;
    Object breakerSource = b.breakerSource;
    this.breaker = breakerSource instanceof CircuitBreaker ? (CircuitBreaker) breakerSource : null;
    this.breakerConfig =
        breakerSource instanceof CircuitBreakerConfig ? (CircuitBreakerConfig) breakerSource : null;
    this.errorBodyWriter = b.errorBodyWriter;
    Set<EdgeGate> shadow = b.shadowed;
    this.shadowed = shadow != null ? shadow : Set.of();
    ConnectionPolicy c = b.connectionPolicy;
    this.connectionPolicy = c != null ? c : ConnectionPolicy.none();
  }

  /**
   * Starts building a route; the pattern grammar is described on {@link RouteBuilder}.
   *
   * @param pattern the path pattern, such as {@code /api/users/{id}} or {@code /static/**}
   * @return a builder
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if the pattern is malformed; the message quotes it
   */
  public static RouteBuilder builder(String pattern) {
    return new RouteBuilder(pattern);
  }

  /**
   * Returns the route's name.
   *
   * @return the name given to the builder, or the pattern
   */
  public String name() {
    return name;
  }

  /**
   * Returns the path pattern.
   *
   * @return the pattern as given
   */
  public String pattern() {
    return pattern.toString();
  }

  /**
   * Returns the methods the route is restricted to.
   *
   * @return an immutable list; empty when the route matches every method
   */
  public List<String> methods() {
    return methods;
  }

  /**
   * Returns the gates this route runs in shadow mode ({@link RouteBuilder#shadow(EdgeGate, EdgeGate...)}),
   * not counting those the edge shadows everywhere.
   *
   * @return an immutable set; empty when every gate of the route enforces
   */
  public Set<EdgeGate> shadowed() {
    return shadowed;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code Route[search GET /api/search]}
   */
  @Override
  public String toString() {
    return "Route[" + name + " " + (methods.isEmpty() ? "*" : String.join(",", methods)) + " "
        + pattern + "]";
  }
}
