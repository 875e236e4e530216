/**
 * The service-provider interface of limiter backends: a module that keeps limits outside the JVM
 * (such as {@code bulwark-ratelimit-redis}) implements
 * {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider} and declares it with
 * {@code provides} in its module descriptor and in {@code META-INF/services}, so that a
 * configuration loader finds it through {@link java.util.ServiceLoader} by name, without depending
 * on it.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.ratelimit.spi;

import org.jspecify.annotations.NullMarked;
