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
 *
 * <h2>A value set again</h2>
 * A view keeps, for the last few names passed to {@link #setHeader}, the value it set last (by
 * identity). When the same value instance is set again under the same name (the edge hands out one
 * rendered {@code RateLimit} value for as long as a client's remaining permits and reset stay the
 * same), the field is built once, as the constant lists are, and added the same way: the name's
 * fields removed, then the built field added, which is what {@code set} does, without validating
 * and converting the value again. A value set once is set as before; a value with a character
 * outside visible ASCII and space, or one Netty's default validation refuses, keeps being set
 * through the response's own validation and encoding.
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
  /** The values this view set last by name ("A value set again" above); allocated on first use. */
  private @Nullable RepeatedValues repeated;

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
    HttpHeaders h = headers();
    AsciiString ascii = NAME.get(name);
    if (h.getClass() == DefaultHttpHeaders.class) {
      RepeatedValues r = repeated;
      if (r == null) {
        r = repeated = new RepeatedValues();
      }
      HttpHeaders field = r.fieldFor(ascii, value);
      if (field != null) {
        h.remove(ascii);
        h.add(field);
        return;
      }
    }
    h.set(ascii, value);
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

  /**
   * The value last set under each of a few names, by identity, and that field built once it was set
   * a second time. Confined to its view's thread, as the view is.
   */
  private static final class RepeatedValues {
    /** The names kept; the edge passes a handful ({@code RateLimit}, its request-id name, CSP). */
    private static final int SLOTS = 4;
    /** A field that could not be built: the value is set through the response's validation. */
    private static final HttpHeaders UNBUILDABLE = DefaultHttpHeadersFactory.headersFactory().newEmptyHeaders();

    private final @Nullable AsciiString[] names = new AsciiString[SLOTS];
    private final @Nullable String[] values = new String[SLOTS];
    /** The field of each slot's value once built ({@link #UNBUILDABLE} if it cannot be); else null. */
    private final @Nullable HttpHeaders[] fields = new HttpHeaders[SLOTS];
    /** The slot the next new name takes. */
    private int next;

    /**
     * Returns the built field when {@code value} is the instance last set under {@code name}; else
     * notes it as the last and returns null (the caller sets it as usual).
     */
    // Identity on purpose: names are the view's own interned instances, and a value is "the same"
    // only as the same instance, which is what makes reusing its built field safe and cheap.
    @SuppressWarnings("ReferenceEquality")
    @Nullable HttpHeaders fieldFor(AsciiString name, String value) {
      int i = 0;
      while (i < SLOTS && names[i] != name) {
        i++;
      }
      if (i == SLOTS) {
        i = next;
        next = (next + 1) % SLOTS;
        names[i] = name;
      } else if (values[i] == value) {
        @Nullable HttpHeaders field = fields[i];
        if (field == null) {
          field = fields[i] = build(name, value);
        }
        return field == UNBUILDABLE ? null : field;
      }
      values[i] = value;
      fields[i] = null;
      return null;
    }

    private static HttpHeaders build(AsciiString name, String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return UNBUILDABLE; // only visible ASCII and spaces read the same as bytes of an AsciiString
        }
      }
      HttpHeaders field = DefaultHttpHeadersFactory.headersFactory().newHeaders();
      try {
        field.add(name, AsciiString.cached(value));
        return field;
      } catch (IllegalArgumentException e) {
        return UNBUILDABLE; // a value Netty's default validation refuses: the response's own decides
      }
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
