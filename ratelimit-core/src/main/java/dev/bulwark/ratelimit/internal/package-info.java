/** Limiter algorithms and state cells; not part of the API. */
@NullMarked
package dev.bulwark.ratelimit.internal;

import org.jspecify.annotations.NullMarked;
