/**
 * Syntax checks and lookup tables behind {@code dev.bulwark.headers}. Not exported, not API.
 */
@NullMarked
package dev.bulwark.headers.internal;

import org.jspecify.annotations.NullMarked;
