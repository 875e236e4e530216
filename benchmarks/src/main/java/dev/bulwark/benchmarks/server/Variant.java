package dev.bulwark.benchmarks.server;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a benchmark server puts in front of {@code GET /api/hello}; see {@code server-bench.sh} and
 * the "Whole-server cost (#24)" section of benchmarks/RESULTS.md.
 */
public enum Variant {
  /** Nothing: the application alone. */
  BARE,
  /**
   * The six headers of {@code SecurityHeaders.api()} set by hand ({@link ApiHeaders}), no
   * decision and no rate-limit fields: the headers-only server of the sessions before the eighth.
   */
  SECURITY,
  /**
   * Every field the Bulwark route adds, set by hand through the server's ordinary API
   * ({@link RouteFields}: the six security headers and the two rate-limit fields, with Bulwark's
   * values), no decision: the headers-only server, whose answers carry the same header
   * bytes as Bulwark's.
   */
  HEADERS,
  /**
   * The same fields as {@link #HEADERS} in the cheapest way the server offers (built and validated
   * once, copied per response), no decision: the floor under any server that sends them.
   */
  PREENCODED,
  /**
   * One Bulwark route: per-IP rate limit that never refuses, {@code InputPolicy.forQueries()},
   * the {@code api} security headers and a default circuit breaker.
   */
  BULWARK,
  /** The same route with the {@code strict} profile and a per-response CSP nonce for scripts. */
  STRICT,
  /** A Bulwark route with the per-IP rate limit only, security headers off. */
  RATELIMIT,
  /**
   * A hand-written per-IP Bucket4j + Caffeine rate limit, never refusing: a servlet filter on
   * Jetty ({@link Bucket4jFilter}), a channel handler on Netty ({@link Bucket4jHandler}).
   */
  BUCKET4J;

  /**
   * Returns the variant named by a command-line argument.
   *
   * @param name the name, any case, such as {@code "bulwark"}
   * @return the variant
   * @throws IllegalArgumentException if no variant has that name (the message lists them)
   */
  public static Variant parse(String name) {
    for (Variant v : values()) {
      if (v.name().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown variant '" + name + "'; expected one of "
        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the lower-case name used on the command line and in results.
   *
   * @return the name
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
