package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import java.util.List;

/**
 * A write view of an HTTP response's headers, implemented by an adapter over its framework's
 * response type. http-edge writes security, CORS and rate-limit headers through it before the
 * response is committed.
 *
 * <p>A view is used by one thread at a time, for the duration of one request.
 *
 * <h2>Constant lists</h2>
 * The edge writes what is the same on every response of a route (its security headers without a
 * CSP nonce, for secure or for plain requests; the names its profile removes; the
 * {@code RateLimit-Policy} field of a keyed rate limit) through
 * {@link #setHeaders(List)} and {@link #removeHeaders(List)}, always passing the same list
 * instance, which it never changes, for as long as the edge lives. An adapter may therefore convert
 * such a list once into its server's own header type (pre-encoded fields, interned names) and keep
 * the conversion keyed by the list's identity; the defaults simply call {@link #setHeader} and
 * {@link #removeHeader} for each element.
 */
public interface EdgeResponse {

  /**
   * Sets a header, replacing every existing value of that name.
   *
   * @param name the header name
   * @param value the header value
   */
  void setHeader(String name, String value);

  /**
   * Adds a header value, keeping existing values of that name.
   *
   * @param name the header name
   * @param value the header value
   */
  void addHeader(String name, String value);

  /**
   * Returns whether a header of that name has been set, matching case-insensitively.
   *
   * @param name the header name
   * @return {@code true} when present
   */
  boolean containsHeader(String name);

  /**
   * Removes every value of a header, if present, matching case-insensitively. http-edge removes
   * the headers a security-header profile lists in {@code SecurityHeaders.headersToRemove()}
   * (such as {@code Server} and {@code X-Powered-By}) that leak implementation details.
   *
   * @param name the header name
   */
  void removeHeader(String name);

  /**
   * Sets each header of a constant list in order, as {@link #setHeader} does for each one; see
   * "Constant lists" above. The default calls {@link #setHeader} for each element.
   *
   * @param headers the headers; an immutable list the edge passes again, as the same instance, on
   *     other responses
   */
  default void setHeaders(List<ResponseHeader> headers) {
    for (int i = 0; i < headers.size(); i++) {
      ResponseHeader h = headers.get(i);
      setHeader(h.name(), h.value());
    }
  }

  /**
   * Removes every header named in a constant list, as {@link #removeHeader} does for each one; see
   * "Constant lists" above. The default calls {@link #removeHeader} for each element.
   *
   * @param names the header names; an immutable list the edge passes again, as the same instance,
   *     on other responses
   */
  default void removeHeaders(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      removeHeader(names.get(i));
    }
  }
}
