package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds every breaker of a {@link CircuitBreakerRegistry}, those created so far and those it creates
 * later (through {@link CircuitBreakerRegistry#onEachBreaker}), each as {@link CircuitBreakerBinder}
 * does. A breaker created later is bound before the registry hands it out, so none of its calls go
 * uncounted. The registry must give its breakers statistics
 * ({@link CircuitBreakerRegistry.Builder#recordStats()}).
 *
 * <pre>{@code
 * CircuitBreakerRegistry breakers = CircuitBreakerRegistry.builder().recordStats().build();
 * CircuitBreakerRegistryBinder.of(breakers).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe. The registry keeps the binding (and so a reference to the meter
 * registry) for its lifetime.
 */
public final class CircuitBreakerRegistryBinder implements MeterBinder {

  private final CircuitBreakerRegistry breakers;
  private final Tags tags;

  private CircuitBreakerRegistryBinder(CircuitBreakerRegistry breakers, Tags tags) {
    this.breakers = breakers;
    this.tags = tags;
  }

  /**
   * Returns a binder for every breaker of {@code breakers}.
   *
   * @param breakers the breaker registry
   * @return a binder without extra tags
   * @throws NullPointerException if {@code breakers} is null
   * @throws IllegalArgumentException if the registry's breakers keep no statistics
   */
  public static CircuitBreakerRegistryBinder of(CircuitBreakerRegistry breakers) {
    if (!Objects.requireNonNull(breakers, "breakers").recordsStats()) {
      throw new IllegalArgumentException(
          "the circuit breaker registry keeps no statistics: build it with recordStats() to bind its meters");
    }
    return new CircuitBreakerRegistryBinder(Objects.requireNonNull(breakers, "breakers"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter of every breaker.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public CircuitBreakerRegistryBinder withTags(Iterable<Tag> tags) {
    return new CircuitBreakerRegistryBinder(breakers, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    breakers.onEachBreaker(breaker -> BreakerMeters.bind(registry, breaker, tags));
  }
}
