/**
 * Rate and concurrency limiters.
 *
 * <p>Start with {@link dev.bulwark.ratelimit.RateLimiter#builder(RateLimit...)} for one limiter,
 * {@link dev.bulwark.ratelimit.KeyedRateLimiter} for one limiter per client, and
 * {@link dev.bulwark.ratelimit.ConcurrencyLimiter} to bound calls in flight.
 */
@NullMarked
package dev.bulwark.ratelimit;

import org.jspecify.annotations.NullMarked;
