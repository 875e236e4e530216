package dev.bulwark.http;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The log events an {@link Edge} writes about its requests ({@link EdgeBuilder#requestLog(RequestLog)}),
 * on the logger {@code dev.bulwark.http} through slf4j, with key-value pairs:
 *
 * <ul>
 *   <li>{@code event=slow_request}: an admitted request took at least its route's warning threshold
 *       (WARN, {@code severity=warn}) or its critical threshold (ERROR, {@code severity=critical}),
 *       from {@link Edge#begin} to the end of the exchange on the edge's ticker. Logged once per
 *       request, when it ends (also when it failed or was cancelled, with status 500 or 0). Keys:
 *       {@code route}, {@code method}, {@code path}, {@code status}, {@code duration_ms},
 *       {@code threshold_ms}, {@code severity}, and {@code request_id} when the edge has
 *       {@link RequestIds}.
 *   <li>{@code event=request_rejected} (WARN): a gate refused a request (status 400 or above; an
 *       allowed CORS preflight is not a refusal). Keys: {@code route}, {@code gate} (lower case),
 *       {@code reason} ({@code rate_limit_exceeded}, {@code connection_limit_exceeded} for the
 *       concurrency limit, {@code validation_failed}, {@code circuit_open}, {@code cors_refused}),
 *       {@code status}, {@code client_key}, {@code suppressed} (how many rejection events were
 *       dropped since the last one logged), and {@code request_id}.
 * </ul>
 *
 * <h2>The bound on rejection events</h2>
 * A flood of refused requests is what rate limits exist for, so rejection events are themselves
 * rate-limited, edge-wide, by a token bucket on the edge's ticker: at most
 * {@link Builder#rejectionsPerSecond(int) n} in a burst, refilled at n per second, so never more than
 * {@code n * (1 + t)} events in any {@code t} seconds (default
 * {@value #DEFAULT_REJECTIONS_PER_SECOND} per second). Dropped events are counted, and the count is
 * the {@code suppressed} key of the next event logged. Slow-request events are not limited: they are
 * at most one per admitted request, and admission is limited by the gates.
 *
 * <p>Defaults of {@link #defaults()}: warn at {@value #DEFAULT_SLOW_WARN_MILLIS} ms, critical at
 * {@value #DEFAULT_SLOW_CRITICAL_MILLIS} ms on every route (the thresholds of a common latency
 * monitor), {@value #DEFAULT_REJECTIONS_PER_SECOND} rejection events per second.
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestLog {

  /** The default warning threshold of slow requests: {@value} ms. */
  public static final long DEFAULT_SLOW_WARN_MILLIS = 3_000;

  /** The default critical threshold of slow requests: {@value} ms. */
  public static final long DEFAULT_SLOW_CRITICAL_MILLIS = 5_000;

  /** The default bound on rejection events: {@value} per second. */
  public static final int DEFAULT_REJECTIONS_PER_SECOND = 10;

  private final Thresholds slow;
  private final Map<String, Thresholds> routes;
  private final int rejectionsPerSecond;

  private RequestLog(Builder b) {
    Thresholds s = b.slow;
    this.slow = s != null ? s : new Thresholds(
        Duration.ofMillis(DEFAULT_SLOW_WARN_MILLIS), Duration.ofMillis(DEFAULT_SLOW_CRITICAL_MILLIS));
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(b.routes));
    Integer r = b.rejectionsPerSecond;
    this.rejectionsPerSecond = r != null ? r : DEFAULT_REJECTIONS_PER_SECOND;
  }

  /**
   * Returns the default log: slow requests at 3 s (warn) and 5 s (critical), 10 rejection events
   * per second.
   *
   * @return the defaults
   */
  public static RequestLog defaults() {
    return builder().build();
  }

  /**
   * Starts configuring a request log.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the slow-request thresholds of a route.
   *
   * @param route the route's name
   * @return its own thresholds, or the edge-wide ones
   */
  public Thresholds slowRequests(String route) {
    Thresholds own = routes.get(Objects.requireNonNull(route, "route"));
    return own != null ? own : slow;
  }

  /**
   * Returns the names of the routes with thresholds of their own.
   *
   * @return the names, in the order set
   */
  public Set<String> routesWithOwnThresholds() {
    return routes.keySet();
  }

  /**
   * Returns the bound on rejection events.
   *
   * @return events per second (and burst); 0 when rejections are not logged
   */
  public int rejectionsPerSecond() {
    return rejectionsPerSecond;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code RequestLog[slow=3000/5000 ms, routes={}, rejections=10/s]}
   */
  @Override
  public String toString() {
    return "RequestLog[slow=" + slow + ", routes=" + routes + ", rejections=" + rejectionsPerSecond + "/s]";
  }

  /**
   * The two slow-request thresholds of a route.
   *
   * @param warn the duration from which a request is logged at WARN
   * @param critical the duration from which it is logged at ERROR instead; at least {@code warn}
   */
  public record Thresholds(Duration warn, Duration critical) {

    /**
     * Checks the thresholds.
     *
     * @param warn the warning threshold, positive
     * @param critical the critical threshold, at least {@code warn}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code warn} is not positive or {@code critical} is below it
     */
    public Thresholds {
      Objects.requireNonNull(warn, "warn");
      Objects.requireNonNull(critical, "critical");
      if (warn.isZero() || warn.isNegative()) {
        throw new IllegalArgumentException("the slow-request warn threshold must be positive but was " + warn);
      }
      if (critical.compareTo(warn) < 0) {
        throw new IllegalArgumentException("the slow-request critical threshold must be at least the warn threshold "
            + warn + " but was " + critical);
      }
    }

    long warnNanos() {
      return Durations.toNanosSaturated(warn);
    }

    long criticalNanos() {
      return Durations.toNanosSaturated(critical);
    }

    /**
     * Returns a description for logs.
     *
     * @return such as {@code 3000/5000 ms}
     */
    @Override
    public String toString() {
      return warn.toMillis() + "/" + critical.toMillis() + " ms";
    }
  }

  /**
   * Configures a {@link RequestLog}. Each setting may be made once (a route's thresholds once per
   * route); a second call throws {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable Thresholds slow;
    private final Map<String, Thresholds> routes = new LinkedHashMap<>();
    private @Nullable Integer rejectionsPerSecond;

    private Builder() {}

    /**
     * Sets the slow-request thresholds of every route that sets none of its own (default 3 s and 5 s).
     *
     * @param warn logged at WARN from this duration, positive
     * @param critical logged at ERROR from this duration, at least {@code warn}
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code warn} is not positive or {@code critical} is below it
     * @throws IllegalStateException if already set
     */
    public Builder slowRequests(Duration warn, Duration critical) {
      this.slow = Preconditions.setOnce("slowRequests", slow, new Thresholds(warn, critical));
      return this;
    }

    /**
     * Sets the slow-request thresholds of one route. The edge checks, when it is built, that it has a
     * route of that name.
     *
     * @param route the route's name
     * @param warn logged at WARN from this duration, positive
     * @param critical logged at ERROR from this duration, at least {@code warn}
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code warn} is not positive or {@code critical} is below it
     * @throws IllegalStateException if this route's thresholds were already set
     */
    public Builder slowRequests(String route, Duration warn, Duration critical) {
      Objects.requireNonNull(route, "route");
      Thresholds t = new Thresholds(warn, critical);
      Preconditions.setOnce("slowRequests(" + route + ")", routes.get(route), t);
      routes.put(route, t);
      return this;
    }

    /**
     * Sets the bound on rejection events (default {@value RequestLog#DEFAULT_REJECTIONS_PER_SECOND}):
     * a burst of {@code perSecond}, refilled at {@code perSecond} per second; 0 logs no rejection.
     *
     * @param perSecond events per second, 0 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if {@code perSecond} is negative or above 1,000,000
     * @throws IllegalStateException if already set
     */
    public Builder rejectionsPerSecond(int perSecond) {
      if (perSecond < 0 || perSecond > 1_000_000) {
        throw new IllegalArgumentException("rejectionsPerSecond must be 0 to 1000000 but was " + perSecond);
      }
      this.rejectionsPerSecond = Preconditions.setOnce("rejectionsPerSecond", rejectionsPerSecond, perSecond);
      return this;
    }

    /**
     * Builds the request log.
     *
     * @return the immutable configuration
     */
    public RequestLog build() {
      return new RequestLog(this);
    }
  }
}
