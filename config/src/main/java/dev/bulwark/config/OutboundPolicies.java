package dev.bulwark.config;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The built policies of one {@code outbound} entry.
 *
 * @param settings the entry as read, to start new retry builders
 * @param timeout the timeout, or null
 * @param retry the retry, or null
 * @param circuitBreaker the breaker, or null
 * @param pipeline the present policies in the order timeout, retry, breaker
 */
record OutboundPolicies(
    OutboundSection settings,
    @Nullable Timeout timeout,
    @Nullable Retry retry,
    @Nullable CircuitBreaker circuitBreaker,
    Pipeline pipeline) {}
