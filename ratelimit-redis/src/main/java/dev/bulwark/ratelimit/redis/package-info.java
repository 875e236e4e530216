/**
 * Distributed rate and concurrency limits on Redis: {@link
 * dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter} and {@link
 * dev.bulwark.ratelimit.redis.RedisKeyedConcurrencyLimiter}.
 */
@NullMarked
package dev.bulwark.ratelimit.redis;

import org.jspecify.annotations.NullMarked;
