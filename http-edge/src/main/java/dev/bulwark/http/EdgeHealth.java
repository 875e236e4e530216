package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reports the health of an {@link Edge}'s circuit breakers and concurrency limiters, and of the
 * caller's {@link HealthContributor}s, for a {@code /health} endpoint:
 *
 * <pre>{@code
 * EdgeHealth health = EdgeHealth.builder(edge).build();     // once
 * HealthReport report = health.report();                    // per /health request
 * respond(report.httpStatus(), "application/json", report.toJson());
 * }</pre>
 *
 * <h2>Components</h2>
 * <ul>
 *   <li>{@code breaker:<name>} for each circuit breaker of the edge's routes (a breaker shared by
 *       several routes once): {@link HealthStatus#UP} when CLOSED or DISABLED,
 *       {@link HealthStatus#DEGRADED} when HALF_OPEN (probing recovery),
 *       {@link HealthStatus#DOWN} when OPEN or FORCED_OPEN. Details: {@code state} (lower case, as
 *       in the metrics) and {@code remaining_open_ms}, how long an OPEN breaker still refuses
 *       calls, rounded up (0 in any other state).
 *   <li>{@code concurrency:<name>} for each concurrency limiter: {@link HealthStatus#DEGRADED}
 *       when {@code in_flight / limit} (permits held over all clients, and the limiter's total
 *       maximum) reaches the saturation threshold (default 0.9: 9 of 10, 180 of 200), otherwise
 *       {@link HealthStatus#UP}. A full limiter sheds load with 503s but still serves, so it is
 *       never DOWN. Details: {@code in_flight}, {@code limit}.
 *   <li>each contributor under the name it was added with.
 * </ul>
 * Rate limiters are not components: refusing a client over its quota is normal operation.
 * Optional components: {@code outbound:<name>} for each breaker of the application's own calls
 * ({@link Builder#outboundBreaker}; the config module adds its named outbound pipelines' breakers),
 * reported like the edge's breakers; {@value #DRAIN}, DOWN while the edge drains (see below); and
 * the liveness contributors ({@link Builder#livenessContributor}).
 *
 * <h2>Draining: one state</h2>
 * The {@value #DRAIN} component reports the edge's own drain state ({@link Edge#drain},
 * {@link Edge#isDraining()}): readiness is DOWN from the moment a drain begins, with no wiring. It
 * is present while the edge drains (DOWN, detail {@code draining} true), and absent otherwise
 * unless an extra drain signal is set ({@link Builder#drain}): then it is always present, UP with
 * {@code draining} false until the edge drains <em>or</em> the signal says so. The signal adds to
 * the edge's state and never hides it; it is for a readiness that must go DOWN before the edge
 * itself drains (a shutdown that first waits for load balancers to notice, such as a Kubernetes
 * {@code preStop} delay) or for a health report built over one edge while another is served (a
 * {@link ReloadableEdge}: {@code drain(() -> edges.current().isDraining())}).
 *
 * <h2>Liveness and readiness</h2>
 * {@link #report()} is the whole picture, for a {@code /health} endpoint. Orchestrators ask two
 * narrower questions, and get two narrower reports:
 * <ul>
 *   <li>{@link #liveness()}: is the process broken, so that restarting it would help? Only the
 *       liveness contributors (none by default: UP). An open breaker, a full limiter or a drain
 *       never makes liveness DOWN: restarting would not mend a dependency, and would kill what
 *       is in flight.
 *   <li>{@link #readiness()}: should traffic be sent here now? DOWN while draining, when a
 *       <em>critical</em> breaker is OPEN or FORCED_OPEN (a route's breaker marked with
 *       {@link Builder#critical(String)}, or an outbound breaker added as critical), or when a
 *       contributor ({@link Builder#contributor}) is DOWN. A breaker not marked critical guards
 *       something the service can do without: it is reported DEGRADED there while OPEN, so the
 *       instance stays in rotation for its other routes. Each breaker's readiness details add
 *       {@code critical} (true or false). Concurrency limiters as in the report.
 * </ul>
 *
 * <p>An open breaker makes the whole {@link #report()} DOWN and the endpoint answer 503; the probes
 * below are finer: readiness is DOWN only for a breaker marked critical, liveness never for a
 * breaker.
 *
 * <p>Immutable and thread-safe; a report reads each primitive once, without locks, so under load it
 * is a snapshot of moments close together rather than of one instant.
 */
public final class EdgeHealth {

  /** The default saturation threshold of concurrency limiters. */
  public static final double DEFAULT_SATURATION_THRESHOLD = 0.9;

  /** The name of the drain component: {@value}. */
  public static final String DRAIN = "drain";

  private final Map<String, CircuitBreaker> breakers;
  private final Set<String> critical;
  private final Map<String, KeyedConcurrencyLimiter<String>> limiters;
  private final Map<String, HealthContributor> contributors;
  private final Map<String, HealthContributor> liveness;
  private final @Nullable BooleanSupplier draining;
  private final Edge edge;
  private final double saturationThreshold;

  private EdgeHealth(Builder b) {
    this.breakers = Collections.unmodifiableMap(new LinkedHashMap<>(b.breakers));
    this.critical = Set.copyOf(b.critical);
    this.limiters = Collections.unmodifiableMap(new LinkedHashMap<>(b.limiters));
    this.contributors = Collections.unmodifiableMap(new LinkedHashMap<>(b.contributors));
    this.liveness = Collections.unmodifiableMap(new LinkedHashMap<>(b.liveness));
    this.draining = b.draining;
    this.edge = b.edge;
    Double threshold = b.saturationThreshold;
    this.saturationThreshold = threshold != null ? threshold : DEFAULT_SATURATION_THRESHOLD;
  }

  /**
   * Starts configuring the health report of {@code edge}.
   *
   * @param edge the edge whose breakers and limiters to report
   * @return a builder
   * @throws NullPointerException if {@code edge} is null
   * @throws IllegalArgumentException if two distinct breakers, or two distinct concurrency limiters,
   *     of the edge have the same name (their components would collide); the message names them
   */
  public static Builder builder(Edge edge) {
    return new Builder(Objects.requireNonNull(edge, "edge"));
  }

  /**
   * Takes a report now. Allocates the report; reads the breakers' states and the limiters' counts
   * and calls each contributor once.
   *
   * @return the report
   */
  public HealthReport report() {
    Map<String, HealthComponent> components = new TreeMap<>();
    for (Map.Entry<String, CircuitBreaker> e : breakers.entrySet()) {
      components.put(e.getKey(), breaker(e.getValue(), true, null));
    }
    for (Map.Entry<String, KeyedConcurrencyLimiter<String>> e : limiters.entrySet()) {
      components.put(e.getKey(), concurrency(e.getValue()));
    }
    for (Map.Entry<String, HealthContributor> e : contributors.entrySet()) {
      components.put(e.getKey(), contributed(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, HealthContributor> e : liveness.entrySet()) {
      components.put(e.getKey(), contributed(e.getKey(), e.getValue()));
    }
    drain(components);
    return HealthReport.of(components);
  }

  /**
   * Takes the liveness report now: the liveness contributors only (see the class description).
   * Serve it at a liveness probe ({@code /health/live}) with {@link HealthReport#httpStatus()}.
   *
   * @return the report; UP with no components when there is no liveness contributor
   */
  public HealthReport liveness() {
    Map<String, HealthComponent> components = new TreeMap<>();
    for (Map.Entry<String, HealthContributor> e : liveness.entrySet()) {
      components.put(e.getKey(), contributed(e.getKey(), e.getValue()));
    }
    return HealthReport.of(components);
  }

  /**
   * Takes the readiness report now: the drain state, the breakers (DOWN only for critical ones),
   * the concurrency limiters and the contributors (see the class description). Serve it at a
   * readiness probe ({@code /health/ready}) with {@link HealthReport#httpStatus()}.
   *
   * @return the report
   */
  public HealthReport readiness() {
    Map<String, HealthComponent> components = new TreeMap<>();
    for (Map.Entry<String, CircuitBreaker> e : breakers.entrySet()) {
      boolean isCritical = critical.contains(e.getKey());
      components.put(e.getKey(), breaker(e.getValue(), isCritical, isCritical));
    }
    for (Map.Entry<String, KeyedConcurrencyLimiter<String>> e : limiters.entrySet()) {
      components.put(e.getKey(), concurrency(e.getValue()));
    }
    for (Map.Entry<String, HealthContributor> e : contributors.entrySet()) {
      components.put(e.getKey(), contributed(e.getKey(), e.getValue()));
    }
    drain(components);
    return HealthReport.of(components);
  }

  /**
   * The drain component: DOWN while the edge drains or the extra signal ({@link Builder#drain}) says
   * so; present then, and UP otherwise only when there is a signal (see the class description).
   */
  private void drain(Map<String, HealthComponent> components) {
    BooleanSupplier signal = draining;
    boolean now = edge.isDraining() || (signal != null && signal.getAsBoolean());
    if (now || signal != null) {
      components.put(DRAIN, new HealthComponent(now ? HealthStatus.DOWN : HealthStatus.UP, Map.of("draining", now)));
    }
  }

  /**
   * A breaker's component: DOWN while OPEN when {@code downWhenOpen}, DEGRADED otherwise; the
   * {@code critical} detail when {@code criticalDetail} is not null.
   */
  private static HealthComponent breaker(
      CircuitBreaker breaker, boolean downWhenOpen, @Nullable Boolean criticalDetail) {
    CircuitState state = breaker.state();
    HealthStatus status = switch (state) {
      case OPEN, FORCED_OPEN -> downWhenOpen ? HealthStatus.DOWN : HealthStatus.DEGRADED;
      case HALF_OPEN -> HealthStatus.DEGRADED;
      case CLOSED, DISABLED -> HealthStatus.UP;
    };
    long nanos = breaker.remainingOpenNanos();
    long millis = nanos / 1_000_000L + (nanos % 1_000_000L == 0 ? 0 : 1);
    String stateName = state.name().toLowerCase(Locale.ROOT);
    return new HealthComponent(status, criticalDetail == null
        ? Map.of("state", stateName, "remaining_open_ms", millis)
        : Map.of("state", stateName, "remaining_open_ms", millis, "critical", criticalDetail));
  }

  private HealthComponent concurrency(KeyedConcurrencyLimiter<String> limiter) {
    int inFlight = limiter.inFlight();
    int limit = limiter.maxTotal();
    boolean saturated = (double) inFlight / limit >= saturationThreshold;
    return new HealthComponent(saturated ? HealthStatus.DEGRADED : HealthStatus.UP,
        Map.of("in_flight", inFlight, "limit", limit));
  }

  private static HealthComponent contributed(String name, HealthContributor contributor) {
    RuntimeException failure;
    try {
      HealthComponent component = contributor.health();
      if (component != null) {
        return component;
      }
      failure = new NullPointerException("the contributor returned null");
    } catch (RuntimeException e) {
      failure = e;
    }
    EdgeEvents.LOG.atWarn()
        .setMessage("health contributor '{}' failed; reported DOWN")
        .addArgument(name)
        .addKeyValue("event", "health_contributor_failed")
        .addKeyValue("name", name)
        .setCause(failure)
        .log();
    return new HealthComponent(HealthStatus.DOWN, Map.of("error", failure.getClass().getName()));
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code EdgeHealth[breaker:llm, concurrency:search, db:orders]}
   */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>(new TreeMap<>(breakers).keySet());
    names.addAll(new TreeMap<>(limiters).keySet());
    names.addAll(contributors.keySet());
    names.addAll(liveness.keySet());
    if (draining != null) {
      names.add(DRAIN);
    }
    return "EdgeHealth" + names;
  }

  /**
   * Configures an {@link EdgeHealth}. Contributors accumulate; the threshold may be set once (a
   * second call throws {@link IllegalStateException}). Not thread-safe.
   */
  public static final class Builder {

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, KeyedConcurrencyLimiter<String>> limiters = new LinkedHashMap<>();
    private final Map<String, HealthContributor> contributors = new LinkedHashMap<>();
    private final Map<String, HealthContributor> liveness = new LinkedHashMap<>();
    private final Set<String> critical = new HashSet<>();
    private final Map<String, CircuitBreaker> routeBreakers = new LinkedHashMap<>();
    private @Nullable BooleanSupplier draining;
    private @Nullable Double saturationThreshold;
    private final Edge edge;

    private Builder(Edge edge) {
      this.edge = edge;
      Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (EdgeRoute route : edge.routes()) {
        CircuitBreaker breaker = route.circuitBreaker();
        if (breaker != null) {
          routeBreakers.put(route.name(), breaker);
        }
        if (breaker != null && seen.add(breaker)) {
          put(breakers, "breaker:" + breaker.name(), breaker);
        }
        KeyedConcurrencyLimiter<String> limiter = route.concurrencyLimiter();
        if (limiter != null && seen.add(limiter)) {
          put(limiters, "concurrency:" + limiter.name(), limiter);
        }
      }
    }

    private static <T> void put(Map<String, T> map, String name, T value) {
      T previous = map.putIfAbsent(name, value);
      if (previous != null) {
        throw new IllegalArgumentException("two components would be named \"" + name
            + "\": " + previous + " and " + value + "; give them distinct names");
      }
    }

    /**
     * Sets the saturation at which a concurrency limiter is reported
     * {@link HealthStatus#DEGRADED} (default {@value EdgeHealth#DEFAULT_SATURATION_THRESHOLD}).
     *
     * @param threshold {@code in_flight / limit}, above 0 and at most 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not in (0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder saturationThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("saturationThreshold must be in (0, 1] but was " + threshold);
      }
      this.saturationThreshold = Preconditions.setOnce("saturationThreshold", saturationThreshold, threshold);
      return this;
    }

    /**
     * Adds a component reported by the caller, after those already added.
     *
     * @param name the component's name, such as {@code "redis:limits"}; {@code breaker:} and
     *     {@code concurrency:} names are taken by the edge's own components
     * @param contributor the contributor
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank or already taken
     */
    public Builder contributor(String name, HealthContributor contributor) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contributor, "contributor");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank but was \"" + name + "\"");
      }
      requireFree(name);
      contributors.put(name, contributor);
      return this;
    }

    private void requireFree(String name) {
      if (breakers.containsKey(name) || limiters.containsKey(name) || contributors.containsKey(name)
          || liveness.containsKey(name) || name.equals(DRAIN)) {
        throw new IllegalArgumentException("a component named \"" + name + "\" already exists");
      }
    }

    /**
     * Adds a component to the liveness report (and the full report), not to readiness: something
     * whose failure means the process is broken and a restart would help, such as a deadlocked
     * worker pool. Keep it strict: a liveness probe that fails for a passing reason restarts a
     * healthy instance.
     *
     * @param name the component's name, as for {@link #contributor}
     * @param contributor the contributor
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank or already taken
     */
    public Builder livenessContributor(String name, HealthContributor contributor) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contributor, "contributor");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank but was \"" + name + "\"");
      }
      requireFree(name);
      liveness.put(name, contributor);
      return this;
    }

    /**
     * Marks the breaker of a route as critical: while it is OPEN, {@link EdgeHealth#readiness()}
     * is DOWN (a breaker not marked makes readiness only DEGRADED).
     *
     * @param route the route's name
     * @return this builder
     * @throws NullPointerException if {@code route} is null
     * @throws IllegalArgumentException if the edge has no route of that name, or it has no breaker
     */
    public Builder critical(String route) {
      Objects.requireNonNull(route, "route");
      CircuitBreaker breaker = routeBreakers.get(route);
      if (breaker == null) {
        throw new IllegalArgumentException("critical(\"" + route + "\"): the edge has no route of that name with a "
            + "circuit breaker; routes with breakers: " + routeBreakers.keySet());
      }
      critical.add("breaker:" + breaker.name());
      return this;
    }

    /**
     * Adds the breaker of an outbound call (the application's own calls to a dependency) as the
     * component {@code outbound:<breaker name>}, reported like the edge's breakers.
     *
     * @param breaker the breaker
     * @param isCritical whether readiness is DOWN while it is open (else DEGRADED)
     * @return this builder
     * @throws NullPointerException if {@code breaker} is null
     * @throws IllegalArgumentException if the component's name is taken
     */
    public Builder outboundBreaker(CircuitBreaker breaker, boolean isCritical) {
      Objects.requireNonNull(breaker, "breaker");
      String name = "outbound:" + breaker.name();
      requireFree(name);
      breakers.put(name, breaker);
      if (isCritical) {
        critical.add(name);
      }
      return this;
    }

    /**
     * Adds an extra drain signal to the edge's own drain state: the component
     * {@value EdgeHealth#DRAIN} is DOWN (readiness DOWN at once, detail {@code draining} true) while
     * the edge drains ({@link Edge#isDraining()}) <em>or</em> {@code draining} is true, and, with a
     * signal set, present and UP otherwise. Not needed for the edge's own {@link Edge#drain}, which
     * the report always follows; see "Draining: one state" in the class description for what needs
     * it. Read on every report while the edge is not draining; it must be quick and thread-safe.
     *
     * @param draining tells whether readiness should report draining now although the edge does not
     * @return this builder
     * @throws NullPointerException if {@code draining} is null
     * @throws IllegalStateException if already set
     */
    public Builder drain(BooleanSupplier draining) {
      this.draining = Preconditions.setOnce("drain", this.draining, draining);
      return this;
    }

    /**
     * Builds the health reporter.
     *
     * @return the reporter
     */
    public EdgeHealth build() {
      return new EdgeHealth(this);
    }
  }
}
