package dev.bulwark.http;

/**
 * The two built-in bodies of an {@link Edge}'s rejections, by name, for configuration files.
 * Chosen once per edge with {@link EdgeBuilder#errorFormat(ErrorFormat)}, which is the same as
 * {@link EdgeBuilder#errorBodyWriter(ErrorBodyWriter)} with {@link #writer()}; an
 * {@link ErrorBodyWriter} may also be your own, and per route.
 */
public enum ErrorFormat {
  /**
   * RFC 9457 problem details, {@code application/problem+json}:
   * <pre>{@code
   * {"type":"about:blank","title":"Too Many Requests","status":429,
   *  "detail":"Rate limit exceeded; retry after 60 seconds.","instance":"/api/search",
   *  "retryAfter":60}
   * }</pre>
   * {@code retryAfter} (seconds) is present when the response carries {@code Retry-After};
   * {@code violations} (an array of {@code {"code","field","message"}}) when input was invalid. The
   * {@code type} is {@code about:blank} unless {@link EdgeBuilder#problemTypeBase(String)} is set.
   */
  PROBLEM_JSON,
  /**
   * A widely used JSON envelope, {@code application/json}, reproduced exactly:
   * <pre>{@code
   * {"error":{"code":429,"message":"Too Many Requests","details":"...","retry_after":60,
   *  "timestamp":"2024-01-01T00:00:00Z"}}
   * }</pre>
   * {@code message} is the status's reason phrase and {@code details} the same text as the problem
   * format's {@code detail}. {@code retry_after} (seconds) is present only when the response
   * carries {@code Retry-After} (429 and 503); otherwise the member is omitted, not null. The
   * {@code timestamp} is the edge's {@link java.time.Clock} in UTC, ISO-8601, whole seconds.
   */
  ENVELOPE;

  /**
   * Returns the built-in writer of this format.
   *
   * @return {@link ErrorBodyWriter#problemJson()} or {@link ErrorBodyWriter#envelope()}
   */
  public ErrorBodyWriter writer() {
    return this == PROBLEM_JSON ? ErrorBodies.PROBLEM_JSON : ErrorBodies.ENVELOPE;
  }
}
