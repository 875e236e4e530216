package dev.bulwark.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * One rate-limit decision, as delivered to a {@link RateLimiterListener}.
 *
 * @param limiterName the limiter's name
 * @param key the key for keyed limiters, null for a single limiter
 * @param permits how many permits were asked for
 * @param permitted whether they were granted
 * @param retryAfterNanos when refused, nanoseconds until a retry can succeed; 0 when permitted
 */
public record RateLimiterEvent(
    String limiterName, @Nullable Object key, int permits, boolean permitted, long retryAfterNanos) {}
