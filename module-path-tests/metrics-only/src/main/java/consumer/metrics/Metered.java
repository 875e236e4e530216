package consumer.metrics;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.micrometer.CircuitBreakerBinder;
import dev.bulwark.micrometer.CircuitBreakerRegistryBinder;
import dev.bulwark.micrometer.ConcurrencyLimiterBinder;
import dev.bulwark.micrometer.KeyedRateLimiterBinder;
import dev.bulwark.micrometer.RateLimiterBinder;
import dev.bulwark.micrometer.RetryBinder;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Primitives bound to a registry, as an application that only wants their meters does it: each is
 * built with {@code recordStats()}, since statistics are chosen when a primitive is built.
 */
public final class Metered {
  /** A limiter that permits 2 at once. */
  public final RateLimiter limiter = RateLimiter.builder(RateLimit.parse("2/minute")).name("search").recordStats().build();
  /** A keyed limiter. */
  public final KeyedRateLimiter<String> perIp =
      KeyedRateLimiter.builder(RateLimit.parse("2/minute")).name("per-ip").recordStats().build();
  /** A fixed concurrency limiter. */
  public final ConcurrencyLimiter concurrency = ConcurrencyLimiter.builder(4).name("db").build();
  /** A breaker. */
  public final CircuitBreaker breaker = CircuitBreaker.builder("llm").config(CircuitBreakerConfig.builder().build()).recordStats().build();
  /** A registry of breakers. */
  public final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.builder().recordStats().build();
  /** A retry. */
  public final Retry retry = Retry.builder().name("payments").recordStats().build();

  /** Binds every primitive above to {@code registry}. */
  public Metered bindTo(MeterRegistry registry) {
    RateLimiterBinder.of(limiter).bindTo(registry);
    KeyedRateLimiterBinder.of(perIp).bindTo(registry);
    ConcurrencyLimiterBinder.of(concurrency).bindTo(registry);
    CircuitBreakerBinder.of(breaker).bindTo(registry);
    CircuitBreakerRegistryBinder.of(breakers).bindTo(registry);
    RetryBinder.of(retry).bindTo(registry);
    return this;
  }
}
