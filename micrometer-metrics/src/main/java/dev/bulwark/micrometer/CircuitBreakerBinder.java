package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds one {@link CircuitBreaker}: {@value MetricNames#CIRCUITBREAKER_STATE}{@code {name, state}}
 * (one-hot), {@value MetricNames#CIRCUITBREAKER_CALLS}{@code {name, outcome}},
 * {@value MetricNames#CIRCUITBREAKER_CALL_DURATION}{@code {name, outcome}} and
 * {@value MetricNames#CIRCUITBREAKER_TRANSITIONS}{@code {name, from, to}}. To bind every breaker of a
 * registry, including later ones, use {@link CircuitBreakerRegistryBinder}.
 *
 * <p>Binding starts the breaker's {@linkplain CircuitBreaker#countCalls() counts}: one more
 * uncontended atomic increment per call, no allocation. Durations are those the breaker measures
 * anyway (slow-call tracking, a listener, the manual form); {@link #timingEveryCall()} makes it time
 * every call, at the cost of two clock reads per call.
 *
 * <p>Immutable and thread-safe.
 */
public final class CircuitBreakerBinder implements MeterBinder {

  private final CircuitBreaker breaker;
  private final Tags tags;
  private final boolean timeEveryCall;

  private CircuitBreakerBinder(CircuitBreaker breaker, Tags tags, boolean timeEveryCall) {
    this.breaker = breaker;
    this.tags = tags;
    this.timeEveryCall = timeEveryCall;
  }

  /**
   * Returns a binder for {@code breaker}.
   *
   * @param breaker the breaker
   * @return a binder without extra tags, timing only what the breaker times anyway
   * @throws NullPointerException if {@code breaker} is null
   */
  public static CircuitBreakerBinder of(CircuitBreaker breaker) {
    return new CircuitBreakerBinder(Objects.requireNonNull(breaker, "breaker"), Tags.empty(), false);
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public CircuitBreakerBinder withTags(Iterable<Tag> tags) {
    return new CircuitBreakerBinder(breaker, Meters.extra(this.tags, tags), timeEveryCall);
  }

  /**
   * Returns a binder that makes the breaker {@linkplain CircuitBreaker#timeEveryCall() time every
   * call} when bound, so that {@value MetricNames#CIRCUITBREAKER_CALL_DURATION} covers every call.
   *
   * @return a new binder
   */
  public CircuitBreakerBinder timingEveryCall() {
    return new CircuitBreakerBinder(breaker, tags, true);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    BreakerMeters.bind(Objects.requireNonNull(registry, "registry"), breaker, tags, timeEveryCall);
  }
}
