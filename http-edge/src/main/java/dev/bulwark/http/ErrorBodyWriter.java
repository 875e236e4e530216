package dev.bulwark.http;

/**
 * Renders an {@link ErrorBody} as the bytes of a response body, with their content type: the SPI
 * behind every rejection body an {@link Edge} sends, and a ready-made error writer for
 * application code.
 *
 * <p>Two writers are built in: {@link #problemJson()} (RFC 9457, the default) and
 * {@link #envelope()}. An edge uses one for all routes ({@link EdgeBuilder#errorBodyWriter}) and a
 * route may choose its own ({@link RouteBuilder#errorBodyWriter}), which wins. Handlers render
 * their own errors the same way, so every error of a service has one shape:
 * <pre>{@code
 * ErrorBodyWriter writer = ErrorBodyWriter.problemJson();
 * byte[] body = writer.write(ErrorBody.builder(404).detail("no user " + id).build());
 * response.setStatus(404);
 * response.setContentType(writer.contentType());
 * }</pre>
 *
 * <h2>Implementing one</h2>
 * Implementations must be thread-safe, fast (they run on the request path, possibly on an event
 * loop: never block) and must escape every string: details, paths and violation fields carry
 * client input. If an implementation throws a {@link RuntimeException}, returns null, or returns
 * a content type that is blank or not printable ASCII, the edge logs a warning and sends the
 * {@link #problemJson()} body instead: a broken writer never breaks a refusal.
 */
public interface ErrorBodyWriter {

  /**
   * Returns the content type of the bodies this writer produces.
   *
   * @return a media type with any parameters, such as {@code application/problem+json}
   */
  String contentType();

  /**
   * Renders a body.
   *
   * @param body what to say
   * @return the bytes of the response body, in the charset the content type implies; a fresh
   *     array the caller may keep
   */
  byte[] write(ErrorBody body);

  /**
   * Returns the RFC 9457 problem details writer, {@code application/problem+json}:
   * <pre>{@code
   * {"type":"about:blank","title":"Too Many Requests","status":429,
   *  "detail":"Rate limit exceeded; retry after 60 seconds.","instance":"/api/search",
   *  "retryAfter":60}
   * }</pre>
   * Members in this order: {@code type}, {@code title}, {@code status}, {@code detail},
   * {@code instance} (when set), {@code retryAfter} (seconds, when the response carries
   * {@code Retry-After}), {@code violations} (the first 10, each
   * {@code {"code","field","message"}}, fields and messages truncated to 100 characters, when
   * there are any), then the extension members. Compact UTF-8 JSON whose strings also escape
   * {@code < > & '}, U+2028, U+2029 and surrogates as {@code \}{@code uXXXX}, so a client that
   * pastes it into an HTML page cannot be tricked into closing a {@code <script>} element.
   *
   * @return the shared, stateless writer
   */
  static ErrorBodyWriter problemJson() {
    return ErrorBodies.PROBLEM_JSON;
  }

  /**
   * Returns the writer of a widely used JSON envelope, {@code application/json}:
   * <pre>{@code
   * {"error":{"code":429,"message":"Too Many Requests","details":"...","retry_after":60,
   *  "timestamp":"2024-01-01T00:00:00Z"}}
   * }</pre>
   * {@code message} is the body's title and {@code details} its detail. {@code retry_after}
   * (seconds) is present only when the response carries {@code Retry-After}; otherwise the member
   * is omitted, not null. The {@code timestamp} is the body's (for the edge's refusals: the edge's
   * {@link java.time.Clock}), or the system clock's when the body has none, in UTC, ISO-8601,
   * whole seconds. Extension members follow it inside {@code error}. Strings are escaped as by
   * {@link #problemJson()}.
   *
   * @return the shared, stateless writer
   */
  static ErrorBodyWriter envelope() {
    return ErrorBodies.ENVELOPE;
  }
}
