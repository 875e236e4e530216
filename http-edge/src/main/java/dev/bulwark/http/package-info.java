/**
 * Framework-neutral HTTP protection.
 *
 * <p>Adapters implement {@link dev.bulwark.http.EdgeRequest} and {@link dev.bulwark.http.EdgeResponse}
 * over their framework's types; everything else (which gates run for which route, client-IP
 * resolution, status codes, headers and bodies) is decided here so that every adapter behaves the
 * same.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.http;

import org.jspecify.annotations.NullMarked;
