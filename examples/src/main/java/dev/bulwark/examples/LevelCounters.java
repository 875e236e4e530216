package dev.bulwark.examples;

import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the decisions of one hierarchical limiter per level, for {@code /api/state}: how many
 * requests each level let through and how many it refused. Levels are named as the in-memory
 * limiter names its events ({@code gateway.global}, {@code gateway.client},
 * {@code gateway.route.search}); as a {@link RateLimiterListener} it counts the events of the
 * in-memory limiter and of the Redis one alike. A permitted request is counted on its
 * client level (route or client) and, as passing the global level, in {@link #permitted()};
 * a refusal on the level that refused. Lock-free: the levels are fixed at construction.
 */
final class LevelCounters implements RateLimiterListener {

  /** The permitted and rejected counts of one level. */
  static final class Level {
    final LongAdder permitted = new LongAdder();
    final LongAdder rejected = new LongAdder();
  }

  private final Map<String, Level> levels;
  private final LongAdder permitted = new LongAdder();

  /** The name of a hierarchy's global level, as its events name it. */
  static String globalLevel(String name) {
    return name + ".global";
  }

  /** The name of a hierarchy's default per-client level. */
  static String clientLevel(String name) {
    return name + ".client";
  }

  /** The name of a hierarchy's level for one route's override. */
  static String routeLevel(String name, String route) {
    return name + ".route." + route;
  }

  /** Creates counters for the named levels, kept in the given order. */
  LevelCounters(List<String> names) {
    Map<String, Level> map = new LinkedHashMap<>();
    for (String name : names) {
      map.put(name, new Level());
    }
    this.levels = map;
  }

  @Override
  public void onEvent(RateLimiterEvent event) {
    if (event instanceof RateLimiterEvent.Permitted) {
      permitted(event.limiterName());
    } else {
      rejected(event.limiterName());
    }
  }

  /** Counts a request the client level {@code level} let through, as did the global level. */
  void permitted(String level) {
    Level l = levels.get(level);
    if (l != null) {
      l.permitted.increment();
    }
    permitted.increment();
  }

  /** Counts a request {@code level} refused. */
  void rejected(String level) {
    Level l = levels.get(level);
    if (l != null) {
      l.rejected.increment();
    }
  }

  /** Requests every level let through. */
  long permitted() {
    return permitted.sum();
  }

  /** The counts of each level, in construction order. */
  Map<String, Level> levels() {
    return levels;
  }
}
