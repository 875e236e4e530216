/**
 * The Netty 4.1 adapter of http-edge: {@link dev.bulwark.netty.BulwarkHandler}.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.netty;

import org.jspecify.annotations.NullMarked;
