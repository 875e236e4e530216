/**
 * The circuit breaker: states, trip strategies, configuration, registry and events.
 *
 * <p>Start with {@link dev.bulwark.circuitbreaker.CircuitBreaker}. Everything in this package is
 * null-marked: parameters and return values are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.circuitbreaker;

import org.jspecify.annotations.NullMarked;
