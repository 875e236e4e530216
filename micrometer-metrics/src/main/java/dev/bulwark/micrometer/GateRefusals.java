package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The refusals of an edge's gates by route, gate and outcome ({@code rejected} or
 * {@code shadow_rejected}), published as {@value MetricNames#EDGE_REFUSALS}: what lets an operator
 * compare a gate in shadow mode with the refusals it will make once enforced. Counted as
 * {@link EdgeMetrics} counts requests: a {@link LongAdder} per cell, a function counter per cell
 * registered in every bound registry when the cell first occurs (so a gate that never refused has
 * no series). A count costs a map read and an increment; only a new cell takes the lock of the
 * owning {@link EdgeMetrics}. Thread-safe.
 */
final class GateRefusals {

  static final String REJECTED = "rejected";
  static final String SHADOW_REJECTED = "shadow_rejected";
  private static final String DESCRIPTION =
      "Requests an edge's gates refused, or would have refused in shadow mode, by route, gate and outcome";

  private final ConcurrentHashMap<String, RouteCells> routes = new ConcurrentHashMap<>();
  /** Guarded by {@code lock}. */
  private final List<Registered> registrations = new ArrayList<>();
  private final Object lock;

  GateRefusals(Object lock) {
    this.lock = lock;
  }

  /**
   * Counts one refusal (or shadow refusal, when {@code shadow}) of {@code gate} on {@code route}.
   * Allocates nothing once the route has been seen.
   */
  void count(String route, EdgeGate gate, boolean shadow) {
    RouteCells cells = routes.get(route);
    if (cells == null) {
      cells = routes.computeIfAbsent(route, RouteCells::new);
    }
    Cell cell = Objects.requireNonNull((shadow ? cells.shadow : cells.rejected).get(gate));
    cell.count.increment();
    if (!cell.occurred) {
      occurred(cell);
    }
  }

  private void occurred(Cell cell) {
    synchronized (lock) {
      if (cell.occurred) {
        return;
      }
      cell.occurred = true;
      for (Registered r : registrations) {
        register(r, cell);
      }
    }
  }

  /** Registers every cell that occurred in {@code registry}, now and later; the caller holds the lock. */
  void bind(MeterRegistry registry, Tags tags) {
    Registered r = new Registered(registry, tags);
    if (registrations.contains(r)) {
      return;
    }
    registrations.add(r);
    for (RouteCells cells : routes.values()) {
      for (Cell cell : cells.rejected.values()) {
        if (cell.occurred) {
          register(r, cell);
        }
      }
      for (Cell cell : cells.shadow.values()) {
        if (cell.occurred) {
          register(r, cell);
        }
      }
    }
  }

  /** The count of one cell, for tests. */
  long sum(String route, EdgeGate gate, boolean shadow) {
    RouteCells cells = routes.get(route);
    return cells == null ? 0 : Objects.requireNonNull((shadow ? cells.shadow : cells.rejected).get(gate)).count.sum();
  }

  private static void register(Registered r, Cell cell) {
    FunctionCounter.builder(MetricNames.EDGE_REFUSALS, cell.count, LongAdder::doubleValue)
        .description(DESCRIPTION)
        .tags(r.tags())
        .tag(MetricNames.ROUTE, cell.route)
        .tag(MetricNames.GATE, Meters.value(cell.gate))
        .tag(MetricNames.OUTCOME, cell.shadow ? SHADOW_REJECTED : REJECTED)
        .register(r.registry());
  }

  /** The cells of one route: one per gate and outcome, made with the route. */
  private static final class RouteCells {
    final EnumMap<EdgeGate, Cell> rejected = new EnumMap<>(EdgeGate.class);
    final EnumMap<EdgeGate, Cell> shadow = new EnumMap<>(EdgeGate.class);

    RouteCells(String route) {
      for (EdgeGate gate : EdgeGate.values()) {
        rejected.put(gate, new Cell(route, gate, false));
        shadow.put(gate, new Cell(route, gate, true));
      }
    }
  }

  /** One (route, gate, outcome) count, and whether it occurred (its counter then exists). */
  private static final class Cell {
    final String route;
    final EdgeGate gate;
    final boolean shadow;
    final LongAdder count = new LongAdder();
    volatile boolean occurred;

    Cell(String route, EdgeGate gate, boolean shadow) {
      this.route = route;
      this.gate = gate;
      this.shadow = shadow;
    }
  }

  private record Registered(MeterRegistry registry, Tags tags) {}
}
