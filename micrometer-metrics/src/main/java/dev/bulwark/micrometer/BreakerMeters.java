package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CallOutcome;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerCounts;
import dev.bulwark.circuitbreaker.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one breaker, shared by {@link CircuitBreakerBinder} and
 * {@link CircuitBreakerRegistryBinder}.
 *
 * <p>Everything is read from the breaker when the registry publishes: the state, and the
 * {@link CircuitBreakerCounts} it keeps. Transition counters are registered per (from, to) pair the
 * first time the pair occurs, by a transition listener (so no series exists for a transition that
 * never happened); the count itself lives in the breaker, so binding twice never counts twice.
 */
final class BreakerMeters {

  private BreakerMeters() {}

  static void bind(MeterRegistry registry, CircuitBreaker breaker, Tags extra, boolean timeEveryCall) {
    Tags base = Meters.base(breaker.name(), extra);
    CircuitBreakerCounts counts = breaker.countCalls();
    if (timeEveryCall) {
      breaker.timeEveryCall();
    }
    for (CircuitState state : CircuitState.values()) {
      Gauge.builder(MetricNames.CIRCUITBREAKER_STATE, breaker, b -> b.state() == state ? 1 : 0)
          .description("1 for the circuit breaker's current state, 0 for the others")
          .tags(base)
          .tag(MetricNames.STATE, Meters.value(state))
          .register(registry);
    }
    for (CallOutcome outcome : CallOutcome.values()) {
      FunctionCounter.builder(MetricNames.CIRCUITBREAKER_CALLS, counts, c -> c.count(outcome))
          .description("Calls guarded by a circuit breaker, by outcome")
          .tags(base)
          .tag(MetricNames.OUTCOME, Meters.value(outcome))
          .register(registry);
      if (outcome != CallOutcome.REJECTED) {
        FunctionTimer.builder(
                MetricNames.CIRCUITBREAKER_CALL_DURATION,
                counts,
                c -> c.timedCount(outcome),
                c -> c.totalDurationNanos(outcome),
                TimeUnit.NANOSECONDS)
            .description("Durations of the calls a circuit breaker timed, by outcome")
            .tags(base)
            .tag(MetricNames.OUTCOME, Meters.value(outcome))
            .register(registry);
      }
    }
    for (CircuitState from : CircuitState.values()) {
      for (CircuitState to : CircuitState.values()) {
        if (counts.transitions(from, to) > 0) {
          transitions(registry, counts, base, from, to);
        }
      }
    }
    breaker.addTransitionListener(t -> transitions(registry, counts, base, t.from(), t.to()));
  }

  /** Registers the counter of one pair; a no-op when it exists. */
  private static void transitions(
      MeterRegistry registry, CircuitBreakerCounts counts, Tags base, CircuitState from, CircuitState to) {
    FunctionCounter.builder(MetricNames.CIRCUITBREAKER_TRANSITIONS, counts, c -> c.transitions(from, to))
        .description("State transitions of a circuit breaker")
        .tags(base)
        .tag(MetricNames.FROM, Meters.value(from))
        .tag(MetricNames.TO, Meters.value(to))
        .register(registry);
  }
}
