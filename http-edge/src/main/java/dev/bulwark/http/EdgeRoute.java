package dev.bulwark.http;

import java.util.EnumSet;
import java.util.Set;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one route as an {@link Edge} runs it: its name and the live limiters and
 * breaker behind its gates, whether the edge built them from the {@link Route}'s description or the
 * route was given them ready-made. For metrics binders and health reports ({@link EdgeHealth}); see
 * {@link Edge#routes()}.
 *
 * <p>Reading the primitives' state (in-flight counts, breaker state) is safe from any thread;
 * acting on them (acquiring permits, forcing a breaker open) acts on the edge's traffic too.
 * Immutable and thread-safe.
 */
public final class EdgeRoute {

  private final CompiledRoute route;
  private final Set<EdgeGate> shadowed;

  EdgeRoute(CompiledRoute route) {
    this.route = route;
    EnumSet<EdgeGate> gates = EnumSet.noneOf(EdgeGate.class);
    for (EdgeGate gate : EdgeGate.values()) {
      if (route.shadows(gate)) {
        gates.add(gate);
      }
    }
    this.shadowed = Set.copyOf(gates);
  }

  /**
   * Returns the gates this route runs in shadow mode: its own
   * ({@link RouteBuilder#shadow(EdgeGate, EdgeGate...)}) and the edge's
   * ({@link EdgeBuilder#shadow(EdgeGate, EdgeGate...)}).
   *
   * @return an immutable set; empty when every gate enforces
   */
  public Set<EdgeGate> shadowed() {
    return shadowed;
  }

  /**
   * Returns the route's statistics, kept when the edge was built with
   * {@link EdgeBuilder#routeStatistics()}.
   *
   * @return the live statistics, or empty when the edge keeps none
   */
  public Optional<RouteStatistics> statistics() {
    return Optional.ofNullable(route.inFlight.statistics);
  }

  /**
   * Returns the route's name, as {@link EdgeExchange#routeName()} reports it.
   *
   * @return the name; {@code "default"} for the built-in default route
   */
  public String name() {
    return route.name;
  }

  /**
   * Returns the keyed rate limiter of the route's rate-limit gate: the one the edge built from
   * limits of a {@link RateLimitGate} (named after the route) or the one given to {@link RateLimitGate#of(KeyedRateLimiter)}.
   *
   * For a rate limit of several parts ({@link RateLimitGate#allOf}), the first part's; see
   * {@link #rateLimiters()}.
   *
   * @return the limiter, or null when the route has no keyed rate limit
   */
  public @Nullable KeyedRateLimiter<String> rateLimiter() {
    List<KeyedRateLimiter<String>> all = rateLimiters();
    return all.isEmpty() ? null : all.get(0);
  }

  /**
   * Returns every keyed rate limiter of the route's rate-limit gate: one, or one per part of an
   * {@link RateLimitGate#allOf} gate (each named after the route and the part's key, such as
   * {@code query-principal}), in the order the parts were given.
   *
   * @return the limiters; empty when the route has no keyed rate limit
   */
  public List<KeyedRateLimiter<String>> rateLimiters() {
    RateParts parts = route.rateParts;
    if (parts != null) {
      return parts.limiters();
    }
    RateGate gate = route.rate;
    KeyedRateLimiter<String> keyed = gate == null ? null : gate.keyed();
    return keyed == null ? List.of() : List.of(keyed);
  }

  /**
   * Returns the hierarchical rate limiter given to
   * {@link RateLimitGate#of(HierarchicalRateLimiter)}; several routes may share it.
   *
   * @return the limiter, or null when the route has none
   */
  public @Nullable HierarchicalRateLimiter<String> hierarchicalRateLimiter() {
    RateGate gate = route.rate;
    return gate == null ? null : gate.hierarchical();
  }

  /**
   * Returns the concurrency limiter of the route's concurrency gate: built from
   * {@link ConcurrencyGate#of(int, int)} (named after the route) or the one given.
   *
   * @return the limiter, or null when the route has no concurrency limit
   */
  public @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter() {
    return route.concurrency;
  }

  /**
   * Returns the route's circuit breaker: built from a {@code CircuitBreakerConfig} (named after the
   * route, on the edge's ticker) or the one given.
   *
   * @return the breaker, or null when the route has none
   */
  public @Nullable CircuitBreaker circuitBreaker() {
    return route.breaker;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code Route[search GET /api/search]}
   */
  @Override
  public String toString() {
    return route.toString();
  }
}
