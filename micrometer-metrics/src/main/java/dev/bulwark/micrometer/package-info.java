/**
 * Micrometer binders for the Bulwark primitives.
 *
 * <pre>{@code
 * RateLimiterBinder.of(limiter).bindTo(meterRegistry);
 * CircuitBreakerRegistryBinder.of(breakers).bindTo(meterRegistry); // also breakers created later
 * RetryBinder.of(retry).withTags(Tags.of("service", "search")).bindTo(meterRegistry);
 * EdgeBinder.of(edge, edgeMetrics).bindTo(meterRegistry);           // an http-edge Edge, whole
 * }</pre>
 *
 * <p>Every binder is immutable, implements {@link io.micrometer.core.instrument.binder.MeterBinder}
 * (so Spring Boot binds it when declared as a bean), and may be bound to several registries, or
 * twice to one: meters are keyed by name and tags, and the counts live in the primitive, so a second
 * binding changes nothing. Meters read the primitive when the registry publishes; nothing runs per
 * call. {@link dev.bulwark.micrometer.MetricNames} lists every meter.
 */
@NullMarked
package dev.bulwark.micrometer;

import org.jspecify.annotations.NullMarked;
