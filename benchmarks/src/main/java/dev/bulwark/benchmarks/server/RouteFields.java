package dev.bulwark.benchmarks.server;

/**
 * Every header field the Bulwark route of this benchmark adds to an answer, written out by hand:
 * the six of {@code SecurityHeaders.api()} ({@link ApiHeaders}) and the two rate-limit fields of
 * draft-ietf-httpapi-ratelimit-headers, with the values Bulwark sends while a client is far inside
 * its limit (as every client of the benchmark is). A server that sends these sends, byte for byte,
 * the header fields Bulwark's answers carry; {@code ServerSmokeTest} checks that against a running
 * Bulwark server.
 */
final class RouteFields {

  /** Names of the fields set, parallel to {@link #VALUES}: the security headers, then the rate limit's. */
  static final String[] NAMES = concat(ApiHeaders.NAMES, "RateLimit-Policy", "RateLimit");

  /** Values of the fields set, parallel to {@link #NAMES}. */
  static final String[] VALUES = concat(ApiHeaders.VALUES,
      quoted(BenchEdges.ROUTE_NAME) + ";q=" + BenchEdges.NEVER_REFUSING_PER_SECOND + ";w=1",
      quoted(BenchEdges.ROUTE_NAME) + ";r=" + (BenchEdges.NEVER_REFUSING_PER_SECOND - 1) + ";t=1");

  private RouteFields() {}

  private static String quoted(String name) {
    return '"' + name + '"';
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
