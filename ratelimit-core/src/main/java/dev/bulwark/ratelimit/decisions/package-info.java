/**
 * Not API: the decision path through which the HTTP edge ({@code dev.bulwark.http}, the only
 * module this package is exported to) reads a granted rate-limit decision without a
 * {@link dev.bulwark.ratelimit.RateLimitDecision} object per request.
 */
@NullMarked
package dev.bulwark.ratelimit.decisions;

import org.jspecify.annotations.NullMarked;
