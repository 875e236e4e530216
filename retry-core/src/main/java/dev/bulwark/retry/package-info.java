/**
 * Retrying calls without causing retry storms, and bounding them in time.
 *
 * <ul>
 *   <li>{@link dev.bulwark.retry.Retry}: attempts, total duration, backoff, what to retry, abort
 *       rules, Retry-After hints, a shared {@link dev.bulwark.retry.RetryBudget}; sync and async.
 *   <li>{@link dev.bulwark.retry.RetryBudget}: gRPC-style token bucket or Finagle-style percentage of
 *       requests, shared by many retries, so that an outage does not multiply the load.
 *   <li>{@link dev.bulwark.retry.RetryAfterHeader}: parses an HTTP {@code Retry-After} value.
 *   <li>{@link dev.bulwark.retry.Timeout}: bounds a call, or a whole pipeline when outermost.
 *   <li>{@link dev.bulwark.retry.Hedge}: starts further attempts of a slow call after a fixed or
 *       percentile {@link dev.bulwark.retry.HedgeDelay}; the first success wins.
 * </ul>
 *
 * <p>The recommended pipeline is {@code Pipeline.of(timeout, retry, breaker, limiter)}: the timeout
 * bounds everything including the sleeps between attempts, every attempt passes the breaker, and the
 * limiter innermost counts every attempt.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.retry;

import org.jspecify.annotations.NullMarked;
