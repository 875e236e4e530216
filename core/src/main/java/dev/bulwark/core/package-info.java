/**
 * Time, sleeping, backoff and policy composition shared by all Bulwark modules, and
 * {@link dev.bulwark.core.Fallback}, the policy that substitutes a result for a failure.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.core;

import org.jspecify.annotations.NullMarked;
