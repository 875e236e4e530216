package dev.bulwark.http;

/**
 * A write view of an HTTP response's headers, implemented by an adapter over its framework's
 * response type. http-edge writes security, CORS and rate-limit headers through it before the
 * response is committed.
 *
 * <p>A view is used by one thread at a time, for the duration of one request.
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
}
