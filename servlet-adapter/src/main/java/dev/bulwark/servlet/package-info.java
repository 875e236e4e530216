/**
 * A Jakarta Servlet 6 filter over http-edge: {@link dev.bulwark.servlet.BulwarkFilter}.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.servlet;

import org.jspecify.annotations.NullMarked;
