package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statistics view of a {@link HierarchicalRateLimiter}: its decision counts in total and level
 * by level, with each level's limits. Obtained from {@link HierarchicalRateLimiter#stats()}, present
 * only when the limiter was built with {@code recordStats()}; the in-memory limiter and the Redis one
 * fill it alike, with one uncontended atomic increment per decision and no allocation.
 *
 * <h2>What is counted where</h2>
 * Each decision counts once, on one level, as the limiter's events name it:
 * <ul>
 *   <li>a granted request on the level that decided it for its client: its route's override
 *       ({@link HierarchicalRateLimiter.Level#ROUTE}) or the default per-client level
 *       ({@link HierarchicalRateLimiter.Level#CLIENT}); it passed the global level too, whose
 *       {@link LevelCounts#permitted()} is therefore every granted request;
 *   <li>a refused request on the level that refused it: the client's (route or default) level, or
 *       the global level when the client's level granted and the global one did not (the client's
 *       permit was not spent, so the client's level does not count it as permitted).
 * </ul>
 * So {@link #permitted()} is the sum of the client levels' {@code permitted()}, and
 * {@link #rejected()} the sum of every level's {@code rejected()}.
 *
 * <p>Counts are cumulative, from the limiter's build, and never reset. Reads are thread-safe and
 * lock-free; while decisions go on, counts are read one after the other, not as an atomic snapshot
 * (each is exact once the deciders are quiet).
 */
public interface HierarchyCounts extends DecisionCounts {

  /**
   * Returns the levels: the global level first if the limiter has one, then the default per-client
   * level, then one per route override, in the order the routes were given to the builder. Every
   * call returns the same list of the same live views.
   *
   * @return an immutable list of at least one level
   */
  List<LevelCounts> levels();

  /**
   * Returns the level of one name, as {@link LevelCounts#name()} gives it.
   *
   * @param name such as {@code api.global}, {@code api.client} or {@code api.route.chat}
   * @return the level, or empty if the limiter has no level of that name
   * @throws NullPointerException if {@code name} is null
   */
  default Optional<LevelCounts> level(String name) {
    Objects.requireNonNull(name, "name");
    for (LevelCounts level : levels()) {
      if (level.name().equals(name)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
