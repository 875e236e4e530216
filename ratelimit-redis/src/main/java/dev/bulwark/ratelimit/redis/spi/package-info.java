/**
 * The Redis limiter backend as a {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider} named
 * {@code redis}, found through {@link java.util.ServiceLoader}. Not exported: it is reached only
 * through the service interface.
 */
@NullMarked
package dev.bulwark.ratelimit.redis.spi;

import org.jspecify.annotations.NullMarked;
