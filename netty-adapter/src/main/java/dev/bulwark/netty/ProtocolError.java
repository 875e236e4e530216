package dev.bulwark.netty;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why the handler refuses a request before the edge sees it: the codec could not parse it, or its
 * framing (RFC 9112 section 6) is one that two parsers may read differently, which is how requests
 * are smuggled past a proxy; or the client was too slow. Each is answered with
 * {@link dev.bulwark.http.Edge#protocolError} and the connection closed, since the bytes after
 * such a request cannot be trusted to start the next one.
 *
 * <h2>Framing rules</h2>
 * <ul>
 *   <li>{@code Content-Length} must be decimal digits, and one value: Netty's decoder refuses a
 *       sign or a list, and a second field in HTTP/1.1; in HTTP/1.0 it keeps the first of several
 *       fields, which headers made by {@link BulwarkHandler#decoderConfig()} notice.
 *   <li>{@code Transfer-Encoding} and {@code Content-Length} together: 400 (section 6.3 allows
 *       this and requires closing the connection). Netty's codec drops the {@code Content-Length}
 *       of such an HTTP/1.1 request before this handler sees it; headers made by
 *       {@link BulwarkHandler#decoderConfig()} remember that it did ({@link RequestHeaders}).
 *   <li>{@code Transfer-Encoding} whose last coding is not {@code chunked} ({@code xchunked},
 *       {@code chunked, identity}, {@code chunked;x=1}): 400, as section 6.3 requires, since the
 *       body's length cannot be determined (Netty would read the body as the next request).
 *       {@code chunked} twice: 400 (section 7.1 forbids it).
 *   <li>{@code chunked} last but another coding before it ({@code gzip, chunked}): 501, as section
 *       6.1 recommends for a transfer coding the server does not implement; the framing is sound,
 *       but the application would receive the coded bytes as the body.
 *   <li>{@code Transfer-Encoding} in an HTTP/1.0 request: 400 (section 6.1: faulty framing).
 * </ul>
 */
enum ProtocolError {
  MALFORMED(400, "The request could not be parsed."),
  LINE_TOO_LONG(414, "The request line is too long."),
  HEAD_TOO_LARGE(431, "The request head is too large."),
  VERSION(505, "Only HTTP/1.0 and HTTP/1.1 are supported."),
  BAD_LENGTH(400, "The Content-Length must be one decimal number."),
  LENGTH_AND_CODING(400, "A request must not have both Content-Length and Transfer-Encoding."),
  CODING_IN_HTTP_1_0(400, "An HTTP/1.0 request must not have a Transfer-Encoding."),
  NOT_CHUNKED_LAST(400, "The Transfer-Encoding must end with chunked; the body's length cannot be determined."),
  CHUNKED_TWICE(400, "The Transfer-Encoding applies chunked more than once."),
  CODING_NOT_IMPLEMENTED(501, "The only transfer coding implemented is chunked."),
  BAD_CHUNK(400, "The chunked request body could not be parsed."),
  TRAILERS_TOO_LARGE(431, "The request's trailer fields are too large."),
  HEAD_TIMEOUT(408, "The request head was not received in time."),
  BODY_TIMEOUT(408, "The request body was not received in time.");

  /** The response's status. */
  final int status;
  /** The sentence for the client; never parser output, which may echo client input at length. */
  final String detail;

  ProtocolError(int status, String detail) {
    this.status = status;
    this.detail = detail;
  }

  /**
   * Returns why a request head must be refused, or null for a head this handler may pass to the
   * edge. Allocates nothing for a request without {@code Transfer-Encoding}.
   */
  static @Nullable ProtocolError of(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure() && !RequestHeaders.isNote(result.cause())) {
      return ofHeadFailure(result.cause());
    }
    HttpVersion version = request.protocolVersion();
    boolean http10 = HttpVersion.HTTP_1_0.equals(version);
    if (!http10 && !HttpVersion.HTTP_1_1.equals(version)) {
      return "HTTP".equals(version.protocolName()) ? VERSION : MALFORMED;
    }
    ProtocolError rewritten = RequestHeaders.rewritten(request);
    if (rewritten != null) {
      return rewritten;
    }
    HttpHeaders headers = request.headers();
    String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && !isDigits(length)) {
      return BAD_LENGTH;
    }
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      if (http10) {
        return CODING_IN_HTTP_1_0;
      }
      return length != null ? LENGTH_AND_CODING : ofCodings(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
    }
    return null;
  }

  /** Returns why a body chunk the codec failed to decode (a bad chunk size, too many trailers) is refused. */
  static ProtocolError ofContentFailure(@Nullable Throwable cause) {
    return cause instanceof TooLongHttpHeaderException ? TRAILERS_TOO_LARGE : BAD_CHUNK;
  }

  private static ProtocolError ofHeadFailure(@Nullable Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return LINE_TOO_LONG;
    }
    if (cause instanceof TooLongFrameException) {
      return HEAD_TOO_LARGE;
    }
    return MALFORMED;
  }

  /** Checks the codings of {@code Transfer-Encoding} fields: chunked, once, and last, and nothing else. */
  private static @Nullable ProtocolError ofCodings(List<String> fields) {
    String last = null;
    int chunked = 0;
    boolean other = false;
    for (String field : fields) {
      for (String element : field.split(",", -1)) {
        String coding = element.trim();
        if (coding.isEmpty()) {
          continue;
        }
        last = coding;
        if (coding.equalsIgnoreCase("chunked")) {
          chunked++;
        } else {
          other = true;
        }
      }
    }
    if (last == null || !last.equalsIgnoreCase("chunked")) {
      return NOT_CHUNKED_LAST;
    }
    if (chunked > 1) {
      return CHUNKED_TWICE;
    }
    return other ? CODING_NOT_IMPLEMENTED : null;
  }

  private static boolean isDigits(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
