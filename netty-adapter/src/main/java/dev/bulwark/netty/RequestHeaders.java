package dev.bulwark.netty;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The headers of a request decoded by a codec built with {@link BulwarkHandler#decoderConfig()}:
 * Netty's {@link DefaultHttpHeaders} with the same validation, which also remember what Netty's
 * decoder did to the request's {@code Content-Length} before the handler saw it.
 *
 * <p>Why: given both {@code Transfer-Encoding: chunked} and {@code Content-Length}, Netty's HTTP/1.1
 * decoder removes the {@code Content-Length} and reads the body as chunked (RFC 9112 section 6.3
 * allows that, but then requires the connection to be closed after the response); and given
 * several {@code Content-Length} fields in an HTTP/1.0 request, it keeps the first and replaces
 * them all with it. Either way the request that reaches the handler no longer shows it. Nothing
 * else before {@link BulwarkHandler} touches the field, so the flags tell the handler what the
 * request had ({@link ProtocolError#LENGTH_AND_CODING}, {@link ProtocolError#BAD_LENGTH}). A
 * handler after {@code BulwarkHandler} may raise them too, but this handler never looks again.
 */
final class RequestHeaders extends DefaultHttpHeaders {

  /** Makes request headers; anything else gets Netty's default headers. */
  static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
    @Override
    public HttpHeaders newHeaders() {
      return new RequestHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return DefaultHttpHeadersFactory.headersFactory().newEmptyHeaders();
    }

    @Override
    public String toString() {
      return "BulwarkHandler.decoderConfig() headers";
    }
  };

  private boolean contentLengthDropped;
  private boolean contentLengthsDiffered;

  private RequestHeaders() {
    super(DefaultHttpHeadersFactory.headersFactory().getNameValidator(),
        DefaultHttpHeadersFactory.headersFactory().getValueValidator());
  }

  /** Tells whether a {@code Content-Length} field was removed from these headers. */
  boolean contentLengthDropped() {
    return contentLengthDropped;
  }

  /**
   * Tells whether {@code Content-Length} values that differ (several fields, or a list in one)
   * were replaced by one value.
   */
  boolean contentLengthsDiffered() {
    return contentLengthsDiffered;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    noteReplacement(name, value);
    return super.set(name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    noteReplacement(name, value);
    return super.set(name, value);
  }

  @Override
  public HttpHeaders remove(String name) {
    noteRemoval(name);
    return super.remove(name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    noteRemoval(name);
    return super.remove(name);
  }

  private void noteReplacement(CharSequence name, Object value) {
    if (contentLengthsDiffered || !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
        || !contains(name)) {
      return; // contains first: getAll allocates a list even when there is nothing to compare
    }
    String replacement = String.valueOf(value);
    for (String field : getAll(name)) {
      for (String element : field.split(",", -1)) {
        if (!element.trim().equals(replacement)) {
          contentLengthsDiffered = true;
          return;
        }
      }
    }
  }

  private void noteRemoval(CharSequence name) {
    if (!contentLengthDropped && HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
        && contains(name)) {
      contentLengthDropped = true;
    }
  }
}
