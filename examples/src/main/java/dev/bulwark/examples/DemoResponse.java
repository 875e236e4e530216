package dev.bulwark.examples;

import dev.bulwark.http.ErrorBody;
import dev.bulwark.http.ErrorBodyWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The response of {@link DemoApp} to one {@link DemoRequest}: status, content type, extra headers
 * and body. The adapter writes it out, adding the edge's headers (security headers, CORS,
 * RateLimit).
 *
 * <p>Immutable and thread-safe; {@link #withHeader} returns a new response.
 */
public final class DemoResponse {

  private final int status;
  private final @Nullable String contentType;
  private final Map<String, String> headers;
  private final byte[] body;

  private DemoResponse(int status, @Nullable String contentType, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.headers = headers;
    this.body = body;
  }

  /**
   * Creates a response without extra headers.
   *
   * @param status the HTTP status, 100 to 599
   * @param contentType the Content-Type, or null for a response without a body type
   * @param body the body; copied
   * @return the response
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalArgumentException if {@code status} is out of range or {@code contentType}
   *     contains a control character
   */
  public static DemoResponse of(int status, @Nullable String contentType, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in [100, 599] but was " + status);
    }
    if (contentType != null) {
      requireFieldValue("contentType", contentType);
    }
    return new DemoResponse(status, contentType, Map.of(), body.clone());
  }

  /**
   * Creates an RFC 9457 problem response written by the library's
   * {@link ErrorBodyWriter#problemJson()}, the writer of the edge's own refusals, so the demo's
   * errors and the edge's have one shape.
   *
   * @param body the problem; its status is the response's
   * @return the response, {@code application/problem+json}
   */
  public static DemoResponse problem(ErrorBody body) {
    ErrorBodyWriter writer = ErrorBodyWriter.problemJson();
    return of(body.status(), writer.contentType(), writer.write(body));
  }

  /**
   * Creates an RFC 9457 problem response of a status and a detail, {@code type}
   * {@code about:blank} and the status's reason phrase as {@code title}.
   *
   * @param status the HTTP status, 400 to 599
   * @param detail the explanation
   * @return the response, {@code application/problem+json}
   */
  public static DemoResponse problem(int status, String detail) {
    return problem(ErrorBody.of(status, detail));
  }

  /**
   * Returns a copy of this response with one more header, or with a header replaced.
   *
   * @param name the header name, an HTTP token other than {@code Content-Type} (set by {@link #of});
   *     names are compared ignoring case
   * @param value the value; no control characters
   * @return a new response
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name or value is invalid
   */
  public DemoResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(DemoResponse::isTokenChar)) {
      throw new IllegalArgumentException("header name must be an HTTP token but was '" + name + "'");
    }
    if (name.equalsIgnoreCase("Content-Type")) {
      throw new IllegalArgumentException("set Content-Type through DemoResponse.of, not withHeader");
    }
    requireFieldValue(name, value);
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (n, v) -> {
          if (!n.equalsIgnoreCase(name)) {
            copy.put(n, v);
          }
        });
    copy.put(name, value);
    return new DemoResponse(status, contentType, Collections.unmodifiableMap(copy), body);
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status, 100 to 599
   */
  public int status() {
    return status;
  }

  /**
   * Returns the Content-Type.
   *
   * @return the content type, or empty if the response sets none
   */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * Returns the extra headers, in the order they were added (Content-Type not included).
   *
   * @return an unmodifiable map of header name to value
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Returns one extra header.
   *
   * @param name the header name, compared ignoring case
   * @return its value, or empty if absent
   */
  public Optional<String> header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a copy of the body.
   *
   * @return the body bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body without copying it, for writing it out.
   *
   * @return a read-only buffer over the body, positioned at 0
   */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /**
   * Returns the body decoded as UTF-8.
   *
   * @return the body text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DemoResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
  }

  private static void requireFieldValue(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException(
            what + " must not contain control characters but was '"
                + value.replaceAll("\\p{Cntrl}", "?") + "'");
      }
    }
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
