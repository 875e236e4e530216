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

/**
 * Writes the edge's constant header lists straight into a Jetty 12 (ee10) response's fields: each
 * list becomes {@link PreEncodedHttpField}s once, so that a response neither looks its names up,
 * nor allocates a field per header, nor encodes their characters when the head is written. A
 * single header that changes per response ({@code RateLimit}, a CSP with a nonce) is added as one
 * field, without the list iterator {@code put} walks.
 *
 * <p>Only for the container's own response object ({@link ServletApiResponse}): a response a filter
 * in front wrapped goes through the servlet API as before, so the wrapper sees every header. What
 * is written is what {@code setHeader(name, value)} writes, which on Jetty is {@code
 * getResponse().getHeaders().put(name, value)}; removal is {@code remove(name)}, as
 * {@code setHeader(name, null)} is. Loaded only where {@code ServletEdgeResponse} found Jetty's classes.
 */
final class JettyFields {

  private static final IdentityCache<List<ResponseHeader>, HttpField[]> FIELDS =
      new IdentityCache<>(JettyFields::preEncoded, 256);
  /** Per list of names: each name's {@link HttpHeader}, or the name itself when Jetty knows none. */
  private static final IdentityCache<List<String>, Object[]> NAMES =
      new IdentityCache<>(JettyFields::known, 256);

  private JettyFields() {}

  /** Sets a constant list; false when {@code response} is not Jetty's own (nothing was written). */
  static boolean set(HttpServletResponse response, List<ResponseHeader> headers) {
    if (!(response instanceof ServletApiResponse)) {
      return false;
    }
    HttpFields.Mutable fields = ((ServletApiResponse) response).getResponse().getHeaders();
    HttpFields plain = unwrapped(fields);
    for (HttpField field : FIELDS.get(headers)) {
      if (indexOf(plain, field) < 0) {
        fields.add(field); // what put does when no field has the name, without its iterator
      } else {
        fields.put(field);
      }
    }
    return true;
  }

  /**
   * Sets one header as {@code setHeader(name, value)} does on Jetty ({@code put(name, value)}),
   * without {@code put}'s iterator when no field has the name; false when {@code response} is not
   * Jetty's own (nothing was written).
   */
  static boolean setOne(HttpServletResponse response, String name, String value) {
    if (!(response instanceof ServletApiResponse)) {
      return false;
    }
    HttpFields.Mutable fields = ((ServletApiResponse) response).getResponse().getHeaders();
    HttpField field = new HttpField(name, value);
    if (indexOf(unwrapped(fields), field) < 0) {
      fields.add(field);
    } else {
      fields.put(field);
    }
    return true;
  }

  /** Removes a constant list of names; false when {@code response} is not Jetty's own. */
  static boolean remove(HttpServletResponse response, List<String> names) {
    if (!(response instanceof ServletApiResponse)) {
      return false;
    }
    HttpFields.Mutable fields = ((ServletApiResponse) response).getResponse().getHeaders();
    HttpFields plain = unwrapped(fields);
    for (Object name : NAMES.get(names)) {
      if (name instanceof HttpHeader) {
        if (indexOf(plain, (HttpHeader) name) >= 0) {
          fields.remove((HttpHeader) name);
        }
      } else if (indexOf(plain, (String) name) >= 0) {
        fields.remove((String) name);
      }
    }
    return true;
  }

  /**
   * The fields under Jetty's wrappers, for reading by index: a wrapper's own {@code put} and
   * {@code getField(int)} walk an iterator they allocate. Writes still go through the wrapper.
   */
  private static HttpFields unwrapped(HttpFields.Mutable fields) {
    HttpFields.Mutable f = fields;
    while (f instanceof HttpFields.Mutable.Wrapper) {
      f = ((HttpFields.Mutable.Wrapper) f).getWrapped();
    }
    return f;
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

  private static HttpField[] preEncoded(List<ResponseHeader> headers) {
    HttpField[] fields = new HttpField[headers.size()];
    for (int i = 0; i < fields.length; i++) {
      ResponseHeader h = headers.get(i);
      HttpHeader known = HttpHeader.CACHE.get(h.name());
      // The spelling the edge was given is kept, as setHeader keeps it.
      fields[i] = new PreEncodedHttpField(known, h.name(), h.value());
    }
    return fields;
  }

  private static Object[] known(List<String> names) {
    Object[] out = new Object[names.size()];
    for (int i = 0; i < out.length; i++) {
      HttpHeader known = HttpHeader.CACHE.get(names.get(i));
      out[i] = known != null ? known : names.get(i);
    }
    return out;
  }
}
