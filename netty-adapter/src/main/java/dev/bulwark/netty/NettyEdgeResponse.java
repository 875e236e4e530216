package dev.bulwark.netty;

import dev.bulwark.core.internal.IdentityCache;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link EdgeResponse} view of an outgoing Netty response's headers, through which
 * {@link BulwarkHandler} lets the exchange write its security, CORS and rate-limit headers just
 * before the codec encodes them. Netty header names are case-insensitive, as the view requires.
 *
 * <p>The edge's constant lists ({@link EdgeResponse#setHeaders(List)}), and the names of single
 * fields, are turned into {@link AsciiString}s once per list or name: their names hash once, and
 * the encoder copies their bytes instead of encoding each character of a {@code String} on every
 * response.
 *
 * <p>Onto Netty's own {@link DefaultHttpHeaders} (what {@code DefaultFullHttpResponse} and the
 * other message types create by default), a constant list whose names are distinct is set as
 * {@code set} would set each field (every field of those names removed, then one added per name,
 * in the list's order), but the fields are added in one {@link HttpHeaders#add(HttpHeaders)} from
 * headers built and validated once per list: Netty then copies the entries with their precomputed
 * hashes instead of validating every name and value again on every response. It does so only when
 * both sides validate names alike (Netty compares the validators); otherwise it adds each field
 * through the response's own validation, as {@code set} does.
 */
final class NettyEdgeResponse implements EdgeResponse {

  /** Names and values, alternating, of each constant header list the edge has passed. */
  private static final IdentityCache<List<ResponseHeader>, AsciiString[]> HEADERS =
      new IdentityCache<>(NettyEdgeResponse::ascii, 256);
  /**
   * Each constant header list as Netty headers built with the default factory; without headers
   * when the list names a field twice (then {@code set} one by one keeps only the last) or has a
   * value the default validation refuses (a response's headers built without validation take it).
   */
  private static final IdentityCache<List<ResponseHeader>, Prepared> PREPARED =
      new IdentityCache<>(NettyEdgeResponse::prepare, 256);
  /**
   * The names the edge passes to {@link #setHeader} and {@link #addHeader} as {@link AsciiString}s:
   * its own constants ({@code RateLimit}, the request-id and CSP header names), so the set is small;
   * their hashes are computed once and the encoder copies their bytes.
   */
  private static final IdentityCache<String, AsciiString> NAME = new IdentityCache<>(AsciiString::cached, 256);
  /** The names of each constant list of headers to remove. */
  private static final IdentityCache<List<String>, AsciiString[]> NAMES =
      new IdentityCache<>(NettyEdgeResponse::asciiNames, 256);

  /** The headers written to; null while a reusable view is not bound to a response. */
  private @Nullable HttpHeaders headers;

  /** A view of one response's headers. */
  NettyEdgeResponse(HttpHeaders headers) {
    this.headers = headers;
  }

  /** A reusable view, bound to no response yet ({@link #bind}); one per channel. */
  NettyEdgeResponse() {}

  /**
   * Binds this reusable view to a response's headers; returns false, binding nothing, when it is
   * bound already.
   */
  boolean bind(HttpHeaders response) {
    if (headers != null) {
      return false;
    }
    headers = response;
    return true;
  }

  /** Unbinds the view: every method then throws until the next {@link #bind}. */
  void unbind() {
    headers = null;
  }

  private HttpHeaders headers() {
    HttpHeaders h = headers;
    if (h == null) {
      throw new IllegalStateException("this response's headers have been written");
    }
    return h;
  }

  @Override
  public void setHeader(String name, String value) {
    headers().set(NAME.get(name), value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers().add(NAME.get(name), value);
  }

  @Override
  public boolean containsHeader(String name) {
    return headers().contains(name);
  }

  @Override
  public void removeHeader(String name) {
    headers().remove(name);
  }

  @Override
  public void setHeaders(List<ResponseHeader> list) {
    HttpHeaders h = headers();
    if (h.getClass() == DefaultHttpHeaders.class) {
      Prepared prepared = PREPARED.get(list);
      if (prepared.headers != null) {
        AsciiString[] names = prepared.names;
        for (AsciiString name : names) {
          h.remove(name);
        }
        h.add(prepared.headers);
        return;
      }
    }
    AsciiString[] fields = HEADERS.get(list);
    for (int i = 0; i < fields.length; i += 2) {
      h.set(fields[i], fields[i + 1]);
    }
  }

  /** A constant list as Netty headers, and its names; {@code headers} null when they cannot be used (see above). */
  private static final class Prepared {
    final AsciiString[] names;
    final @Nullable HttpHeaders headers;

    Prepared(AsciiString[] names, @Nullable HttpHeaders headers) {
      this.names = names;
      this.headers = headers;
    }
  }

  private static Prepared prepare(List<ResponseHeader> list) {
    AsciiString[] fields = HEADERS.get(list);
    AsciiString[] names = new AsciiString[list.size()];
    HttpHeaders prepared = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    for (int i = 0; i < names.length; i++) {
      AsciiString name = fields[2 * i];
      if (prepared.contains(name)) {
        return new Prepared(names, null);
      }
      names[i] = name;
      try {
        prepared.add(name, fields[2 * i + 1]);
      } catch (IllegalArgumentException e) {
        // A value Netty's default validation refuses: each response's own headers decide, as before.
        return new Prepared(names, null);
      }
    }
    return new Prepared(names, prepared);
  }

  @Override
  public void removeHeaders(List<String> names) {
    AsciiString[] fields = NAMES.get(names);
    HttpHeaders h = headers();
    for (AsciiString name : fields) {
      h.remove(name);
    }
  }

  private static AsciiString[] ascii(List<ResponseHeader> list) {
    AsciiString[] fields = new AsciiString[list.size() * 2];
    for (int i = 0; i < list.size(); i++) {
      fields[2 * i] = AsciiString.cached(list.get(i).name());
      fields[2 * i + 1] = AsciiString.cached(list.get(i).value());
    }
    return fields;
  }

  private static AsciiString[] asciiNames(List<String> names) {
    AsciiString[] fields = new AsciiString[names.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = AsciiString.cached(names.get(i));
    }
    return fields;
  }

  @Override
  public String toString() {
    HttpHeaders h = headers;
    return "NettyEdgeResponse" + (h == null ? "[unbound]" : h.names());
  }
}
