/**
 * The demo's built-in traffic scenario: several kinds of clients, each from its own loopback
 * address, drive a running demo for a number of seconds; the result is a table per route and per
 * client kind and the circuit breaker's transitions.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.examples.scenario;

import org.jspecify.annotations.NullMarked;
