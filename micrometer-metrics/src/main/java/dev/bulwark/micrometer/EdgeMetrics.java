package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.validation.Violation;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts an edge's requests by route, outcome and status, and the validation violations behind its
 * refusals by code: the {@link EdgeListener} to set on the edge (it reads the route, outcome and
 * status of each {@link EdgeEvent.RequestFinished} and the code of each
 * {@link EdgeEvent.ViolationFound}), which {@link EdgeBinder} publishes
 * as {@value MetricNames#EDGE_REQUESTS}{@code {route, outcome, status}} and
 * {@value MetricNames#VALIDATION_VIOLATIONS}{@code {code}}; and the refusals of each gate, enforced or
 * in shadow mode ({@link EdgeEvent.ShadowRejected}), as
 * {@value MetricNames#EDGE_REFUSALS}{@code {route, gate, outcome = rejected | shadow_rejected}}.
 *
 * <pre>{@code
 * EdgeMetrics metrics = EdgeMetrics.create();
 * Edge edge = Edge.builder().listener(metrics).route(...).build();
 * EdgeBinder.of(edge, metrics).bindTo(meterRegistry);
 * }</pre>
 *
 * <h2>How it counts, and why this way</h2>
 * The counts live here, one {@link LongAdder} per (route, outcome, status) and per violation code,
 * and the meters are function counters reading them when the registry publishes, as for the other
 * binders: binding to several registries, or twice, never counts twice, and the registry type does
 * not matter on the request path. A request costs a lookup of the route by name (a
 * {@link ConcurrentHashMap} read of a {@code String} whose hash is cached), a scan of the route's few
 * (outcome, status) cells, and one uncontended {@code LongAdder} increment: no lock, and no
 * allocation beyond the event the edge built.
 * Only the first request of a new combination takes a lock, to create its cell and register its
 * counter in every registry bound so far; so a series appears when its combination first occurs, and
 * a status never seen has no series.
 *
 * <p>Counting starts when the edge is built with this listener, before any binding. Use one
 * {@code EdgeMetrics} per edge (two edges sharing one would add up routes of the same name).
 * Thread-safe.
 */
// http-edge is an optional module (`requires static`, not transitive: see module-info): whoever
// uses this class builds an Edge, so reads dev.bulwark.http already.
@SuppressWarnings("exports")
public final class EdgeMetrics implements EdgeListener {

  private static final String REQUESTS = "Requests through an edge, by route, outcome and status";
  private static final String VIOLATIONS = "Validation violations behind an edge's refusals, by code";

  private final ConcurrentHashMap<String, RouteCounts> routes = new ConcurrentHashMap<>();
  private final EnumMap<Violation.Code, CodeCount> violations = new EnumMap<>(Violation.Code.class);
  /** Where meters are registered; guarded by {@code this}, like every cell creation. */
  private final List<Registration> registrations = new ArrayList<>();
  /** Refusals and shadow refusals by route and gate; shares this object's lock. */
  private final GateRefusals refusals = new GateRefusals(this);

  private EdgeMetrics() {
    for (Violation.Code code : Violation.Code.values()) {
      violations.put(code, new CodeCount(code));
    }
  }

  /**
   * Returns new, empty counts.
   *
   * @return the listener to give to {@code EdgeBuilder.listener(...)}
   */
  public static EdgeMetrics create() {
    return new EdgeMetrics();
  }

  /**
   * Counts one event: a finished request under its route, outcome and status, a violation under
   * its code.
   *
   * @param event the event
   */
  @Override
  public void onEvent(EdgeEvent event) {
    if (event instanceof EdgeEvent.RequestFinished finished) {
      requestFinished(finished.route(), finished.outcome(), finished.status());
      if (finished.gate() != null) {
        refusals.count(finished.route(), finished.gate(), false);
      }
    } else if (event instanceof EdgeEvent.ShadowRejected shadow) {
      refusals.count(shadow.route(), shadow.gate(), true);
    } else if (event instanceof EdgeEvent.ViolationFound violation) {
      violation(violation.code());
    }
  }

  /** The refusals counter's count of one cell, for tests. */
  long refusals(String route, dev.bulwark.http.EdgeGate gate, boolean shadow) {
    return refusals.sum(route, gate, shadow);
  }

  private void requestFinished(String route, EdgeOutcome outcome, int status) {
    RouteCounts counts = routes.get(route);
    if (counts == null) {
      counts = routes.computeIfAbsent(route, RouteCounts::new);
    }
    StatusCount cell = counts.find(outcome, status);
    if (cell == null) {
      cell = add(counts, outcome, status);
    }
    cell.count.increment();
  }

  private void violation(Violation.Code code) {
    CodeCount cell = violations.get(code);
    if (cell == null) {
      return; // unreachable: every code has its cell
    }
    cell.count.increment();
    if (!cell.occurred) {
      occurred(cell);
    }
  }

  /** Registers the meters in {@code registry} with {@code tags}, now and for every later cell. */
  synchronized void bind(MeterRegistry registry, Tags tags, List<String> routeNames) {
    for (String name : routeNames) {
      routes.computeIfAbsent(name, RouteCounts::new);
    }
    Registration registration = new Registration(registry, tags);
    if (registrations.contains(registration)) {
      return;
    }
    registrations.add(registration);
    refusals.bind(registry, tags);
    for (RouteCounts counts : routes.values()) {
      for (StatusCount cell : counts.cells) {
        register(registration, counts.route, cell);
      }
    }
    for (CodeCount cell : violations.values()) {
      if (cell.occurred) {
        register(registration, cell);
      }
    }
  }

  private synchronized StatusCount add(RouteCounts counts, EdgeOutcome outcome, int status) {
    StatusCount cell = counts.find(outcome, status);
    if (cell != null) {
      return cell; // another thread added it first
    }
    cell = new StatusCount(outcome, status);
    StatusCount[] old = counts.cells;
    StatusCount[] cells = Arrays.copyOf(old, old.length + 1);
    cells[old.length] = cell;
    counts.cells = cells;
    for (Registration registration : registrations) {
      register(registration, counts.route, cell);
    }
    return cell;
  }

  private synchronized void occurred(CodeCount cell) {
    if (cell.occurred) {
      return;
    }
    cell.occurred = true;
    for (Registration registration : registrations) {
      register(registration, cell);
    }
  }

  private static void register(Registration r, String route, StatusCount cell) {
    FunctionCounter.builder(MetricNames.EDGE_REQUESTS, cell.count, LongAdder::doubleValue)
        .description(REQUESTS)
        .tags(r.tags())
        .tag(MetricNames.ROUTE, route)
        .tag(MetricNames.OUTCOME, Meters.value(cell.outcome))
        .tag(MetricNames.STATUS, cell.statusTag)
        .register(r.registry());
  }

  private static void register(Registration r, CodeCount cell) {
    FunctionCounter.builder(MetricNames.VALIDATION_VIOLATIONS, cell.count, LongAdder::doubleValue)
        .description(VIOLATIONS)
        .tags(r.tags())
        .tag(MetricNames.CODE, Meters.value(cell.code))
        .register(r.registry());
  }

  /** A registry and the binder's extra tags. */
  private record Registration(MeterRegistry registry, Tags tags) {}

  /** The (outcome, status) cells of one route, copied on write. */
  private static final class RouteCounts {

    final String route;
    volatile StatusCount[] cells = new StatusCount[0];

    RouteCounts(String route) {
      this.route = route;
    }

    @Nullable StatusCount find(EdgeOutcome outcome, int status) {
      for (StatusCount cell : cells) {
        if (cell.outcome == outcome && cell.status == status) {
          return cell;
        }
      }
      return null;
    }
  }

  /** The requests of one route with one outcome and status. */
  private static final class StatusCount {

    final EdgeOutcome outcome;
    final int status;
    final String statusTag;
    final LongAdder count = new LongAdder();

    StatusCount(EdgeOutcome outcome, int status) {
      this.outcome = outcome;
      this.status = status;
      this.statusTag = status == 0 ? "none" : Integer.toString(status);
    }
  }

  /** The violations of one code, and whether one has occurred (its counter then exists). */
  private static final class CodeCount {

    final Violation.Code code;
    final LongAdder count = new LongAdder();
    volatile boolean occurred;

    CodeCount(Violation.Code code) {
      this.code = code;
    }
  }
}
