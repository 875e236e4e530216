/**
 * Configuration of an {@link dev.bulwark.http.Edge} and of named outbound policies from a JSON or
 * YAML document.
 *
 * <p>{@link dev.bulwark.config.EdgeConfigLoader} reads the document strictly: every key must
 * be known, every value well-formed, and all problems are reported together in one
 * {@link dev.bulwark.config.ConfigException}, one line per problem naming the path and the
 * value. The result, a {@link dev.bulwark.config.LoadedConfig}, holds the built edge and the
 * retries, circuit breakers and timeouts that the application uses for its own outbound calls.
 * The keys are documented in {@code docs/config.md}.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.config;

import org.jspecify.annotations.NullMarked;
