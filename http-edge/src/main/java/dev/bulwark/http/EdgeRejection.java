package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.validation.Violation;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The complete response an {@link Edge} gives instead of calling the handler: a refusal (403, 429,
 * 503, 400, 413, 415) or the answer to an allowed CORS preflight (204).
 *
 * <p>The headers are everything the response needs, in order: the route's security headers
 * (Content-Security-Policy with a fresh nonce, HSTS on secure requests), the CORS headers,
 * {@code Retry-After}, and the {@code RateLimit-Policy} / {@code RateLimit} fields once the rate
 * limit gate has run. An adapter writes a rejection with one loop:
 *
 * <pre>{@code
 * EdgeRejection r = exchange.rejection();
 * response.setStatus(r.status());
 * for (ResponseHeader h : r.headers()) {
 *   response.addHeader(h.name(), h.value());
 * }
 * if (r.contentType() != null) {
 *   response.setContentType(r.contentType());
 *   response.getOutputStream().write(r.body());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EdgeRejection {

  private final int status;
  private final EdgeGate gate;
  private final List<ResponseHeader> headers;
  private final @Nullable String contentType;
  private final byte[] body;
  private final long retryAfterSeconds;
  private final List<Violation> violations;

  EdgeRejection(
      int status,
      EdgeGate gate,
      List<ResponseHeader> headers,
      @Nullable String contentType,
      byte[] body,
      long retryAfterSeconds,
      List<Violation> violations) {
    this.status = status;
    this.gate = Objects.requireNonNull(gate, "gate");
    this.headers = List.copyOf(headers);
    this.contentType = contentType;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
    this.violations = List.copyOf(violations);
  }

  /**
   * Returns the status code to send.
   *
   * @return 204 (an allowed preflight), 400, 403, 413, 415, 429 or 503
   */
  public int status() {
    return status;
  }

  /**
   * Returns the gate that answered.
   *
   * @return the gate
   */
  public EdgeGate gate() {
    return gate;
  }

  /**
   * Returns the response headers, in the order to write them. {@code Content-Type} and
   * {@code Content-Length} are not included: see {@link #contentType()} and {@link #body()}.
   *
   * @return an immutable list; header names may repeat only for {@code Vary}
   */
  public List<ResponseHeader> headers() {
    return headers;
  }

  /**
   * Returns the body's media type.
   *
   * @return {@code application/problem+json} or {@code application/json} (see
   *     {@link ErrorFormat}), or null when there is no body (an allowed preflight)
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /**
   * Returns the body, UTF-8 JSON. Every call returns a new copy.
   *
   * @return the body bytes; empty when {@link #contentType()} is null
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body's length.
   *
   * @return the number of bytes {@link #body()} returns
   */
  public int bodyLength() {
    return body.length;
  }

  /**
   * Returns the {@code Retry-After} value sent with this rejection.
   *
   * @return whole seconds, at least 1, or -1 when the rejection carries no {@code Retry-After}
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Returns the validation violations behind a 400, 413 or 415, for logs and metrics. The body
   * lists at most the first 10 of them, with echoed text truncated to 100 characters; this list
   * is complete and untruncated, so do not send it to the client as is.
   *
   * @return an immutable list, empty unless {@link #gate()} is {@link EdgeGate#VALIDATION}
   */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code EdgeRejection[429 RATE_LIMIT, retryAfter=60s]}
   */
  @Override
  public String toString() {
    return "EdgeRejection[" + status + " " + gate
        + (retryAfterSeconds >= 0 ? ", retryAfter=" + retryAfterSeconds + "s" : "")
        + (violations.isEmpty() ? "" : ", " + violations.size() + " violations") + "]";
  }
}
