package dev.bulwark.ratelimit;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.internal.Bucket;
import dev.bulwark.ratelimit.internal.BucketCache;
import dev.bulwark.ratelimit.internal.Buckets;
import dev.bulwark.ratelimit.internal.HierarchyCounter;
import dev.bulwark.ratelimit.internal.HierarchyCounter.LevelCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HierarchicalRateLimiter}: a {@link BucketCache} per client level (the default one and one
 * per route override) and a single global bucket.
 *
 * <h2>How it works, and why</h2>
 * A (route, client) pair is never materialised as a key object: each route override has its own
 * cache keyed by the client alone, found by a lookup of the route name in an immutable map. So a
 * decision for a tracked client allocates nothing. The client level goes first because it is the
 * level that refuses most often (one abusive client), and refusing there leaves the shared global
 * bucket untouched. When the global bucket then refuses, {@link Bucket#refund} undoes the client
 * level's grant at the same {@code now}, so the pair is all-or-nothing; between the two steps another
 * request of the same client may see the client bucket one grant lower (it is refused at worst
 * slightly early, never admitted beyond a limit). The refund is exact except in one race, described
 * on {@code GcraBucket.refund} for the token bucket: a concurrent request of the same client whose clock
 * reading is more than a full refill later slips in between take and refund; that client then gets
 * back up to {@code permits} more than it should. Peeking at the global bucket first would narrow
 * the race further but costs a read on every decision, for a gain no test can observe.
 *
 * @param <K> the client key type
 */
final class DefaultHierarchicalRateLimiter<K> implements HierarchicalRateLimiter<K> {

  private final String name;
  private final Ticker ticker;
  private final @Nullable Bucket global;
  private final String globalEventName;
  private final ClientLevel<K> perClient;
  private final Map<String, ClientLevel<K>> routes;
  private final @Nullable LevelCounter globalCounter;
  private final @Nullable RateLimiterListener listener;
  private final Optional<HierarchyCounts> stats;

  DefaultHierarchicalRateLimiter(
      String name,
      @Nullable List<RateLimit> global,
      List<RateLimit> perClient,
      Map<String, List<RateLimit>> routes,
      RateLimitAlgorithm algorithm,
      Ticker ticker,
      long maximumKeys,
      @Nullable RateLimiterListener listener,
      boolean recordStats) {
    this.name = name;
    this.ticker = ticker;
    this.listener = listener;
    HierarchyCounter counter =
        recordStats ? new HierarchyCounter(name, global == null ? List.of() : global, perClient, routes) : null;
    this.stats = Optional.ofNullable(counter);
    this.globalCounter = counter == null ? null : counter.global();
    this.global = global == null ? null : Buckets.create(global, algorithm, ticker.read());
    this.globalEventName = name + ".global";
    this.perClient =
        new ClientLevel<>(
            Level.CLIENT,
            name + ".client",
            new BucketCache<>(perClient, algorithm, ticker, maximumKeys),
            counter == null ? null : counter.client());
    Map<String, ClientLevel<K>> byRoute = new HashMap<>();
    routes.forEach(
        (route, limits) ->
            byRoute.put(
                route,
                new ClientLevel<>(
                    Level.ROUTE,
                    name + ".route." + route,
                    new BucketCache<>(limits, algorithm, ticker, maximumKeys),
                    counter == null ? null : counter.route(route))));
    this.routes = Map.copyOf(byRoute);
  }

  /** One client level: its cache of buckets, how decisions on it are named, and their counts. */
  private static final class ClientLevel<K> {
    final Level level;
    final String eventName;
    final BucketCache<K> buckets;
    final @Nullable LevelCounter counter;

    ClientLevel(Level level, String eventName, BucketCache<K> buckets, @Nullable LevelCounter counter) {
      this.level = level;
      this.eventName = eventName;
      this.buckets = buckets;
      this.counter = counter;
    }
  }

  @Override
  public boolean tryAcquire(String route, K client) {
    return decide(route, client, 1);
  }

  @Override
  public boolean tryAcquire(String route, K client, int permits) {
    return decide(route, client, DefaultRateLimiter.requirePermits(permits));
  }

  private boolean decide(String route, K client, int permits) {
    ClientLevel<K> level = level(route);
    Objects.requireNonNull(client, "client");
    long now = ticker.read();
    Bucket first = level.buckets.find(client, now);
    if (first == null) {
      first = level.buckets.findOrCreate(client);
      now = ticker.read();
    }
    long wait = first.tryAcquire(now, permits);
    if (wait != 0) {
      notify(level.eventName, level.counter, client, permits, wait);
      return false;
    }
    Bucket g = global;
    if (g != null) {
      wait = g.tryAcquire(now, permits);
      if (wait != 0) {
        first.refund(now, permits);
        notify(globalEventName, globalCounter, client, permits, wait);
        return false;
      }
    }
    notify(level.eventName, level.counter, client, permits, 0);
    return true;
  }

  @Override
  public Decision tryAcquireDecision(String route, K client, int permits) {
    ClientLevel<K> level = level(route);
    Objects.requireNonNull(client, "client");
    DefaultRateLimiter.requirePermits(permits);
    long now = ticker.read();
    Bucket first = level.buckets.find(client, now);
    if (first == null) {
      first = level.buckets.findOrCreate(client);
      now = ticker.read();
    }
    RateLimitDecision own = first.tryAcquireDecision(now, permits);
    Bucket g = global;
    if (!own.allowed() || g == null) {
      notify(level.eventName, level.counter, client, permits, own.retryAfterNanos());
      return new Decision(level.level, own);
    }
    RateLimitDecision shared = g.tryAcquireDecision(now, permits);
    if (!shared.allowed()) {
      first.refund(now, permits);
      notify(globalEventName, globalCounter, client, permits, shared.retryAfterNanos());
      return new Decision(Level.GLOBAL, shared);
    }
    notify(level.eventName, level.counter, client, permits, 0);
    return shared.remaining() < own.remaining()
        ? new Decision(Level.GLOBAL, shared)
        : new Decision(level.level, own);
  }

  private ClientLevel<K> level(String route) {
    ClientLevel<K> level = routes.get(Objects.requireNonNull(route, "route"));
    return level != null ? level : perClient;
  }

  /**
   * Reports one decision to the listener and to the counter of the level it names (null without
   * statistics): each decision calls this exactly once.
   */
  private void notify(String eventName, @Nullable LevelCounter counter, K client, int permits, long wait) {
    RateLimiterListener l = listener;
    if (l != null) {
      Listeners.notify(l, eventName, client, permits, wait);
    }
    if (counter != null) {
      counter.record(wait == 0);
    }
  }

  @Override
  public long trackedKeys() {
    long total = perClient.buckets.size();
    for (ClientLevel<K> level : routes.values()) {
      total += level.buckets.size();
    }
    return total;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<HierarchyCounts> stats() {
    return stats;
  }

  @Override
  public String toString() {
    return "HierarchicalRateLimiter[" + name + ", routes " + routes.keySet() + "]";
  }
}
