package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.validation.Violation;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts an edge's requests by route, outcome and status, times them and measures their bodies by
 * route and outcome, and counts the validation violations behind its refusals by code: the
 * {@link EdgeListener} to set on the edge (it reads the route, outcome, status, duration and sizes
 * of each {@link EdgeEvent.RequestFinished} and the code of each {@link EdgeEvent.ViolationFound}),
 * which {@link EdgeBinder} publishes as {@value MetricNames#EDGE_REQUESTS}{@code {route, outcome,
 * status}}, {@value MetricNames#EDGE_REQUEST_DURATION}{@code {route, outcome}} (a timer),
 * {@value MetricNames#EDGE_REQUEST_SIZE} and {@value MetricNames#EDGE_RESPONSE_SIZE}{@code {route,
 * outcome}} (distribution summaries, in bytes) and
 * {@value MetricNames#VALIDATION_VIOLATIONS}{@code {code}}; and the refusals of each gate, enforced
 * or in shadow mode ({@link EdgeEvent.ShadowRejected}), as
 * {@value MetricNames#EDGE_REFUSALS}{@code {route, gate, outcome = rejected | shadow_rejected}}. No
 * meter has a client tag: clients are unbounded, routes and outcomes are not.
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
 * <h2>Timers and sizes</h2>
 * The duration is the edge's own ({@link EdgeEvent.RequestFinished#durationNanos()}, on the edge's
 * ticker, from {@code begin} to the end of the exchange); the sizes are those the adapter reports
 * (a size of -1, unknown, is not recorded, so a summary's count may be below the request count).
 * These are real Micrometer {@link Timer}s and {@link DistributionSummary}s, one per registry bound
 * (Micrometer's histograms live in the meter), created with the (route, outcome) cell and recorded
 * into each registry bound so far: requests before the first binding are counted but not timed.
 * Percentiles, a percentile histogram and SLO buckets are set on the {@link #builder()} (default
 * none: count, total and max). A record is one lock-free histogram update per registry.
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
  private static final String DURATION = "Time from an edge's begin to the end of each request, by route and outcome";
  private static final String REQUEST_SIZE = "Request body sizes through an edge, by route and outcome";
  private static final String RESPONSE_SIZE = "Response body sizes through an edge, by route and outcome";

  private final ConcurrentHashMap<String, RouteCounts> routes = new ConcurrentHashMap<>();
  private final double[] percentiles;
  private final boolean histogram;
  private final Duration[] slos;
  private final EnumMap<Violation.Code, CodeCount> violations = new EnumMap<>(Violation.Code.class);
  /** Where meters are registered; guarded by {@code this}, like every cell creation. */
  private final List<Registration> registrations = new ArrayList<>();
  /** Refusals and shadow refusals by route and gate; shares this object's lock. */
  private final GateRefusals refusals = new GateRefusals(this);

  private EdgeMetrics(Builder b) {
    this.percentiles = b.percentiles.clone();
    this.histogram = b.histogram;
    this.slos = b.slos.clone();
    for (Violation.Code code : Violation.Code.values()) {
      violations.put(code, new CodeCount(code));
    }
  }

  /**
   * Returns new, empty counts, with timers and summaries without percentiles or buckets.
   *
   * @return the listener to give to {@code EdgeBuilder.listener(...)}
   */
  public static EdgeMetrics create() {
    return builder().build();
  }

  /**
   * Starts configuring the distribution statistics of the duration timer.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Counts one event: a finished request under its route, outcome and status, a violation under
   * its code.
   *
   * @param event the event
   */
  @Override
  public void onEvent(EdgeEvent event) {
    if (event instanceof EdgeEvent.RequestFinished f) {
      // Only the event's values go further, so that the JIT, inlining this small method into the
      // edge, can drop the event itself (no allocation): keep the recording in finished(...).
      finished(f.route(), f.outcome(), f.status(), f.durationNanos(), f.requestBytes(), f.responseBytes());
      if (f.gate() != null) {
        refusals.count(f.route(), f.gate(), false);
      }
    } else if (event instanceof EdgeEvent.ShadowRejected shadow) {
      refusals.count(shadow.route(), shadow.gate(), true);
    } else if (event instanceof EdgeEvent.ViolationFound violation) {
      violation(violation.code());
    }
  }

  private void finished(
      String route, EdgeOutcome outcome, int status, long nanos, long requestBytes, long responseBytes) {
    RouteCounts counts = requestFinished(route, outcome, status);
    Distributions d = counts.distributions.get(outcome);
    if (d == null) {
      d = distributions(counts, outcome);
    }
    d.record(nanos, requestBytes, responseBytes);
  }

  /** The refusals counter's count of one cell, for tests. */
  long refusals(String route, dev.bulwark.http.EdgeGate gate, boolean shadow) {
    return refusals.sum(route, gate, shadow);
  }

  private RouteCounts requestFinished(String route, EdgeOutcome outcome, int status) {
    RouteCounts counts = routes.get(route);
    if (counts == null) {
      counts = routes.computeIfAbsent(route, RouteCounts::new);
    }
    StatusCount cell = counts.find(outcome, status);
    if (cell == null) {
      cell = add(counts, outcome, status);
    }
    cell.count.increment();
    return counts;
  }

  private synchronized Distributions distributions(RouteCounts counts, EdgeOutcome outcome) {
    Distributions d = counts.distributions.get(outcome);
    if (d != null) {
      return d; // another thread added it first
    }
    d = new Distributions(outcome);
    for (Registration registration : registrations) {
      d.add(this, registration, counts.route);
    }
    counts.distributions.put(outcome, d);
    return d;
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
      for (Distributions d : counts.distributions.values()) {
        if (d != null) {
          d.add(this, registration, counts.route);
        }
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

  private Timer timer(Registration r, String route, EdgeOutcome outcome) {
    Timer.Builder b = Timer.builder(MetricNames.EDGE_REQUEST_DURATION)
        .description(DURATION)
        .tags(r.tags())
        .tag(MetricNames.ROUTE, route)
        .tag(MetricNames.OUTCOME, Meters.value(outcome))
        .publishPercentileHistogram(histogram);
    if (percentiles.length > 0) {
      b = b.publishPercentiles(percentiles);
    }
    if (slos.length > 0) {
      b = b.serviceLevelObjectives(slos);
    }
    return b.register(r.registry());
  }

  private static DistributionSummary summary(
      Registration r, String name, String description, String route, EdgeOutcome outcome) {
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit("bytes")
        .tags(r.tags())
        .tag(MetricNames.ROUTE, route)
        .tag(MetricNames.OUTCOME, Meters.value(outcome))
        .register(r.registry());
  }

  /** A registry and the binder's extra tags. */
  private record Registration(MeterRegistry registry, Tags tags) {}

  /** The (outcome, status) cells of one route, copied on write. */
  private static final class RouteCounts {

    final String route;
    volatile StatusCount[] cells = new StatusCount[0];
    /** By outcome; each entry written once, under the metrics' lock; read without it. */
    final ConcurrentHashMap<EdgeOutcome, Distributions> distributions = new ConcurrentHashMap<>();

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

  /**
   * The timers and summaries of one (route, outcome), one of each per registry bound: arrays
   * replaced, never changed, under the metrics' lock.
   */
  private static final class Distributions {

    final EdgeOutcome outcome;
    volatile CellMeters meters = CellMeters.EMPTY;

    Distributions(EdgeOutcome outcome) {
      this.outcome = outcome;
    }

    void add(EdgeMetrics metrics, Registration r, String route) {
      CellMeters m = meters;
      meters = new CellMeters(
          append(m.timers, metrics.timer(r, route, outcome)),
          append(m.requestSizes, summary(r, MetricNames.EDGE_REQUEST_SIZE, REQUEST_SIZE, route, outcome)),
          append(m.responseSizes, summary(r, MetricNames.EDGE_RESPONSE_SIZE, RESPONSE_SIZE, route, outcome)));
    }

    private static <T> T[] append(T[] old, T value) {
      T[] copy = Arrays.copyOf(old, old.length + 1);
      copy[old.length] = value;
      return copy;
    }

    void record(long nanos, long requestBytes, long responseBytes) {
      CellMeters m = meters;
      for (Timer t : m.timers) {
        t.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
      }
      if (requestBytes >= 0) {
        for (DistributionSummary s : m.requestSizes) {
          s.record((double) requestBytes);
        }
      }
      if (responseBytes >= 0) {
        for (DistributionSummary s : m.responseSizes) {
          s.record((double) responseBytes);
        }
      }
    }
  }

  /** The meters of one cell, one per registry, in binding order; never changed once built. */
  private static final class CellMeters {

    static final CellMeters EMPTY = new CellMeters(new Timer[0], new DistributionSummary[0], new DistributionSummary[0]);

    final Timer[] timers;
    final DistributionSummary[] requestSizes;
    final DistributionSummary[] responseSizes;

    CellMeters(Timer[] timers, DistributionSummary[] requestSizes, DistributionSummary[] responseSizes) {
      this.timers = timers;
      this.requestSizes = requestSizes;
      this.responseSizes = responseSizes;
    }
  }

  /**
   * Configures the duration timer's distribution statistics. Each setting may be made once (a
   * second call throws {@link IllegalStateException}). Not thread-safe.
   */
  public static final class Builder {

    private double[] percentiles = new double[0];
    private boolean percentilesSet;
    private @Nullable Boolean histogramSet;
    private boolean histogram;
    private Duration[] slos = new Duration[0];
    private boolean slosSet;

    private Builder() {}

    /**
     * Publishes client-side percentiles of the duration, such as {@code 0.5, 0.95, 0.99} (default
     * none). They cannot be aggregated across instances; for that use
     * {@link #percentileHistogram(boolean)} or {@link #serviceLevelObjectives}.
     *
     * @param percentiles each in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if one is outside [0, 1] or NaN
     * @throws IllegalStateException if already set
     */
    public Builder percentiles(double... percentiles) {
      Objects.requireNonNull(percentiles, "percentiles");
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("percentiles must be in [0, 1] but one was " + p);
        }
      }
      if (percentilesSet) {
        throw new IllegalStateException("percentiles were already set to " + Arrays.toString(this.percentiles));
      }
      this.percentilesSet = true;
      this.percentiles = percentiles.clone();
      return this;
    }

    /**
     * Publishes a percentile histogram of the duration (Micrometer's default buckets), for
     * percentiles computed server-side, such as Prometheus's {@code histogram_quantile} (default
     * off).
     *
     * @param enabled whether to publish it
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder percentileHistogram(boolean enabled) {
      if (histogramSet != null) {
        throw new IllegalStateException("percentileHistogram was already set to " + histogramSet);
      }
      this.histogramSet = enabled;
      this.histogram = enabled;
      return this;
    }

    /**
     * Publishes a cumulative bucket for each service-level objective: how many requests took at
     * most that long, such as the 3 s and 5 s of a latency monitor (default none).
     *
     * @param slos positive durations
     * @return this builder
     * @throws NullPointerException if {@code slos} or one of them is null
     * @throws IllegalArgumentException if one is zero or negative
     * @throws IllegalStateException if already set
     */
    public Builder serviceLevelObjectives(Duration... slos) {
      Objects.requireNonNull(slos, "slos");
      for (Duration d : slos) {
        Objects.requireNonNull(d, "slo");
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException("serviceLevelObjectives must be positive but one was " + d);
        }
      }
      if (slosSet) {
        throw new IllegalStateException("serviceLevelObjectives were already set to " + Arrays.toString(this.slos));
      }
      this.slosSet = true;
      this.slos = slos.clone();
      return this;
    }

    /**
     * Builds new, empty metrics.
     *
     * @return the listener to give to {@code EdgeBuilder.listener(...)}
     */
    public EdgeMetrics build() {
      return new EdgeMetrics(this);
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
