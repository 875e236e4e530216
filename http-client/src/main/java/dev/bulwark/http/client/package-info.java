/**
 * A resilient {@link java.net.http.HttpClient}: {@link dev.bulwark.http.client.ResilientHttpClient}
 * sends each request through the pipeline of its host (retry, circuit breaker, rate limiter),
 * configured by an {@link dev.bulwark.http.client.HttpPolicy}. See {@code docs/http-client.md} for
 * the defaults, the idempotency rules and how {@code Retry-After} and {@code RateLimit} are read.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.http.client;

import org.jspecify.annotations.NullMarked;
