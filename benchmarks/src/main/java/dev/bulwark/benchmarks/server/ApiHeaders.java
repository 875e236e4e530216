package dev.bulwark.benchmarks.server;

/**
 * The headers {@code SecurityHeaders.api()} writes on a plain-HTTP response, written out by hand
 * as a server without Bulwark would: six set (Strict-Transport-Security is sent on secure requests
 * only) and two removed. {@code ServerSmokeTest} checks they equal the profile's.
 */
final class ApiHeaders {

  /** Names of the headers set, parallel to {@link #VALUES}. */
  static final String[] NAMES = {
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Content-Security-Policy",
    "Cache-Control",
    "Cross-Origin-Resource-Policy",
  };

  /** Values of the headers set, parallel to {@link #NAMES}. */
  static final String[] VALUES = {
    "DENY",
    "nosniff",
    "no-referrer",
    "default-src 'none'; frame-ancestors 'none'",
    "no-store",
    "same-origin",
  };

  /** Names of the headers removed from every response. */
  static final String[] REMOVED = {"X-Powered-By", "Server"};

  private ApiHeaders() {}
}
