package dev.bulwark.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link DemoState} reports: its breakers, rate limiters and concurrency gauges.
 *
 * @param breakers circuit breakers
 * @param limiters rate limiters
 * @param gauges concurrency limiters
 */
public record StateSnapshot(List<BreakerView> breakers, List<LimiterView> limiters, List<GaugeView> gauges) {

  /** A snapshot of nothing. */
  public static final StateSnapshot EMPTY = new StateSnapshot(List.of(), List.of(), List.of());

  /**
   * Copies the lists.
   *
   * @param breakers circuit breakers
   * @param limiters rate limiters
   * @param gauges concurrency limiters
   * @throws NullPointerException if a list or an element is null
   */
  public StateSnapshot {
    breakers = List.copyOf(breakers);
    limiters = List.copyOf(limiters);
    gauges = List.copyOf(gauges);
  }

  /**
   * Returns this snapshot followed by another.
   *
   * @param other the other snapshot
   * @return a snapshot with both lists concatenated, this one's entries first
   */
  public StateSnapshot plus(StateSnapshot other) {
    return new StateSnapshot(
        concat(breakers, other.breakers), concat(limiters, other.limiters), concat(gauges, other.gauges));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
