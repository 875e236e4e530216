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
 * <p>The binder is a client of the breaker's one {@linkplain CircuitBreaker#stats() statistics view}:
 * build the breaker with {@link CircuitBreaker.Builder#recordStats()} (one more uncontended atomic
 * increment per call, no allocation). Durations are those the breaker measures (slow-call tracking,
 * a call listener, the manual form); build it with
 * {@code recordStats(CircuitBreakerStats.Timing.EVERY_CALL)} to time every call, at the cost of two
 * clock reads per call. A transition series exists for every (from, to) pair a breaker can make,
 * at 0 until it happens.
 *
 * <pre>{@code
 * CircuitBreaker llm = CircuitBreaker.builder("llm").config(config).recordStats().build();
 * CircuitBreakerBinder.of(llm).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CircuitBreakerBinder implements MeterBinder {

  private final CircuitBreaker breaker;
  private final Tags tags;

  private CircuitBreakerBinder(CircuitBreaker breaker, Tags tags) {
    this.breaker = breaker;
    this.tags = tags;
  }

  /**
   * Returns a binder for {@code breaker}.
   *
   * @param breaker the breaker
   * @return a binder without extra tags
   * @throws NullPointerException if {@code breaker} is null
   * @throws IllegalArgumentException if the breaker was built without
   *     {@link CircuitBreaker.Builder#recordStats()}
   */
  public static CircuitBreakerBinder of(CircuitBreaker breaker) {
    BreakerMeters.stats(Objects.requireNonNull(breaker, "breaker"));
    return new CircuitBreakerBinder(breaker, Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public CircuitBreakerBinder withTags(Iterable<Tag> tags) {
    return new CircuitBreakerBinder(breaker, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    BreakerMeters.bind(Objects.requireNonNull(registry, "registry"), breaker, tags);
  }
}
