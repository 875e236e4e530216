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
 */
record RouteGates(
    @Nullable KeyedRateLimiter<String> rateLimiter,
    @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter,
    @Nullable CircuitBreaker circuitBreaker) {}
