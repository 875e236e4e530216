/**
 * Response security headers, Content-Security-Policy and CORS, framework-neutral.
 *
 * <ul>
 *   <li>{@link dev.bulwark.headers.SecurityHeaders}: the headers for one response, from a profile
 *       ({@code strict()}, {@code api()}, {@code legacy()}) or a builder;
 *   <li>{@link dev.bulwark.headers.ContentSecurityPolicy}: a validated CSP Level 3 policy with
 *       per-request nonces and script hashes;
 *   <li>{@link dev.bulwark.headers.CorsPolicy}: origin matching on parsed (scheme, host, port)
 *       tuples, preflight and actual-request decisions.
 * </ul>
 *
 * <p>Every object is built once, validated eagerly, and then immutable and thread-safe. The
 * per-request methods return precomputed values; a CSP nonce is the only per-request work.
 *
 * <p>Everything in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.bulwark.headers;

import org.jspecify.annotations.NullMarked;
