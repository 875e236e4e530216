package dev.bulwark.ratelimit;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Several levels of limits decided as one: a limit per client (overridable per route) and a global
 * limit shared by everyone.
 *
 * <pre>{@code
 * HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
 *     .name("api")
 *     .global(RateLimit.perMinute(1000))
 *     .perClient(RateLimit.perMinute(100).withBurst(10))
 *     .route("chat", RateLimit.perMinute(20))
 *     .route("auth", RateLimit.of(5, Duration.ofMinutes(15)))
 *     .build();
 * if (!limiter.tryAcquire("chat", clientIp)) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A request on a route with an override is limited by that route's limit <em>per client</em>
 *       (one bucket per route and client: a client's chat quota is not spent by its searches), and
 *       by the global limit. The default per-client limit does not apply to it: the override
 *       replaces it.
 *   <li>A request on any other route (or an unknown route) is limited by the default per-client
 *       limit (one bucket per client, shared by all such routes) and by the global limit.
 *   <li>The client level is taken first, then the global level. When the global level refuses, the
 *       permits just taken from the client level are given back: a request is granted by both levels
 *       or consumes nothing. A client refused by its own limit never consumes global capacity.
 * </ul>
 *
 * <p>Memory per client level is bounded as in {@link KeyedRateLimiterBuilder}: idle keys are dropped
 * once full again, and each level holds at most the configured number of keys. Thread-safe; for a client
 * already tracked, {@link #tryAcquire(String, Object)} allocates nothing and takes no lock.
 *
 * @param <K> the client key type; must have value-based {@code equals} and {@code hashCode}
 */
public interface HierarchicalRateLimiter<K> {

  /** The levels of a hierarchical limiter, as named in a {@link Decision}. */
  enum Level {
    /** A route's override, counted per (route, client). */
    ROUTE,
    /** The default per-client limit, for routes without an override. */
    CLIENT,
    /** The global limit, shared by every client and route. */
    GLOBAL
  }

  /**
   * A decision and the level it describes: the level that refused, or when every level allowed, the
   * level with the fewest remaining permits (the client's level on a tie).
   *
   * @param level the level described
   * @param decision that level's decision; its {@link RateLimitDecision#allowed()} is the outcome
   */
  record Decision(Level level, RateLimitDecision decision) {

    /**
     * Validates the components.
     *
     * @param level the level described
     * @param decision that level's decision
     * @throws NullPointerException if a component is null
     */
    public Decision {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(decision, "decision");
    }

    /**
     * Returns whether the permits were granted by every level.
     *
     * @return the outcome
     */
    public boolean allowed() {
      return decision.allowed();
    }
  }

  /**
   * Takes one permit for {@code client} on {@code route} if every level allows it now.
   *
   * @param route the route name, matched exactly against the overrides
   * @param client the client key
   * @return whether the permit was granted
   * @throws NullPointerException if {@code route} or {@code client} is null
   */
  boolean tryAcquire(String route, K client);

  /**
   * Takes {@code permits} permits for {@code client} on {@code route} if every level allows them now.
   *
   * @param route the route name, matched exactly against the overrides
   * @param client the client key
   * @param permits how many, at least 1
   * @return whether they were granted; {@code false} at once if {@code permits} exceeds a burst
   * @throws NullPointerException if {@code route} or {@code client} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  boolean tryAcquire(String route, K client, int permits);

  /**
   * Takes {@code permits} permits as {@link #tryAcquire(String, Object, int)} does and tells which
   * level decided. Allocates the decision.
   *
   * @param route the route name, matched exactly against the overrides
   * @param client the client key
   * @param permits how many, at least 1
   * @return the decision
   * @throws NullPointerException if {@code route} or {@code client} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  Decision tryAcquireDecision(String route, K client, int permits);

  /**
   * Tells whether a decision waits on another process (a Redis round trip): if so, a thread that
   * must never block (an event loop) should ask {@link #tryAcquireDecisionAsync} instead of the synchronous
   * method. Constant for the limiter's life.
   *
   * @return {@code true} for a remote limiter; {@code false} (the default) for one deciding in
   *     memory, whose asynchronous method merely returns a completed stage
   */
  default boolean isRemote() {
    return false;
  }

  /**
   * Decides as {@link #tryAcquireDecision} does, without making the calling thread wait for another
   * process. The default decides at once on the calling thread and returns a completed stage; a
   * remote limiter ({@link #isRemote()}) completes the stage on one of its own threads when the
   * answer arrives. The stage never completes exceptionally for an unreachable backend: the
   * limiter's failure policy decides instead.
   *
   * @param route the route name, matched exactly against the overrides
   * @param client the client key
   * @param permits how many, at least 1
   * @return the decision to come
   * @throws NullPointerException if {@code route} or {@code client} is null
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  default CompletionStage<Decision> tryAcquireDecisionAsync(String route, K client, int permits) {
    return CompletableFuture.completedFuture(tryAcquireDecision(route, client, permits));
  }

  /**
   * Returns how many (client) and (route, client) keys are tracked, approximately, for metrics.
   *
   * @return the number of keys over all client levels
   */
  long trackedKeys();

  /**
   * Returns the limiter's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns this limiter's statistics view: its decision counts in total and per level, with each
   * level's limits (see {@link HierarchyCounts} for which decision counts on which level). Present
   * only if the limiter was built with {@code recordStats()} on its builder (each decision then
   * costs one more uncontended atomic increment, still no allocation); otherwise empty, and it never
   * becomes present. Every call returns the same instance.
   *
   * @return the live counts, or empty if the limiter was built without statistics (or this
   *     implementation keeps none)
   */
  default Optional<HierarchyCounts> stats() {
    return Optional.empty();
  }

  /**
   * Starts building a hierarchical limiter.
   *
   * @return a builder
   */
  static HierarchicalRateLimiterBuilder builder() {
    return new HierarchicalRateLimiterBuilder();
  }
}
