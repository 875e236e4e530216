package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The meters of an edge's limiters and breakers in one registry, brought in line with the edge a
 * supplier gives each time {@link #sync()} runs: the {@link EdgeBinder} of a {@code ReloadableEdge}
 * syncs after each replacement, that of a fixed edge once.
 *
 * <p>A primitive is the same when it is the same object (identity): a reload that keeps a limiter
 * or breaker hands the very object to the new edge. A sync registers the meters of each primitive
 * the edge has and this object has not bound yet, and removes from the registry the meters of each
 * primitive bound before that the edge no longer has, except a meter whose id a primitive still
 * present also registered (two primitives of one name). The old meters go before the new ones are
 * registered, so a replaced limiter of the same name gets meters reading the new one.
 *
 * <p>Thread-safe: syncs are serialized.
 */
final class EdgePrimitiveMeters {

  private final MeterRegistry registry;
  private final Tags tags;
  private final EdgeMetrics metrics;
  private final Supplier<Edge> edge;
  /** The meters of each primitive bound, by identity; guarded by {@code this}. */
  private final IdentityHashMap<Object, List<Meter>> bound = new IdentityHashMap<>();

  EdgePrimitiveMeters(MeterRegistry registry, Tags tags, EdgeMetrics metrics, Supplier<Edge> edge) {
    this.registry = registry;
    this.tags = tags;
    this.metrics = metrics;
    this.edge = edge;
  }

  /**
   * Brings the registry in line with the edge the supplier gives now.
   *
   * @throws IllegalArgumentException if a breaker of the edge keeps no statistics (the primitives
   *     before it in route order are bound, it and those after are not)
   */
  synchronized void sync() {
    List<EdgeRoute> routes = edge.get().routes();
    List<String> names = new ArrayList<>(routes.size());
    for (EdgeRoute route : routes) {
      names.add(route.name());
    }
    metrics.bind(registry, tags, names);
    List<Primitive> present = primitives(routes);
    Set<Object> presentSet = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Primitive p : present) {
      presentSet.add(p.instance);
    }
    Set<Meter.Id> kept = new HashSet<>();
    for (Map.Entry<Object, List<Meter>> e : bound.entrySet()) {
      if (presentSet.contains(e.getKey())) {
        for (Meter m : e.getValue()) {
          kept.add(m.getId());
        }
      }
    }
    for (Iterator<Map.Entry<Object, List<Meter>>> it = bound.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Object, List<Meter>> e = it.next();
      if (!presentSet.contains(e.getKey())) {
        for (Meter m : e.getValue()) {
          if (!kept.contains(m.getId())) {
            registry.remove(m);
          }
        }
        it.remove();
      }
    }
    for (Primitive p : present) {
      if (!bound.containsKey(p.instance)) {
        bound.put(p.instance, p.binder.apply(registry));
      }
    }
  }

  /** How many primitives are bound now, for tests. */
  synchronized int boundPrimitives() {
    return bound.size();
  }

  /** Each distinct primitive of the routes (by identity, in route order) and how to bind it. */
  private List<Primitive> primitives(List<EdgeRoute> routes) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Primitive> list = new ArrayList<>();
    for (EdgeRoute route : routes) {
      KeyedRateLimiter<String> keyed = route.rateLimiter();
      if (keyed != null && seen.add(keyed)) {
        list.add(new Primitive(keyed, KeyedRateLimiterBinder.of(keyed).withTags(tags)::register));
      }
      HierarchicalRateLimiter<String> hierarchical = route.hierarchicalRateLimiter();
      if (hierarchical != null && seen.add(hierarchical)) {
        list.add(new Primitive(hierarchical, HierarchicalRateLimiterBinder.of(hierarchical).withTags(tags)::register));
      }
      KeyedConcurrencyLimiter<String> concurrency = route.concurrencyLimiter();
      if (concurrency != null && seen.add(concurrency)) {
        list.add(new Primitive(concurrency, KeyedConcurrencyLimiterBinder.of(concurrency).withTags(tags)::register));
      }
      CircuitBreaker breaker = route.circuitBreaker();
      if (breaker != null && seen.add(breaker)) {
        list.add(new Primitive(breaker, r -> BreakerMeters.bind(r, breaker, tags)));
      }
    }
    return list;
  }

  /** A limiter or breaker, and how to register its meters. */
  private static final class Primitive {

    final Object instance;
    final Function<MeterRegistry, List<Meter>> binder;

    Primitive(Object instance, Function<MeterRegistry, List<Meter>> binder) {
      this.instance = instance;
      this.binder = binder;
    }
  }
}
