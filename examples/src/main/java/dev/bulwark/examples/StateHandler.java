package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /api/state}: the live state as JSON, polled by the dashboard every second and read by
 * the traffic scenario at its end.
 *
 * <pre>{@code
 * {"time":"2026-11-22T12:00:00Z",
 *  "upstream":{"failureRate":0.0,"latencyMs":100,"calls":12,"failures":0},
 *  "routes":[{"route":"GET /api/search","permitted":30,"rejected":12,"inFlight":0,"breaker":null,
 *             "statuses":{"200":30,"429":12}}, ...],
 *  "breakers":[{"name":"chat","state":"CLOSED","openRemainingMillis":0,"consecutiveFailures":0,
 *               "trialCallsInFlight":0,"transitions":[{"at":"...","from":"CLOSED","to":"OPEN",
 *               "reason":"CONSECUTIVE_FAILURES"}]}],
 *  "limiters":[{"name":..,"limit":..,"scope":..,"trackedKeys":..,"permitted":..,"rejected":..}],
 *  "gauges":[{"name":..,"scope":..,"inFlight":..,"limit":..}]}
 * }</pre>
 */
final class StateHandler implements DemoHandler {

  private final Clock clock;
  private final SimulatedUpstream upstream;
  private final Supplier<List<RouteView>> routes;
  private final DemoState state;

  StateHandler(Clock clock, SimulatedUpstream upstream, Supplier<List<RouteView>> routes, DemoState state) {
    this.clock = clock;
    this.upstream = upstream;
    this.routes = routes;
    this.state = state;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    return CompletableFuture.completedFuture(Json.response(200, json()));
  }

  ObjectNode json() {
    ObjectNode root = Json.object();
    root.put("time", clock.instant().toString());
    ObjectNode up = AdminUpstreamHandler.settingsJson(upstream.settings());
    up.put("calls", upstream.calls());
    up.put("failures", upstream.failures());
    root.set("upstream", up);
    ArrayNode routeArray = root.putArray("routes");
    for (RouteView r : routes.get()) {
      ObjectNode node = routeArray.addObject();
      node.put("route", r.route());
      node.put("permitted", r.permitted());
      node.put("rejected", r.rejected());
      node.put("inFlight", r.inFlight());
      node.put("breaker", r.breaker());
      ObjectNode statuses = node.putObject("statuses");
      new TreeMap<>(r.statuses()).forEach((status, n) -> statuses.put(Integer.toString(status), n));
    }
    StateSnapshot snapshot = state.snapshot();
    ArrayNode breakers = root.putArray("breakers");
    for (BreakerView b : snapshot.breakers()) {
      ObjectNode node = breakers.addObject();
      node.put("name", b.name());
      node.put("state", b.state());
      node.put("openRemainingMillis", b.openRemainingMillis());
      node.put("consecutiveFailures", b.consecutiveFailures());
      node.put("trialCallsInFlight", b.trialCallsInFlight());
      ArrayNode transitions = node.putArray("transitions");
      for (BreakerView.Transition t : b.transitions()) {
        transitions.addObject()
            .put("at", t.at().toString())
            .put("from", t.from())
            .put("to", t.to())
            .put("reason", t.reason());
      }
    }
    ArrayNode limiters = root.putArray("limiters");
    for (LimiterView l : snapshot.limiters()) {
      limiters.addObject()
          .put("name", l.name())
          .put("limit", l.limit())
          .put("scope", l.scope())
          .put("trackedKeys", l.trackedKeys())
          .put("permitted", l.permitted())
          .put("rejected", l.rejected());
    }
    ArrayNode gauges = root.putArray("gauges");
    for (GaugeView g : snapshot.gauges()) {
      gauges.addObject()
          .put("name", g.name())
          .put("scope", g.scope())
          .put("inFlight", g.inFlight())
          .put("limit", g.limit());
    }
    return root;
  }
}
