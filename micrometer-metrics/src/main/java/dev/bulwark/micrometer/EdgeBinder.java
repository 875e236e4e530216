package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Binds a whole {@link Edge} in one line: its requests and validation violations, counted by the
 * {@link EdgeMetrics} set as the edge's listener, and every limiter and breaker its routes run,
 * through the binders for those primitives:
 *
 * <pre>{@code
 * EdgeMetrics metrics = EdgeMetrics.create();
 * Edge edge = Edge.builder().listener(metrics).route(...).build();
 * EdgeBinder.of(edge, metrics).bindTo(meterRegistry);
 * }</pre>
 *
 * <ul>
 *   <li>{@value MetricNames#EDGE_REQUESTS}{@code {route, outcome, status}} and
 *       {@value MetricNames#VALIDATION_VIOLATIONS}{@code {code}}: see {@link EdgeMetrics};
 *   <li>each route's keyed rate limiter ({@link KeyedRateLimiterBinder}), hierarchical rate limiter
 *       ({@link HierarchicalRateLimiterBinder}), concurrency limiter
 *       ({@link KeyedConcurrencyLimiterBinder}) and circuit breaker ({@link CircuitBreakerBinder}),
 *       each once even when routes share it. Limiters and breakers the edge built are named after
 *       their route; the edge builds them with statistics, and reports every breaker call with its
 *       duration, so the breakers' duration timers cover every call.
 * </ul>
 *
 * <p>The extra tags of {@link #withTags} go on every meter. A keyed rate limiter kept elsewhere (a
 * Redis limiter) is bound like any {@link KeyedRateLimiter}: its decision counts come from its own
 * {@code stats()} (build it with {@code recordStats()}); meters of its own (its fallback state) are
 * bound by its own binder.
 *
 * <p>Immutable and thread-safe.
 */
// http-edge is an optional module (`requires static`, not transitive: see module-info): whoever
// uses this class has an Edge, so reads dev.bulwark.http already.
@SuppressWarnings("exports")
public final class EdgeBinder implements MeterBinder {

  private final Edge edge;
  private final EdgeMetrics metrics;
  private final Tags tags;

  private EdgeBinder(Edge edge, EdgeMetrics metrics, Tags tags) {
    this.edge = edge;
    this.metrics = metrics;
    this.tags = tags;
  }

  /**
   * Returns a binder for {@code edge}.
   *
   * @param edge the edge
   * @param metrics the counts given to the edge's builder as its listener (with any other
   *     {@code EdgeMetrics} the request meters would stay at zero)
   * @return a binder without extra tags
   * @throws NullPointerException if an argument is null
   */
  public static EdgeBinder of(Edge edge, EdgeMetrics metrics) {
    return new EdgeBinder(
        Objects.requireNonNull(edge, "edge"), Objects.requireNonNull(metrics, "metrics"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public EdgeBinder withTags(Iterable<Tag> tags) {
    return new EdgeBinder(edge, metrics, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<EdgeRoute> routes = edge.routes();
    List<String> names = new ArrayList<>(routes.size());
    for (EdgeRoute route : routes) {
      names.add(route.name());
    }
    metrics.bind(registry, tags, names);
    Set<Object> bound = Collections.newSetFromMap(new IdentityHashMap<>());
    for (EdgeRoute route : routes) {
      KeyedRateLimiter<String> keyed = route.rateLimiter();
      if (keyed != null && bound.add(keyed)) {
        KeyedRateLimiterBinder.of(keyed).withTags(tags).bindTo(registry);
      }
      HierarchicalRateLimiter<String> hierarchical = route.hierarchicalRateLimiter();
      if (hierarchical != null && bound.add(hierarchical)) {
        HierarchicalRateLimiterBinder.of(hierarchical).withTags(tags).bindTo(registry);
      }
      KeyedConcurrencyLimiter<String> concurrency = route.concurrencyLimiter();
      if (concurrency != null && bound.add(concurrency)) {
        KeyedConcurrencyLimiterBinder.of(concurrency).withTags(tags).bindTo(registry);
      }
      CircuitBreaker breaker = route.circuitBreaker();
      if (breaker != null && bound.add(breaker)) {
        BreakerMeters.bind(registry, breaker, tags);
      }
    }
  }
}
