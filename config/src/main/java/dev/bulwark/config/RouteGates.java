package dev.bulwark.config;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import org.jspecify.annotations.Nullable;

/**
 * The live limiters and breaker the loader built for one route, kept so that the application can
 * report on them (metrics, a status page).
 *
 * @param rateLimiter the route's own rate limiter, or null (none, or a hierarchical one)
 * @param concurrencyLimiter the route's concurrency limiter, or null
 * @param circuitBreaker the route's circuit breaker, or null
 * @param rateSettings what the rate limiter was built from, for a reload to tell whether it may be
 *     kept; null when it may not (none, or not in memory)
 * @param concurrencySettings the same for the concurrency limiter
 * @param breakerSettings the same for the breaker (null when it came from a registry)
 */
record RouteGates(
    @Nullable KeyedRateLimiter<String> rateLimiter,
    @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter,
    @Nullable CircuitBreaker circuitBreaker,
    @Nullable Object rateSettings,
    @Nullable Object concurrencySettings,
    @Nullable Object breakerSettings) {}
