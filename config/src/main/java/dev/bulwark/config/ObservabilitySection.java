package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The document's observability keys: {@code requestIds} and {@code requestLog}, applied to the
 * {@link EdgeBuilder} as they are read, and {@code health}, kept for {@link LoadedConfig#health()}:
 *
 * <pre>{@code
 * requestIds: true                   # or {header: X-Correlation-ID}
 * routeStatistics: true              # EdgeRoute.statistics() of every route (default false)
 * requestLog:
 *   slowRequests: {warn: 3s, critical: 5s}
 *   routes: {report: {warn: 20s, critical: 60s}}
 *   rejectionsPerSecond: 10
 * health:
 *   criticalRoutes: [llm]            # readiness DOWN while their breaker is open
 *   criticalOutbound: [payments]
 * }</pre>
 *
 * @param criticalRoutes the routes whose breaker gates readiness
 * @param criticalOutbound the outbound entries whose breaker gates readiness
 * @param slowRoutes the routes named under {@code requestLog.routes}
 */
record ObservabilitySection(List<String> criticalRoutes, Set<String> criticalOutbound, List<String> slowRoutes) {

  static final List<String> KEYS = List.of("requestIds", "requestLog", "health", "routeStatistics");
  static final List<String> IDS_KEYS = List.of("header");
  static final List<String> LOG_KEYS = List.of("slowRequests", "routes", "rejectionsPerSecond");
  static final List<String> THRESHOLD_KEYS = List.of("warn", "critical");
  static final List<String> HEALTH_KEYS = List.of("criticalRoutes", "criticalOutbound");


  /**
   * Reads the four keys of the document {@code f}, applying all but {@code health} to
   * {@code edge}; {@code statistics} chooses route statistics whatever the document says.
   */
  static ObservabilitySection read(Fields f, EdgeBuilder edge, boolean statistics) {
    requestIds(f, edge);
    if (Boolean.TRUE.equals(f.get("routeStatistics", Values::bool)) || statistics) {
      edge.routeStatistics();
    }
    List<String> slowRoutes = requestLog(f, edge);
    Fields h = f.object("health", HEALTH_KEYS);
    List<String> routes = h == null ? null : h.strings("criticalRoutes");
    List<String> outbound = h == null ? null : h.strings("criticalOutbound");
    return new ObservabilitySection(routes == null ? List.of() : List.copyOf(routes),
        outbound == null ? Set.of() : Set.copyOf(outbound), slowRoutes);
  }

  private static void requestIds(Fields f, EdgeBuilder edge) {
    JsonNode node = f.node("requestIds");
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (node.isBoolean()) {
      if (node.booleanValue()) {
        f.attempt("requestIds", () -> edge.requestIds(RequestIds.standard()));
      }
      return;
    }
    Fields ids = f.object("requestIds", IDS_KEYS);
    if (ids == null) {
      return;
    }
    String header = ids.get("header", Values::string);
    RequestIds built = ids.build(() -> header == null ? RequestIds.standard() : RequestIds.header(header));
    if (built != null) {
      f.attempt("requestIds", () -> edge.requestIds(built));
    }
  }

  /** Applies {@code requestLog}; returns the route names it sets thresholds for. */
  private static List<String> requestLog(Fields f, EdgeBuilder edge) {
    List<String> named = new ArrayList<>();
    Fields log = f.object("requestLog", LOG_KEYS);
    if (log == null) {
      return named;
    }
    RequestLog.Builder b = RequestLog.builder();
    Duration[] slow = thresholds(log, "slowRequests");
    if (slow != null) {
      log.attempt("slowRequests", () -> b.slowRequests(slow[0], slow[1]));
    }
    Fields routes = log.has("routes")
        ? Fields.openMap(log.node("routes"), log.path("routes"), log.problems())
        : null;
    if (routes != null) {
      for (String route : routes.keys()) {
        named.add(route);
        Duration[] t = thresholds(routes, route);
        if (t != null) {
          routes.attempt(route, () -> b.slowRequests(route, t[0], t[1]));
        }
      }
    }
    log.apply("rejectionsPerSecond", Values::integer, b::rejectionsPerSecond);
    RequestLog built = log.build(b::build);
    if (built != null) {
      f.attempt("requestLog", () -> edge.requestLog(built));
    }
    return named;
  }

  /** Reads {@code {warn: ..., critical: ...}}; null when absent or reported. */
  private static Duration @Nullable [] thresholds(Fields parent, String key) {
    Fields t = parent.object(key, THRESHOLD_KEYS);
    if (t == null) {
      return null;
    }
    Duration warn = t.required("warn", Values::duration);
    Duration critical = t.required("critical", Values::duration);
    return warn == null || critical == null ? null : new Duration[] {warn, critical};
  }

  /** Checks the names of {@code health} against the routes and outbound entries read. */
  void check(List<RouteSection> routes, List<OutboundSection> outbound, Problems problems) {
    Map<String, Boolean> breakers = new HashMap<>();
    for (RouteSection route : routes) {
      breakers.put(route.name(), route.settings().circuitBreaker() != null);
    }
    for (int i = 0; i < criticalRoutes.size(); i++) {
      String name = criticalRoutes.get(i);
      if (!Boolean.TRUE.equals(breakers.get(name))) {
        problems.add(Fields.index("health.criticalRoutes", i), "\"" + name + "\" is not a route with a circuitBreaker;"
            + " routes with one: " + breakers.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
            .sorted().toList());
      }
    }
    for (String name : slowRoutes) {
      if (!breakers.containsKey(name)) {
        problems.add("requestLog.routes." + name, "\"" + name + "\" is not a route; routes: "
            + breakers.keySet().stream().sorted().toList());
      }
    }
    for (String name : criticalOutbound) {
      boolean found = outbound.stream().anyMatch(o -> o.name().equals(name) && o.circuitBreaker() != null);
      if (!found) {
        problems.add("health.criticalOutbound", "\"" + name + "\" is not an outbound entry with a circuitBreaker");
      }
    }
  }
}
