package dev.bulwark.ratelimit.internal;

import dev.bulwark.core.internal.DecisionCounter;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.HierarchyCounts;
import dev.bulwark.ratelimit.LevelCounts;
import dev.bulwark.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HierarchyCounts} of the hierarchical limiters, in memory and on Redis: one
 * {@link DecisionCounter} (the counter every limiter uses: two {@code LongAdder}s) per level. A
 * limiter keeps each level's {@link LevelCounter} beside the level itself and calls
 * {@link LevelCounter#record} once per decision, on the level its event names, so a decision costs
 * one uncontended increment and no allocation. The global level's {@code permitted()} is the sum of the client levels', read when
 * asked.
 *
 * <p>Not API: exported to the Redis module only. Thread-safe; fixed at construction.
 */
public final class HierarchyCounter implements HierarchyCounts {

  private final @Nullable LevelCounter global;
  private final LevelCounter client;
  private final Map<String, LevelCounter> routes;
  private final List<LevelCounts> levels;
  /** The client levels, whose permitted counts sum to the hierarchy's. */
  private final LevelCounter[] clientLevels;

  /**
   * Creates counters at zero for a hierarchy's levels.
   *
   * @param name the limiter's name, which prefixes the levels' names
   * @param global the global level's limits; empty for no global level
   * @param perClient the default per-client level's limits
   * @param routes each route override's limits, in the order to list them
   */
  public HierarchyCounter(
      String name, List<RateLimit> global, List<RateLimit> perClient, Map<String, List<RateLimit>> routes) {
    List<LevelCounts> all = new ArrayList<>();
    this.global = global.isEmpty() ? null : new LevelCounter(this, Level.GLOBAL, name + ".global", null, global);
    if (this.global != null) {
      all.add(this.global);
    }
    this.client = new LevelCounter(this, Level.CLIENT, name + ".client", null, perClient);
    all.add(client);
    List<LevelCounter> clients = new ArrayList<>();
    clients.add(client);
    Map<String, LevelCounter> byRoute = new LinkedHashMap<>();
    routes.forEach((route, limits) -> {
      LevelCounter level = new LevelCounter(this, Level.ROUTE, name + ".route." + route, route, limits);
      byRoute.put(route, level);
      clients.add(level);
      all.add(level);
    });
    this.routes = byRoute;
    this.levels = List.copyOf(all);
    this.clientLevels = clients.toArray(new LevelCounter[0]);
  }

  /**
   * Returns the global level's counter.
   *
   * @return the counter, or null when the hierarchy has no global level
   */
  public @Nullable LevelCounter global() {
    return global;
  }

  /**
   * Returns the default per-client level's counter.
   *
   * @return the counter
   */
  public LevelCounter client() {
    return client;
  }

  /**
   * Returns a route override's counter.
   *
   * @param route a route given at construction
   * @return the counter
   * @throws IllegalArgumentException if the route has no override
   */
  public LevelCounter route(String route) {
    LevelCounter level = routes.get(route);
    if (level == null) {
      throw new IllegalArgumentException("no override for route " + route);
    }
    return level;
  }

  @Override
  public List<LevelCounts> levels() {
    return levels;
  }

  @Override
  public long permitted() {
    long sum = 0;
    for (LevelCounter level : clientLevels) {
      sum += level.counts.permitted();
    }
    return sum;
  }

  @Override
  public long rejected() {
    long sum = 0;
    for (LevelCounts level : levels) {
      sum += level.rejected();
    }
    return sum;
  }

  @Override
  public String toString() {
    return "DecisionCounts[permitted=" + permitted() + ", rejected=" + rejected() + "]";
  }

  /** The counts of one level. Thread-safe; {@link #record} allocates nothing. */
  public static final class LevelCounter implements LevelCounts {

    private final HierarchyCounter owner;
    private final Level level;
    private final String name;
    private final Optional<String> route;
    private final List<RateLimit> limits;
    /** This level's own decisions: the counter every limiter shares. */
    private final DecisionCounter counts = new DecisionCounter();

    LevelCounter(HierarchyCounter owner, Level level, String name, @Nullable String route, List<RateLimit> limits) {
      this.owner = owner;
      this.level = level;
      this.name = name;
      this.route = Optional.ofNullable(route);
      this.limits = List.copyOf(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Counts one decision this level made: granted on a client level, or refused here.
     *
     * @param granted whether the request was granted (never so for the global level, which only
     *     refuses: a granted request counts on its client level)
     */
    public void record(boolean granted) {
      counts.record(granted);
    }

    @Override
    public Level level() {
      return level;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<String> route() {
      return route;
    }

    @Override
    public List<RateLimit> limits() {
      return limits;
    }

    @Override
    public long permitted() {
      return level == Level.GLOBAL ? owner.permitted() : counts.permitted();
    }

    @Override
    public long rejected() {
      return counts.rejected();
    }

    @Override
    public String toString() {
      return "LevelCounts[" + name + ", permitted=" + permitted() + ", rejected=" + rejected() + "]";
    }
  }
}
