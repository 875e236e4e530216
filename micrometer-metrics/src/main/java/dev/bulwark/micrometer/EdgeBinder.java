package dev.bulwark.micrometer;

import dev.bulwark.http.Edge;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * <p>{@link #of(ReloadableEdge, EdgeMetrics)} binds the edge a {@link ReloadableEdge} holds and
 * follows it across reloads: see there.
 *
 * <p>Thread-safe; its settings never change after it is made ({@link #withTags} returns a new
 * binder).
 */
// http-edge is an optional module (`requires static`, not transitive: see module-info): whoever
// uses this class has an Edge, so reads dev.bulwark.http already.
@SuppressWarnings("exports")
public final class EdgeBinder implements MeterBinder {

  /** The fixed edge; null when {@code edges} is set. */
  private final @Nullable Edge edge;
  /** The reloadable edge followed; null when {@code edge} is set. */
  private final @Nullable ReloadableEdge edges;
  private final EdgeMetrics metrics;
  private final Tags tags;
  /** The registries this binder follows {@code edges} in (by identity); guarded by itself. */
  private final IdentityHashMap<MeterRegistry, EdgePrimitiveMeters> following = new IdentityHashMap<>();

  private EdgeBinder(@Nullable Edge edge, @Nullable ReloadableEdge edges, EdgeMetrics metrics, Tags tags) {
    this.edge = edge;
    this.edges = edges;
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
        Objects.requireNonNull(edge, "edge"), null, Objects.requireNonNull(metrics, "metrics"), Tags.empty());
  }

  /**
   * Returns a binder that follows {@code edges} across reloads: each registry it is bound to shows
   * the meters of the limiters and breakers of the edge held now, brought up to date after each
   * {@link ReloadableEdge#replace replacement} (on the replacing thread, before {@code replace}
   * returns):
   * <ul>
   *   <li>a limiter or breaker the new edge still has (the same object: a reload that keeps it
   *       because its settings did not change) keeps its meters, with their values;
   *   <li>the meters of one the new edge no longer has (its route went away, or its settings
   *       changed and the reload built a new one) are {@linkplain MeterRegistry#remove(Meter)
   *       removed} from the registry, and those of a new one registered; a changed limiter keeps its
   *       name, so its series go on under the same ids, reading the new limiter;
   *   <li>the request meters ({@link EdgeMetrics}, the listener of every edge the holder gets) go on
   *       counting across reloads: one series per (route, outcome, status), never a duplicate. Those
   *       of a route that went away stay, as counts of the requests it served, and stop growing.
   * </ul>
   * So after any number of reloads a registry holds the meters of the current edge's primitives
   * and no others. The binding lasts as long as {@code edges}; binding this binder to a registry it
   * already follows does nothing.
   *
   * @param edges the holder of the edge that adapters serve
   * @param metrics the counts given to every edge's builder as its listener
   * @return a binder without extra tags
   * @throws NullPointerException if an argument is null
   */
  public static EdgeBinder of(ReloadableEdge edges, EdgeMetrics metrics) {
    return new EdgeBinder(
        null, Objects.requireNonNull(edges, "edges"), Objects.requireNonNull(metrics, "metrics"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public EdgeBinder withTags(Iterable<Tag> tags) {
    return new EdgeBinder(edge, edges, metrics, Meters.extra(this.tags, tags));
  }

  /**
   * Registers the meters in {@code registry}; for a {@link ReloadableEdge}, also keeps them in line
   * with each later replacement (see {@link #of(ReloadableEdge, EdgeMetrics)}).
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalArgumentException if a route's circuit breaker keeps no statistics (built
   *     without {@code recordStats()}); a reloadable binding then does not follow the edge. After a
   *     reload to such an edge, the failure is logged by the holder and the breaker has no meters.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    ReloadableEdge holder = edges;
    if (holder == null) {
      Edge fixed = Objects.requireNonNull(edge, "edge");
      new EdgePrimitiveMeters(registry, tags, metrics, () -> fixed).sync();
      return;
    }
    EdgePrimitiveMeters meters;
    synchronized (following) {
      if (following.containsKey(registry)) {
        return;
      }
      meters = new EdgePrimitiveMeters(registry, tags, metrics, holder::current);
      following.put(registry, meters);
    }
    // Subscribe first, then sync: a replacement between the two syncs again, and every sync reads
    // the edge current then, so the last one to run always sees the latest edge.
    ReloadableEdge.Subscription subscription = holder.subscribe(new Follower(meters, registry));
    try {
      meters.sync();
    } catch (RuntimeException e) {
      subscription.close(); // the binding failed (a breaker without statistics): stop following
      synchronized (following) {
        following.remove(registry);
      }
      throw e;
    }
  }

  /** The bindings of a reloadable edge, for tests: how many primitives {@code registry} has bound. */
  int boundPrimitives(MeterRegistry registry) {
    EdgePrimitiveMeters meters;
    synchronized (following) {
      meters = following.get(registry);
    }
    return meters == null ? 0 : meters.boundPrimitives();
  }

  /** Syncs one registry's meters after each replacement of the edge. */
  private static final class Follower implements ReloadableEdge.ReplaceListener {

    private final EdgePrimitiveMeters meters;
    private final MeterRegistry registry;

    Follower(EdgePrimitiveMeters meters, MeterRegistry registry) {
      this.meters = meters;
      this.registry = registry;
    }

    @Override
    public void replaced(Edge previous, Edge next) {
      meters.sync();
    }

    @Override
    public String toString() {
      return "EdgeBinder meters in " + registry;
    }
  }
}
