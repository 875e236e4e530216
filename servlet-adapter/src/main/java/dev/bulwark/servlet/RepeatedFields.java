package dev.bulwark.servlet;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty fields of single headers whose value the edge sets again as the same instance: the
 * {@code RateLimit} value of a client far inside its limit is one rendered string for as long as
 * its remaining permits and reset stay the same. The second time a value instance is seen, its
 * field is built as a {@link PreEncodedHttpField} (Jetty then copies its bytes instead of encoding
 * its characters when the head is written), and later responses share that field instead of
 * allocating one; a value seen once gets a plain {@link HttpField}, as before.
 *
 * <h2>Why it is safe without locks</h2>
 * Two direct-mapped tables of {@value #SIZE} slots indexed by the value's identity hash: the value
 * last seen in each slot, and the field built last in each slot. A slot only decides whether to
 * build or reuse: a built field is reused only when its own name and value are the very instances
 * asked for ({@code HttpField}'s fields are final, so a field read from a slot is complete), and a
 * field is always built from the caller's own name and value. Racing writers overwrite each other;
 * the worst outcome is a plain field where a built one could have served. Shared by every view in
 * the JVM, as the constant lists' fields are.
 *
 * <p>Only values of visible ASCII and spaces are built: those read the same however a field
 * encodes them.
 */
final class RepeatedFields {

  private static final int SIZE = 64;

  private static final String[] SEEN = new String[SIZE];
  private static final HttpField[] BUILT = new HttpField[SIZE];

  private RepeatedFields() {}

  /**
   * Returns the field that sets {@code name} to {@code value}: the shared pre-encoded one when this
   * value instance was seen before in its slot, else a new plain field.
   *
   * @param header the name's {@link HttpHeader}, or null
   * @param name the header name, as the field keeps it
   * @param value the value
   */
  // Identity on purpose: "the same value" means the same instance the edge handed out again.
  @SuppressWarnings("ReferenceEquality")
  static HttpField of(@Nullable HttpHeader header, String name, String value) {
    int slot = System.identityHashCode(value) & (SIZE - 1);
    @Nullable HttpField built = BUILT[slot];
    if (built != null && built.getValue() == value && built.getName() == name && built.getHeader() == header) {
      return built;
    }
    if (SEEN[slot] == value && buildable(value)) {
      built = new PreEncodedHttpField(header, name, value);
      BUILT[slot] = built;
      return built;
    }
    SEEN[slot] = value;
    return new HttpField(header, name, value);
  }

  private static boolean buildable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
