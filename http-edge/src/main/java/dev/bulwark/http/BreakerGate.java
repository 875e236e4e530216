package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker that guards a route's handler, one immutable value given to
 * {@link RouteBuilder#circuitBreaker(BreakerGate)}: a ready-made breaker ({@link #of(CircuitBreaker)})
 * or a configuration the edge builds one from ({@link #of(CircuitBreakerConfig)}). Thread-safe.
 */
public final class BreakerGate {

  final @Nullable CircuitBreaker breaker;
  final @Nullable CircuitBreakerConfig config;

  private BreakerGate(@Nullable CircuitBreaker breaker, @Nullable CircuitBreakerConfig config) {
    this.breaker = breaker;
    this.config = config;
  }

  /**
   * Guards the handler with a ready-made circuit breaker, which may be shared with other routes.
   * Build it on the edge's ticker: the edge measures call durations with its own.
   *
   * @param breaker the breaker
   * @return the gate
   */
  public static BreakerGate of(CircuitBreaker breaker) {
    return new BreakerGate(Objects.requireNonNull(breaker, "breaker"), null);
  }

  /**
   * Guards the handler with a circuit breaker that the edge builds from this configuration, named
   * after the route and running on the edge's ticker.
   *
   * @param config the configuration
   * @return the gate
   */
  public static BreakerGate of(CircuitBreakerConfig config) {
    return new BreakerGate(null, Objects.requireNonNull(config, "config"));
  }

  /** Returns the breaker or the configuration, as a description. */
  @Override
  public String toString() {
    return String.valueOf(breaker != null ? breaker : config);
  }
}
