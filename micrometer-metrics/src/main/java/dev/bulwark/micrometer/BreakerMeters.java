package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CallOutcome;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerStats;
import dev.bulwark.circuitbreaker.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one breaker, shared by {@link CircuitBreakerBinder} and
 * {@link CircuitBreakerRegistryBinder}.
 *
 * <p>Everything is read from the breaker when the registry publishes: the state, and the
 * {@link CircuitBreakerStats} it keeps (it must have been built with
 * {@link CircuitBreaker.Builder#recordStats()}). A transition counter is registered up front for
 * every (from, to) pair a breaker can make, so a series exists at 0 before its first transition; the
 * count itself lives in the breaker, so binding twice never counts twice.
 */
final class BreakerMeters {

  /** The transitions a breaker can make: the automatic ones, and reset, disable, forceOpen from anywhere. */
  static final List<Map.Entry<CircuitState, CircuitState>> PAIRS = pairs();

  private BreakerMeters() {}

  private static List<Map.Entry<CircuitState, CircuitState>> pairs() {
    List<Map.Entry<CircuitState, CircuitState>> pairs = new ArrayList<>();
    pairs.add(Map.entry(CircuitState.CLOSED, CircuitState.OPEN));
    pairs.add(Map.entry(CircuitState.OPEN, CircuitState.HALF_OPEN));
    pairs.add(Map.entry(CircuitState.HALF_OPEN, CircuitState.OPEN));
    for (CircuitState from : CircuitState.values()) {
      for (CircuitState to : List.of(CircuitState.CLOSED, CircuitState.FORCED_OPEN, CircuitState.DISABLED)) {
        pairs.add(Map.entry(from, to));
      }
    }
    return List.copyOf(pairs);
  }

  /**
   * Returns the breaker's statistics view.
   *
   * @throws IllegalArgumentException if the breaker keeps none
   */
  static CircuitBreakerStats stats(CircuitBreaker breaker) {
    return breaker
        .stats()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "circuit breaker '"
                        + breaker.name()
                        + "' keeps no statistics: build it with recordStats() to bind its meters"));
  }

  /**
   * Registers the breaker's meters.
   *
   * @return the meters registered
   * @throws IllegalArgumentException if the breaker keeps no statistics (nothing is registered)
   */
  static List<Meter> bind(MeterRegistry registry, CircuitBreaker breaker, Tags extra) {
    CircuitBreakerStats counts = stats(breaker);
    Tags base = Meters.base(breaker.name(), extra);
    List<Meter> meters = new ArrayList<>();
    for (CircuitState state : CircuitState.values()) {
      meters.add(Gauge.builder(MetricNames.CIRCUITBREAKER_STATE, breaker, b -> b.state() == state ? 1 : 0)
          .description("1 for the circuit breaker's current state, 0 for the others")
          .tags(base)
          .tag(MetricNames.STATE, Meters.value(state))
          .register(registry));
    }
    for (CallOutcome outcome : CallOutcome.values()) {
      meters.add(FunctionCounter.builder(MetricNames.CIRCUITBREAKER_CALLS, counts, c -> c.count(outcome))
          .description("Calls guarded by a circuit breaker, by outcome")
          .tags(base)
          .tag(MetricNames.OUTCOME, Meters.value(outcome))
          .register(registry));
      if (outcome != CallOutcome.REJECTED) {
        meters.add(FunctionTimer.builder(
                MetricNames.CIRCUITBREAKER_CALL_DURATION,
                counts,
                c -> c.timedCount(outcome),
                c -> c.totalDurationNanos(outcome),
                TimeUnit.NANOSECONDS)
            .description("Durations of the calls a circuit breaker timed, by outcome")
            .tags(base)
            .tag(MetricNames.OUTCOME, Meters.value(outcome))
            .register(registry));
      }
    }
    for (Map.Entry<CircuitState, CircuitState> pair : PAIRS) {
      CircuitState from = pair.getKey();
      CircuitState to = pair.getValue();
      meters.add(FunctionCounter.builder(MetricNames.CIRCUITBREAKER_TRANSITIONS, counts, c -> c.transitions(from, to))
          .description("State transitions of a circuit breaker")
          .tags(base)
          .tag(MetricNames.FROM, Meters.value(from))
          .tag(MetricNames.TO, Meters.value(to))
          .register(registry));
    }
    return meters;
  }
}
