package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
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
 *
 * <p>An open breaker makes the whole report DOWN and the endpoint answer 503: right for a readiness
 * probe or a load balancer when the breaker guards what the service exists for; if it guards an
 * optional dependency, use a separate endpoint (or a report of the components you choose) for
 * liveness.
 *
 * <p>Immutable and thread-safe; a report reads each primitive once, without locks, so under load it
 * is a snapshot of moments close together rather than of one instant.
 */
public final class EdgeHealth {

  /** The default saturation threshold of concurrency limiters. */
  public static final double DEFAULT_SATURATION_THRESHOLD = 0.9;

  private final Map<String, CircuitBreaker> breakers;
  private final Map<String, KeyedConcurrencyLimiter<String>> limiters;
  private final Map<String, HealthContributor> contributors;
  private final double saturationThreshold;

  private EdgeHealth(Builder b) {
    this.breakers = Collections.unmodifiableMap(new LinkedHashMap<>(b.breakers));
    this.limiters = Collections.unmodifiableMap(new LinkedHashMap<>(b.limiters));
    this.contributors = Collections.unmodifiableMap(new LinkedHashMap<>(b.contributors));
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
      components.put(e.getKey(), breaker(e.getValue()));
    }
    for (Map.Entry<String, KeyedConcurrencyLimiter<String>> e : limiters.entrySet()) {
      components.put(e.getKey(), concurrency(e.getValue()));
    }
    for (Map.Entry<String, HealthContributor> e : contributors.entrySet()) {
      components.put(e.getKey(), contributed(e.getKey(), e.getValue()));
    }
    return HealthReport.of(components);
  }

  private static HealthComponent breaker(CircuitBreaker breaker) {
    CircuitState state = breaker.state();
    HealthStatus status = switch (state) {
      case OPEN, FORCED_OPEN -> HealthStatus.DOWN;
      case HALF_OPEN -> HealthStatus.DEGRADED;
      case CLOSED, DISABLED -> HealthStatus.UP;
    };
    long nanos = breaker.remainingOpenNanos();
    long millis = nanos / 1_000_000L + (nanos % 1_000_000L == 0 ? 0 : 1);
    return new HealthComponent(status, Map.of(
        "state", state.name().toLowerCase(Locale.ROOT), "remaining_open_ms", millis));
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
    private @Nullable Double saturationThreshold;

    private Builder(Edge edge) {
      Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (EdgeRoute route : edge.routes()) {
        CircuitBreaker breaker = route.circuitBreaker();
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
      if (breakers.containsKey(name) || limiters.containsKey(name) || contributors.containsKey(name)) {
        throw new IllegalArgumentException("a component named \"" + name + "\" already exists");
      }
      contributors.put(name, contributor);
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
