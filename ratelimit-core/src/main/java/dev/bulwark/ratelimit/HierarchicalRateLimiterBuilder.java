package dev.bulwark.ratelimit;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link HierarchicalRateLimiter}. Each setting may be made once, and each route once (a
 * second call throws {@link IllegalStateException}); listeners accumulate. Not thread-safe; the
 * built limiter is.
 *
 * <p>{@link #perClient} is required; the global limit and the route overrides are optional. Each
 * level may hold several limits ("200/minute and 1000/hour"), decided all-or-nothing.
 *
 * <p>Defaults: name {@code "hierarchical-rate-limiter"}, {@link RateLimitAlgorithm#TOKEN_BUCKET} for
 * every level, {@link Ticker#system()}, {@link KeyedRateLimiterBuilder#DEFAULT_MAXIMUM_KEYS} keys
 * <em>per client level</em> (the default level and each route hold their own keys, so the total is
 * bounded by {@code (1 + routes) * maximumKeys}), no listeners.
 */
public final class HierarchicalRateLimiterBuilder {

  private @Nullable String name;
  private @Nullable List<RateLimit> global;
  private @Nullable List<RateLimit> perClient;
  private final Map<String, List<RateLimit>> routes = new LinkedHashMap<>();
  private @Nullable RateLimitAlgorithm algorithm;
  private @Nullable Ticker ticker;
  private long maximumKeys = -1;
  private final List<RateLimiterListener> listeners = new ArrayList<>();
  private boolean recordStats;

  HierarchicalRateLimiterBuilder() {}

  /**
   * Names the limiter.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public HierarchicalRateLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Sets the global limit, shared by every client on every route.
   *
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code limits} is empty
   * @throws IllegalStateException if the global limit was already set
   */
  public HierarchicalRateLimiterBuilder global(RateLimit... limits) {
    List<RateLimit> list = requireLimits(limits);
    Preconditions.requireUnset("global", global);
    global = list;
    return this;
  }

  /**
   * Sets the default limit per client, for routes without an override. Required.
   *
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code limits} is empty
   * @throws IllegalStateException if the per-client limit was already set
   */
  public HierarchicalRateLimiterBuilder perClient(RateLimit... limits) {
    List<RateLimit> list = requireLimits(limits);
    Preconditions.requireUnset("perClient", perClient);
    perClient = list;
    return this;
  }

  /**
   * Overrides the per-client limit on one route: requests on {@code route} are counted per (route,
   * client) against {@code limits} instead of the default per-client limit.
   *
   * @param route the route name, non-blank, matched exactly
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code route} is blank or {@code limits} is empty
   * @throws IllegalStateException if this route was already overridden
   */
  public HierarchicalRateLimiterBuilder route(String route, RateLimit... limits) {
    Objects.requireNonNull(route, "route");
    if (route.isBlank()) {
      throw new IllegalArgumentException("route must not be blank");
    }
    List<RateLimit> list = requireLimits(limits);
    if (routes.containsKey(route)) {
      throw new IllegalStateException("route " + route + " was already set to " + routes.get(route));
    }
    routes.put(route, list);
    return this;
  }

  /**
   * Chooses the algorithm of every level.
   *
   * @param algorithm the algorithm
   * @return this builder
   * @throws IllegalStateException if the algorithm was already set
   */
  public HierarchicalRateLimiterBuilder algorithm(RateLimitAlgorithm algorithm) {
    this.algorithm = Preconditions.setOnce("algorithm", this.algorithm, algorithm);
    return this;
  }

  /**
   * Sets the clock, used for the limits and for idle expiry.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if the ticker was already set
   */
  public HierarchicalRateLimiterBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Caps the number of keys held by each client level (the default level and each route).
   *
   * @param maximumKeys at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumKeys < 1}
   * @throws IllegalStateException if the cap was already set
   */
  public HierarchicalRateLimiterBuilder maximumKeys(long maximumKeys) {
    Preconditions.requireAtLeastOne("maximumKeys", maximumKeys);
    Preconditions.requireUnset("maximumKeys", this.maximumKeys != -1, this.maximumKeys);
    this.maximumKeys = maximumKeys;
    return this;
  }

  /**
   * Adds a listener. Each decision yields one event whose key is the client and whose limiter name
   * names the deciding level: {@code <name>.global} when the global level refused, otherwise
   * {@code <name>.client} or {@code <name>.route.<route>}.
   *
   * @param listener the listener
   * @return this builder
   */
  public HierarchicalRateLimiterBuilder listener(RateLimiterListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Makes the limiter keep its {@link HierarchyCounts} (the decision counts in total and per
   * level), returned by {@code stats()}: each decision costs one more uncontended atomic increment,
   * on the level that decided it, still no allocation. Default: no statistics, and no
   * cost for them; a built limiter can never start keeping them.
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public HierarchicalRateLimiterBuilder recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
    return this;
  }

  /**
   * Builds the limiter, full at every level.
   *
   * @param <K> the client key type; must have value-based {@code equals} and {@code hashCode}
   * @return a new, thread-safe limiter
   * @throws IllegalStateException if no per-client limit was set
   * @throws IllegalArgumentException if a window algorithm cannot hold a limit's burst
   */
  public <K> HierarchicalRateLimiter<K> build() {
    List<RateLimit> client = perClient;
    if (client == null) {
      throw new IllegalStateException("perClient limit is required");
    }
    RateLimitAlgorithm a = algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET;
    KeyedRateLimiterBuilder.checkRepresentable(client, a);
    List<RateLimit> all = global;
    if (all != null) {
      KeyedRateLimiterBuilder.checkRepresentable(all, a);
    }
    for (List<RateLimit> route : routes.values()) {
      KeyedRateLimiterBuilder.checkRepresentable(route, a);
    }
    return new DefaultHierarchicalRateLimiter<>(
        name != null ? name : "hierarchical-rate-limiter",
        global,
        client,
        routes,
        algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET,
        ticker != null ? ticker : Ticker.system(),
        maximumKeys != -1 ? maximumKeys : KeyedRateLimiterBuilder.DEFAULT_MAXIMUM_KEYS,
        Listeners.of(listeners),
        recordStats);
  }

  private static List<RateLimit> requireLimits(RateLimit[] limits) {
    List<RateLimit> list = List.of(Objects.requireNonNull(limits, "limits"));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    return list;
  }
}
