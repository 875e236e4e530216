/**
 * Input validation and injection detection for untrusted text.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}. Every public type is immutable and thread-safe unless its
 * documentation says otherwise.
 */
@NullMarked
package dev.bulwark.validation;

import org.jspecify.annotations.NullMarked;
