package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Optional;

/**
 * The decision counts of one level of a {@link HierarchicalRateLimiter}, and its limits: a live,
 * read-only view from {@link HierarchyCounts#levels()}. See {@link HierarchyCounts} for which
 * decision counts on which level.
 *
 * <p>Thread-safe and lock-free; the counts are cumulative and never reset.
 */
public interface LevelCounts extends DecisionCounts {

  /**
   * Returns which kind of level this is.
   *
   * @return {@code GLOBAL}, {@code CLIENT} (the default per-client level) or {@code ROUTE}
   */
  HierarchicalRateLimiter.Level level();

  /**
   * Returns the level's name, as the limiter's events name its decisions: {@code <limiter>.global},
   * {@code <limiter>.client} or {@code <limiter>.route.<route>}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the route whose override this level is.
   *
   * @return the route name for a {@code ROUTE} level; empty for the others
   */
  Optional<String> route();

  /**
   * Returns the level's limits, in the order the builder was given them.
   *
   * @return an immutable list of at least one limit
   */
  List<RateLimit> limits();

  /**
   * Returns the requests this level let through and the hierarchy granted: for a client level, the
   * granted requests it decided; for the global level, every granted request.
   *
   * @return a count, at least 0
   */
  @Override
  long permitted();

  /**
   * Returns the requests this level refused.
   *
   * @return a count, at least 0
   */
  @Override
  long rejected();
}
