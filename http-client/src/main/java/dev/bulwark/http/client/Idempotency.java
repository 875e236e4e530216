package dev.bulwark.http.client;

import java.net.http.HttpRequest;

/**
 * Which requests may be repeated (RFC 9110, section 9.2.2): GET, HEAD, OPTIONS, TRACE, PUT and
 * DELETE are idempotent; any other method is not, unless the request carries an
 * {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header), by which the caller
 * and the server agree that a repeat is recognised and not applied twice. Stateless.
 */
final class Idempotency {

  /** The header that makes a non-idempotent request safe to repeat. */
  static final String KEY_HEADER = "Idempotency-Key";

  private Idempotency() {}

  /** True if the request may be sent again after an uncertain outcome. */
  static boolean isIdempotent(HttpRequest request) {
    switch (request.method()) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
      case "TRACE":
      case "PUT":
      case "DELETE":
        return true;
      default:
        return request.headers().firstValue(KEY_HEADER).isPresent();
    }
  }
}
