package dev.bulwark.netty;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request headers of a codec built with {@link BulwarkHandler#decoderConfig()}: Netty's own
 * {@code DefaultHttpHeaders}, with its default validation, whose name validator also notes what
 * Netty's decoder does to a request's {@code Content-Length} before the handler sees it.
 *
 * <p>Why: given both {@code Transfer-Encoding: chunked} and {@code Content-Length}, Netty's HTTP/1.1
 * decoder removes the {@code Content-Length} and reads the body as chunked (RFC 9112 section 6.3
 * allows that, but then requires the connection to be closed after the response); and given
 * several {@code Content-Length} fields in an HTTP/1.0 request, it keeps the first and replaces
 * them all with it. Either way the request that reaches the handler no longer shows it. Nothing
 * else before {@link BulwarkHandler} touches the field, so what the validator noted tells the
 * handler what the request had ({@link ProtocolError#LENGTH_AND_CODING},
 * {@link ProtocolError#BAD_LENGTH}).
 *
 * <h2>How, without a headers class of its own</h2>
 * The headers are of Netty's exact class, not a subclass: a second headers class flowing through
 * Netty's shared code ({@code HttpUtil.isKeepAlive}, {@code isTransferEncodingChunked}, the
 * decoder's {@code getAll}) makes the JIT's call profiles there polymorphic, and then the iterators
 * and lists those methods make are no longer optimised away, for every request and response of the
 * server. So the notes are kept per thread instead, in a {@link Tracker}: the factory points it at
 * the headers it has just made (the decoder makes them, fills them and passes the request on before
 * it decodes anything else), the name validator notes each {@code Content-Length} field added or
 * set, with the values it replaces, and {@link #note(HttpRequest)}, called by the handler as the
 * request arrives, reads the notes of that request's headers (recognised by identity) and, when the
 * decoder rewrote the field, records that in the request's {@link DecoderResult}, where it travels
 * with the request (a request held while a remote decision is pending is checked later) and
 * {@link ProtocolError#of} finds it. Notes of other headers (another thread's, or made after the
 * request's) are never applied to a request: with the codec on another thread than the handler (an
 * {@code EventExecutorGroup}), the handler sees no notes and reads the request as the decoder chose,
 * as it does with a codec built otherwise.
 *
 * <p>The common request costs one thread-local read when its headers are made; the handler
 * keeps each channel's thread's notes at hand ({@link #tracker()}), so reading them as the
 * request arrives costs none; only a {@code Content-Length} added while the headers already have one (a duplicate, or
 * the decoder's replacement) copies the values it replaces.
 */
final class RequestHeaders {

  /** The validation of Netty's default request headers, before anything is noted. */
  private static final DefaultHeaders.NameValidator<CharSequence> NETTY_NAMES =
      DefaultHttpHeadersFactory.headersFactory().getNameValidator();

  private static final FastThreadLocal<Tracker> TRACKER = new FastThreadLocal<>() {
    @Override
    protected Tracker initialValue() {
      return new Tracker();
    }
  };

  /** Netty's default request headers, with the noting name validator. */
  private static final DefaultHttpHeadersFactory NOTING = DefaultHttpHeadersFactory.headersFactory()
      .withNameValidator(RequestHeaders::validateName);

  /** Makes request headers; anything else gets Netty's default headers. */
  static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
    @Override
    public HttpHeaders newHeaders() {
      HttpHeaders headers = NOTING.newHeaders();
      TRACKER.get().start(headers);
      return headers;
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

  private RequestHeaders() {}

  private static void validateName(CharSequence name) {
    NETTY_NAMES.validateName(name);
    if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
      TRACKER.get().lengthField();
    }
  }

  /**
   * Records in the request's decoder result that the decoder rewrote its {@code Content-Length}
   * (see the class description), when this thread's notes are about this request's headers; then
   * forgets the notes. Call it once per request head, as it arrives, before anything else reads it.
   *
   * @param request a request head that has just arrived
   */
  static void note(HttpRequest request) {
    note(request, tracker());
  }

  /**
   * As {@link #note(HttpRequest)}, with this thread's notes already at hand (see {@link #tracker()}).
   *
   * @param request a request head that has just arrived
   * @param t the notes of the current thread, from {@link #tracker()}
   */
  static void note(HttpRequest request, Tracker t) {
    HttpHeaders headers = request.headers();
    if (t.headers != headers) {
      return;
    }
    ProtocolError error = t.rewritten();
    t.start(null);
    if (error != null && request.decoderResult().isSuccess()) {
      request.setDecoderResult(DecoderResult.failure(new Rewritten(error)));
    }
  }

  /**
   * Returns the current thread's notes, for a caller that keeps them per channel (a channel's
   * handler always runs on the same thread) and so passes them to {@link #note(HttpRequest, Tracker)}
   * without a thread-local read per request. Use them only on this thread.
   */
  static Tracker tracker() {
    return TRACKER.get();
  }

  /** Tells whether a decoder result's failure is only the note of {@link #note}. */
  static boolean isNote(@Nullable Throwable cause) {
    return cause instanceof Rewritten;
  }

  /** Returns the error {@link #note} recorded for this request, or null. */
  static @Nullable ProtocolError rewritten(HttpRequest request) {
    Throwable cause = request.decoderResult().cause();
    return cause instanceof Rewritten ? ((Rewritten) cause).error : null;
  }

  /** What one thread noted about the request headers it made last. Confined to that thread. */
  static final class Tracker {
    /** The headers made last on this thread, until {@link #note} reads them; else null. */
    @Nullable HttpHeaders headers;
    /** Whether a {@code Content-Length} field was added to (or set in) {@link #headers}. */
    boolean length;
    /**
     * The {@code Content-Length} values {@link #headers} had when another one was added or set:
     * the last such copy, which before the decoder's replacement holds every field received.
     */
    @Nullable List<String> replaced;
    /** The thread these notes belong to: the one that made them (the thread-local's owner). */
    final Thread thread = Thread.currentThread();

    private Tracker() {}

    void start(@Nullable HttpHeaders made) {
      headers = made;
      length = false;
      replaced = null;
    }

    /** Notes a {@code Content-Length} being added to or set in the headers made last. */
    void lengthField() {
      HttpHeaders h = headers;
      if (h == null) {
        return; // headers made elsewhere, or already read: nothing to note
      }
      if (length && h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        replaced = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
      }
      length = true;
    }

    /**
     * What the decoder did: removed the field (every field added is gone), or replaced fields
     * whose values differ from the one it kept; null otherwise.
     */
    @Nullable ProtocolError rewritten() {
      HttpHeaders h = headers;
      if (!length || h == null) {
        return null;
      }
      String kept = h.get(HttpHeaderNames.CONTENT_LENGTH);
      if (kept == null) {
        return ProtocolError.LENGTH_AND_CODING;
      }
      List<String> before = replaced;
      if (before != null) {
        for (String field : before) {
          for (String element : field.split(",", -1)) {
            if (!element.trim().equals(kept)) {
              return ProtocolError.BAD_LENGTH;
            }
          }
        }
      }
      return null;
    }
  }

  /** The decoder result's failure that carries {@link #note}'s finding; never thrown. */
  private static final class Rewritten extends Exception {
    private static final long serialVersionUID = 1L;
    final ProtocolError error;

    Rewritten(ProtocolError error) {
      super(error.detail, null, false, false);
      this.error = error;
    }
  }
}
