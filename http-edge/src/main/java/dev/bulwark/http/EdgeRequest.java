package dev.bulwark.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of an incoming HTTP request, implemented by an adapter over its framework's
 * request type (a servlet request, a Netty {@code HttpRequest}).
 *
 * <p>Views are thin: they return what the framework parsed, without interpretation. Parsing the
 * query string, resolving the client address behind proxies, matching routes and validating values
 * is the job of http-edge, so that every adapter behaves identically. A view is used by one thread
 * at a time, for the duration of one request.
 */
public interface EdgeRequest {

  /**
   * Returns the request method exactly as received, for example {@code "GET"}.
   *
   * @return the method token, never empty
   */
  String method();

  /**
   * Returns the request path as received on the request line: without the query string, still
   * percent-encoded, starting with {@code '/'} (an absolute-form or {@code *} target is passed
   * through unchanged).
   *
   * @return the raw path
   */
  String path();

  /**
   * Returns the raw query string after {@code '?'}, still percent-encoded, or {@code null} when
   * the request line has no {@code '?'}.
   *
   * @return the raw query, possibly empty, or {@code null}
   */
  @Nullable String rawQuery();

  /**
   * Returns the first value of a header, matching its name case-insensitively.
   *
   * @param name the header name
   * @return the first value, or {@code null} when the header is absent
   */
  @Nullable String header(String name);

  /**
   * Returns every value of a header in the order received, matching its name case-insensitively.
   * Values are returned as the framework delivers them (a comma-separated field line is one value).
   *
   * @param name the header name
   * @return the values, empty when the header is absent
   */
  List<String> headers(String name);

  /**
   * Returns the names of all headers present, each once, in the case the framework reports.
   *
   * @return the header names
   */
  List<String> headerNames();

  /**
   * Returns the IP address of the TCP peer as a literal (IPv4 dotted quad or IPv6 without
   * brackets or zone), without a port. Behind a proxy this is the proxy's address; see
   * {@code ClientIpResolver}.
   *
   * @return the peer IP literal
   */
  String peerAddress();

  /**
   * Returns whether the request arrived over TLS on this hop.
   *
   * @return {@code true} for HTTPS
   */
  boolean secure();

  /**
   * Returns the name of the user the application (or a layer in front of the edge) authenticated
   * for this request, such as a servlet request's {@code getUserPrincipal().getName()}; read by
   * {@link RateLimitKey#principal()}. The default returns {@code null}: the adapter knows no user.
   *
   * @return the principal's name, or {@code null} when the request is anonymous
   */
  default @Nullable String principal() {
    return null;
  }

  /**
   * Returns a request attribute the application set before the edge ran (a servlet request
   * attribute; in Netty a channel attribute of that name), as text; read by
   * {@link RateLimitKey#attribute(String)}. The default returns {@code null}.
   *
   * @param name the attribute's name
   * @return the attribute's {@code toString()}, or {@code null} when it is not set
   */
  default @Nullable String attribute(String name) {
    return null;
  }

  /**
   * Returns the {@code Content-Type} header value, or {@code null} when absent.
   *
   * @return the content type as sent
   */
  default @Nullable String contentType() {
    return header("Content-Type");
  }

  /**
   * Returns the declared body length in bytes from {@code Content-Length}, or {@code -1} when it is
   * unknown (absent, chunked, or not a valid non-negative number).
   *
   * @return the declared length, or {@code -1}
   */
  long contentLength();
}
