/**
 * Small, runnable usage examples: each primitive on its own, a pipeline around an HTTP client call,
 * a reconnect loop, a servlet application behind the edge, and an edge configured from YAML.
 *
 * <p>Each class has a {@code main} and a static method that its test calls with a
 * {@link dev.bulwark.core.ManualTicker} (and, where something waits, the ticker's sleeper), so the
 * examples run instantly, assert exact values, and cannot rot. In production code, leave the
 * {@code ticker(...)} and {@code sleeper(...)} settings out: the system clock is the default.
 *
 * <p>Run one from the shaded demo jar:
 * <pre>{@code
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp examples/target/bulwark-demo.jar dev.bulwark.examples.usage.RateLimiterExample
 * }</pre>
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.examples.usage;

import org.jspecify.annotations.NullMarked;
