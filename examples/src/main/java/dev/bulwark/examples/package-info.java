/**
 * The Bulwark demo gateway: a small, framework-neutral HTTP application ({@link
 * dev.bulwark.examples.DemoApp}) with a simulated LLM upstream behind a real Bulwark pipeline, a
 * live dashboard, and the command line ({@link dev.bulwark.examples.DemoMain}) that serves it and
 * drives the {@linkplain dev.bulwark.examples.scenario traffic scenario} against it.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.examples;

import org.jspecify.annotations.NullMarked;
