package dev.bulwark.examples;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.ratelimit.DecisionCounts;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchyCounts;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.LevelCounts;
import dev.bulwark.ratelimit.Limits;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The edge's part of {@code /api/state}: the live limiters and breakers behind the routes of the
 * edge the server runs now ({@link ReloadableEdge#current()}, so a reloaded configuration shows its
 * own), each shown once even when routes share it.
 *
 * <ul>
 *   <li>A hierarchical limiter is shown level by level ({@code gateway.global},
 *       {@code gateway.client}, {@code gateway.route.search}...) with the level's limits and its
 *       own counts, from its per-level statistics ({@link HierarchyCounts}); the global level's
 *       {@code permitted} is every request admitted. Keys are unknown per level ({@code -1}),
 *       except the global level's single key and the client level's (the hierarchy's count). A
 *       hierarchy kept in Redis says so in its kind.
 *   <li>A route's own keyed limiter is one row named after the route, with its limits.
 *   <li>A concurrency limiter is a gauge: in flight over all clients, and the total limit.
 *   <li>A route's circuit breaker is shown with the transitions its registry's
 *       {@link TransitionLogs} listener has seen since the start.
 * </ul>
 * The limiters' counts are their statistics views ({@code stats()}): the edge and the configuration
 * build their limiters with statistics, so counting starts when they are built.
 * Thread-safe and cheap: it reads counters and gauges only.
 */
final class EdgeState implements DemoState {

  private final ReloadableEdge edges;
  private final TransitionLogs transitions;

  EdgeState(ReloadableEdge edges, TransitionLogs transitions) {
    this.edges = edges;
    this.transitions = transitions;
  }

  @Override
  public StateSnapshot snapshot() {
    List<BreakerView> breakers = new ArrayList<>();
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    List<LimiterView> limiters = new ArrayList<>();
    List<GaugeView> gauges = new ArrayList<>();
    for (EdgeRoute route : edges.current().routes()) {
      CircuitBreaker breaker = route.circuitBreaker();
      if (breaker != null && seen.put(breaker, Boolean.TRUE) == null) {
        breakers.add(BreakerView.of(breaker, transitions.of(breaker.name()).transitions()));
      }
      HierarchicalRateLimiter<String> h = route.hierarchicalRateLimiter();
      if (h != null && seen.put(h, Boolean.TRUE) == null) {
        limiters.addAll(hierarchy(h));
      }
      KeyedRateLimiter<String> k = route.rateLimiter();
      if (k != null && seen.put(k, Boolean.TRUE) == null) {
        DecisionCounts c = k.stats().orElse(null);
        limiters.add(new LimiterView(route.name(), Limits.format(k.limits()), "per client",
            Math.max(-1, k.trackedKeys()), c == null ? 0 : c.permitted(), c == null ? 0 : c.rejected()));
      }
      KeyedConcurrencyLimiter<String> concurrency = route.concurrencyLimiter();
      if (concurrency != null && seen.put(concurrency, Boolean.TRUE) == null) {
        gauges.add(new GaugeView(route.name(), "per client (" + concurrency.maxPerKey() + " each)",
            Math.max(0, concurrency.inFlight()), concurrency.maxTotal()));
      }
    }
    return new StateSnapshot(breakers, limiters, gauges);
  }

  private static List<LimiterView> hierarchy(HierarchicalRateLimiter<String> limiter) {
    HierarchyCounts counts = limiter.stats().orElse(null);
    if (counts == null) {
      return List.of(new LimiterView(limiter.name(), "hierarchical", "global + per client",
          Math.max(-1, limiter.trackedKeys()), 0, 0));
    }
    String where = limiter.isRemote() ? " (Redis)" : "";
    List<LimiterView> views = new ArrayList<>();
    for (LevelCounts level : counts.levels()) {
      boolean global = level.level() == HierarchicalRateLimiter.Level.GLOBAL;
      // The hierarchy counts the clients it holds; a route level has no count of its own.
      long keys = global ? 1
          : level.level() == HierarchicalRateLimiter.Level.CLIENT ? Math.max(-1, limiter.trackedKeys()) : -1;
      views.add(new LimiterView(level.name(), Limits.format(level.limits()),
          (global ? "global" : "per client") + where, keys, level.permitted(), level.rejected()));
    }
    return views;
  }
}
