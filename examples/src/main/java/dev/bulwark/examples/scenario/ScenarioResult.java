package dev.bulwark.examples.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrafficScenario} run sent and got back. {@link ScenarioReport#format} prints it.
 *
 * @param target the demo's base URI
 * @param duration the planned length of the run
 * @param byKind one row per client kind that sent something, in {@link ClientKind} order
 * @param byRoute one row per route that was called, in the order of first use
 * @param cells one row per route for each kind, the kind's routes in the order of first use
 * @param transitions the breaker transitions during the run, oldest first
 * @param notes remarks about the run (for example that source addresses could not be bound)
 */
public record ScenarioResult(
    URI target,
    Duration duration,
    List<TrafficRow> byKind,
    List<TrafficRow> byRoute,
    Map<ClientKind, List<TrafficRow>> cells,
    List<BreakerTransition> transitions,
    List<String> notes) {

  /**
   * Copies everything.
   *
   * @param target the demo's base URI
   * @param duration the planned length of the run
   * @param byKind one row per client kind that sent something, in {@link ClientKind} order
   * @param byRoute one row per route that was called, in the order of first use
   * @param cells one row per route for each kind, the kind's routes in the order of first use
   * @param transitions the breaker transitions during the run, oldest first
   * @param notes remarks about the run (for example that source addresses could not be bound)
   * @throws NullPointerException if an argument or an element is null
   */
  public ScenarioResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(duration, "duration");
    byKind = List.copyOf(byKind);
    byRoute = List.copyOf(byRoute);
    Map<ClientKind, List<TrafficRow>> copy = new EnumMap<>(ClientKind.class);
    cells.forEach((kind, rows) -> copy.put(Objects.requireNonNull(kind, "kind"), List.copyOf(rows)));
    cells = Collections.unmodifiableMap(copy);
    transitions = List.copyOf(transitions);
    notes = List.copyOf(notes);
  }

  /**
   * Returns the row of one client kind.
   *
   * @param kind the kind
   * @return its row, or empty if it sent nothing
   */
  public Optional<TrafficRow> kind(ClientKind kind) {
    return byKind.stream().filter(r -> r.name().equals(kind.label())).findFirst();
  }

  /**
   * Returns the row of one route.
   *
   * @param route the route key, e.g. {@code "GET /api/search"}
   * @return its row, or empty if nobody called it
   */
  public Optional<TrafficRow> route(String route) {
    return byRoute.stream().filter(r -> r.name().equals(route)).findFirst();
  }

  /**
   * Returns what one kind got on one route.
   *
   * @param kind the kind
   * @param route the route key
   * @return the row, or empty if the kind did not call the route
   */
  public Optional<TrafficRow> cell(ClientKind kind, String route) {
    return cells.getOrDefault(kind, List.of()).stream().filter(r -> r.name().equals(route)).findFirst();
  }

  /**
   * Returns the total of all kinds.
   *
   * @return the requests sent in the whole run
   */
  public long totalSent() {
    return byKind.stream().mapToLong(TrafficRow::sent).sum();
  }
}
