package dev.bulwark.servlet;

import dev.bulwark.core.internal.IdentityCache;
import dev.bulwark.headers.ResponseHeader;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.jspecify.annotations.Nullable;

/**
 * The edge's view of a Jetty 12 (ee10) response of the container's own ({@link ServletApiResponse}):
 * writes straight into Jetty's {@link HttpFields.Mutable}, and searches those fields for a name
 * only when the name may be there.
 *
 * <h2>What is written</h2>
 * What {@code setHeader(name, value)} writes, which on Jetty is {@code put(name, value)} on the
 * response's fields: the name's existing fields are replaced, or the field is added when there is
 * none; removal is {@code remove(name)}, as {@code setHeader(name, null)} is. Each constant list
 * ({@link #setHeaders}) becomes {@link PreEncodedHttpField}s once, so a response neither looks its
 * names up, nor allocates a field per header, nor encodes their characters when the head is
 * written; a single header ({@code RateLimit}, a CSP with a nonce) is one {@link HttpField} with
 * the name's {@link HttpHeader}, looked up once per name instance ({@link #known}).
 *
 * <h2>Searching only where a name may be</h2>
 * The view is created just before the edge writes and used only while it writes, on one thread,
 * before the application runs, so the only fields that can appear meanwhile are the ones it
 * writes itself. It keeps a 64-bit summary of the names that may be in the fields ({@link #bit}:
 * one bit per name, from its length and case-folded first and last characters, so names equal
 * ignoring case always share their bit): the fields present when the view is created (by their
 * names and, for a field with an {@link HttpHeader}, by that header's name too, since
 * {@code HttpField.isSameName} matches such a field by its header alone), plus every name it
 * adds. A name whose bit is clear cannot be there: its field is added without a search, which is
 * what {@code put} does then. A set bit (the name, or another name with the same bit) means a
 * search by index, and {@code put} when the name is found. Removing a field leaves its bit set,
 * which costs a search at most.
 *
 * <p>Loaded only where {@link JettyEe10#AVAILABLE}. Used by one thread for one request.
 */
final class JettyEdgeResponse extends ServletEdgeResponse {

  /** A constant list of fields with each name's {@link #bit}. Immutable once built. */
  private static final class Prepared {
    final HttpField[] fields;
    final long[] bits;

    Prepared(HttpField[] fields, long[] bits) {
      this.fields = fields;
      this.bits = bits;
    }
  }

  /** A constant list of names to remove: each name's {@link HttpHeader} or the name, and its bit. */
  private static final class Names {
    final Object[] names;
    final long[] bits;

    Names(Object[] names, long[] bits) {
      this.names = names;
      this.bits = bits;
    }
  }

  /**
   * A name instance, its {@link HttpHeader} (or null) and its {@link #bit}; final fields, so a racy
   * read sees all or no entry.
   */
  private record Known(String name, @Nullable HttpHeader header, long bit) {}

  private static final IdentityCache<List<ResponseHeader>, Prepared> FIELDS =
      new IdentityCache<>(JettyEdgeResponse::prepared, 256);
  private static final IdentityCache<List<String>, Names> NAMES =
      new IdentityCache<>(JettyEdgeResponse::names, 256);
  private static final int KNOWN_SLOTS = 256;
  /** Single header names by identity, direct-mapped: a miss or a race only means looking up again. */
  private static final Known[] KNOWN = new Known[KNOWN_SLOTS];
  /** Each {@link HttpHeader}'s name's {@link #bit}, by ordinal. */
  private static final long[] HEADER_BITS = headerBits();

  /** The response's fields, for writing: Jetty's wrappers see every field. */
  private final HttpFields.Mutable fields;
  /** The fields under Jetty's wrappers, for reading by index without their iterators. */
  private final HttpFields plain;
  /** The bits of every name that may be in the fields. */
  private long present;

  private JettyEdgeResponse(HttpServletResponse response, HttpFields.Mutable fields) {
    super(response);
    this.fields = fields;
    HttpFields.Mutable f = fields;
    while (f instanceof HttpFields.Mutable.Wrapper) {
      f = ((HttpFields.Mutable.Wrapper) f).getWrapped();
    }
    this.plain = f;
    long bits = 0;
    for (int i = 0, n = f.size(); i < n; i++) {
      bits |= bits(f.getField(i));
    }
    this.present = bits;
  }

  /**
   * The bits under which a field present before the view can be found: its name's, and, for a
   * field with an {@link HttpHeader}, that header's name's ({@code isSameName} also matches a field
   * by its header alone). Jetty's own fields ({@code Date}, {@code Server}) spell their names as
   * their header does: one table read then.
   */
  // The header's own name instance: the common case, checked cheaply; a table by ordinal, built here.
  @SuppressWarnings({"ReferenceEquality", "EnumOrdinal"})
  private static long bits(HttpField field) {
    HttpHeader header = field.getHeader();
    String name = field.getName();
    if (header == null) {
      return bit(name);
    }
    long headerBit = HEADER_BITS[header.ordinal()];
    return name == header.asString() ? headerBit : headerBit | bit(name);
  }

  /**
   * Returns the view of {@code response}: this class for Jetty's own response, the servlet API's
   * view for any other (one a filter in front wrapped, so that the wrapper sees every header).
   */
  static ServletEdgeResponse of(HttpServletResponse response) {
    if (response instanceof ServletApiResponse) {
      return new JettyEdgeResponse(response, ((ServletApiResponse) response).getResponse().getHeaders());
    }
    return new ServletEdgeResponse(response);
  }

  /**
   * The summary bit of a header name: equal for names equal ignoring case ({@code String.equalsIgnoreCase}
   * keeps the length, and the first and last characters are folded so that every character that
   * equals another ignoring case folds to the same value: ASCII letters to lower case, and
   * {@code i}, {@code k}, {@code s} and non-ASCII characters, which have non-ASCII partners, all to 0).
   */
  static long bit(String name) {
    int n = name.length();
    if (n == 0) {
      return 1L;
    }
    return 1L << ((n + 15 * fold(name.charAt(0)) + 22 * fold(name.charAt(n - 1))) & 63);
  }

  private static int fold(char c) {
    if (c >= 0x80) {
      return 0;
    }
    int lower = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    return lower == 'i' || lower == 'k' || lower == 's' ? 0 : lower;
  }

  @Override
  public void setHeader(String name, String value) {
    if (value == null) {
      super.setHeader(name, value);
      return;
    }
    Known k = known(name);
    write(new HttpField(k.header, name, value), k.bit);
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, value);
    present |= bit(name);
  }

  @Override
  public void setHeaders(List<ResponseHeader> headers) {
    Prepared prepared = FIELDS.get(headers);
    HttpField[] list = prepared.fields;
    long[] bits = prepared.bits;
    for (int i = 0; i < list.length; i++) {
      write(list[i], bits[i]);
    }
  }

  @Override
  public void removeHeaders(List<String> names) {
    Names prepared = NAMES.get(names);
    Object[] list = prepared.names;
    long[] bits = prepared.bits;
    for (int i = 0; i < list.length; i++) {
      if ((present & bits[i]) == 0) {
        continue; // not there
      }
      Object name = list[i];
      if (name instanceof HttpHeader) {
        if (indexOf(plain, (HttpHeader) name) >= 0) {
          fields.remove((HttpHeader) name);
        }
      } else if (indexOf(plain, (String) name) >= 0) {
        fields.remove((String) name);
      }
    }
  }

  /** {@code put(field)}, as an add without a search when the name's bit says it is not there. */
  private void write(HttpField field, long bit) {
    if ((present & bit) != 0 && indexOf(plain, field) >= 0) {
      fields.put(field);
    } else {
      fields.add(field);
      present |= bit;
    }
  }

  /**
   * The name's entry: the {@link HttpHeader} Jetty knows by it ({@code HttpHeader.CACHE}, or null)
   * and its bit, kept per name instance (the edge passes the same instances on every response).
   */
  @SuppressWarnings("ReferenceEquality") // keyed by the instance the edge passes again
  private static Known known(String name) {
    int slot = System.identityHashCode(name) & (KNOWN_SLOTS - 1);
    Known k = KNOWN[slot];
    if (k != null && k.name == name) {
      return k;
    }
    k = new Known(name, HttpHeader.CACHE.get(name), bit(name));
    KNOWN[slot] = k;
    return k;
  }

  /** The {@link HttpHeader} Jetty knows by this name, as {@link #setHeader} finds it (for tests). */
  static @Nullable HttpHeader header(String name) {
    return known(name).header;
  }

  private static int indexOf(HttpFields fields, HttpField field) {
    for (int i = 0, n = fields.size(); i < n; i++) {
      if (fields.getField(i).isSameName(field)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(HttpFields fields, String name) {
    for (int i = 0, n = fields.size(); i < n; i++) {
      if (fields.getField(i).is(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(HttpFields fields, HttpHeader header) {
    for (int i = 0, n = fields.size(); i < n; i++) {
      if (fields.getField(i).getHeader() == header) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("EnumOrdinal") // a table by ordinal, read by bits(HttpField)
  private static long[] headerBits() {
    HttpHeader[] headers = HttpHeader.values();
    long[] bits = new long[headers.length];
    for (HttpHeader h : headers) {
      bits[h.ordinal()] = bit(h.asString());
    }
    return bits;
  }

  private static Prepared prepared(List<ResponseHeader> headers) {
    HttpField[] fields = new HttpField[headers.size()];
    long[] bits = new long[fields.length];
    for (int i = 0; i < fields.length; i++) {
      ResponseHeader h = headers.get(i);
      HttpHeader known = HttpHeader.CACHE.get(h.name());
      // The spelling the edge was given is kept, as setHeader keeps it.
      fields[i] = new PreEncodedHttpField(known, h.name(), h.value());
      bits[i] = bit(h.name());
    }
    return new Prepared(fields, bits);
  }

  private static Names names(List<String> names) {
    Object[] out = new Object[names.size()];
    long[] bits = new long[out.length];
    for (int i = 0; i < out.length; i++) {
      HttpHeader known = HttpHeader.CACHE.get(names.get(i));
      out[i] = known != null ? known : names.get(i);
      bits[i] = bit(names.get(i));
    }
    return new Names(out, bits);
  }
}
