/**
 * Helpers shared by the Bulwark modules. <strong>Not API</strong>: this package is exported only to
 * the Bulwark modules ({@code exports ... to} in {@code module-info.java}), it may change in any
 * release without notice, and application code must not use it (on the class path nothing stops
 * you, but nothing here is promised either).
 *
 * <p>It holds what several modules would otherwise copy: the set-once checks of builders
 * ({@link dev.bulwark.core.internal.Preconditions}), saturating {@link java.time.Duration}
 * arithmetic ({@link dev.bulwark.core.internal.Durations}), the RFC 9110 token grammar
 * ({@link dev.bulwark.core.internal.HttpTokens}), the ASCII character classes of RFC 5234
 * ({@link dev.bulwark.core.internal.AsciiChars}), percent and form decoding
 * ({@link dev.bulwark.core.internal.PercentEscapes}), listener fan-out
 * ({@link dev.bulwark.core.internal.FanOut}), a permitted/rejected tally
 * ({@link dev.bulwark.core.internal.DecisionCounter}) and strict IPv4/IPv6 literal parsing
 * ({@link dev.bulwark.core.internal.IpLiterals}).
 *
 * <p>Everything in this package is null-marked.
 */
@NullMarked
package dev.bulwark.core.internal;

import org.jspecify.annotations.NullMarked;
