package dev.bulwark.http;

import dev.bulwark.core.internal.PercentEscapes;
import dev.bulwark.validation.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Turns a raw request path into the one canonical path that routes are matched against and that
 * the application is handed, or refuses a spelling that servers and frameworks read differently.
 *
 * <h2>Why canonicalise, and why refuse</h2>
 * A gate keyed on the path is only as strong as its agreement with the code behind it. If the
 * edge matched {@code /api/%73earch} or {@code /api/search;x=1} or {@code /api/./search} literally,
 * those spellings would fall through to the default route while the application's router, which
 * decodes, still served the search handler. Canonicalising fixes that only for spellings that have
 * one reading: {@code /api%2Fsearch} is one segment to a servlet container and two to a router
 * that decodes first; {@code /api/search#x} is a fragment to one parser and part of the path to
 * another. Those are refused, as Jetty and Tomcat refuse them, so that whatever an adapter hands
 * the application ({@link EdgeExchange#path()}) is exactly the path the edge routed.
 *
 * <h2>The rules</h2>
 * <ol>
 *   <li>an absolute-form target ({@code http://host/p}) is reduced to its path; {@code *} is
 *       passed through unchanged, and any other target that does not start with {@code /} is
 *       refused;
 *   <li>the path is at most {@value #MAX_LENGTH} characters, else 414;
 *   <li>every character is printable ASCII other than {@code #} and {@code \} (a raw space,
 *       control character, non-ASCII character, fragment or backslash is refused);
 *   <li>each segment loses its path parameters (from the first {@code ';'});
 *   <li>percent escapes are decoded as UTF-8; refused are a {@code %} not followed by two hex
 *       digits, an escape that decodes to {@code /}, {@code \} or a control character, an escaped
 *       {@code %} that starts another escape ({@code %252F}, decoded twice by some code), and bytes
 *       that are not well-formed UTF-8;
 *   <li>an empty segment inside the path ({@code //}) is refused (some readers drop it, others
 *       keep it); a trailing {@code /} is kept;
 *   <li>{@code .} segments are dropped and {@code ..} removes the segment before it (a path that
 *       ends in one keeps a trailing {@code /}, as RFC 3986 removes dot segments); refused are a
 *       dot segment spelled with an escape ({@code %2e}) or carrying parameters ({@code ..;x}), and a
 *       {@code ..} that would climb above the root.
 * </ol>
 * Matching is case-sensitive, as servlet mapping is.
 *
 * <h2>Cost</h2>
 * One pass over the path, linear in its length whatever its shape: the common path (none of
 * {@code % ; //} and no dot segment) is returned as is, without allocating; any other path is
 * decoded into one byte array, and each byte is written once and removed at most once.
 */
final class MatchPath {

  /** The longest path the edge accepts, in characters (a longer one is refused with 414). */
  static final int MAX_LENGTH = 8192;

  private MatchPath() {}

  /**
   * Returns the canonical path: the argument itself when it needs no work.
   *
   * @param raw the path as received
   * @return a decoded path starting with {@code '/'}, or {@code "*"}; null when the edge refuses
   *     the spelling ({@link #refusal(String)} says why)
   */
  static @Nullable String of(String raw) {
    String path = originForm(raw);
    if (path.isEmpty() || path.equals("*")) {
      return path.isEmpty() ? "/" : path;
    }
    if (path.charAt(0) != '/' || path.length() > MAX_LENGTH) {
      return null;
    }
    if (!needsWork(path)) {
      return path;
    }
    Canonical c = new Canonical(path);
    return c.run() ? c.result : null;
  }

  /**
   * Canonicalises a path that starts with {@code '/'} and is at most {@value #MAX_LENGTH} long,
   * reading it only through {@link CharSequence#charAt} (tests count those reads to prove the
   * work linear).
   *
   * @return the canonical path, or null when refused
   */
  static @Nullable String canonical(CharSequence path) {
    if (!needsWork(path)) {
      return path.toString();
    }
    Canonical c = new Canonical(path);
    return c.run() ? c.result : null;
  }

  /**
   * Returns why {@link #of(String)} refuses a path.
   *
   * @param raw a path for which {@code of(raw)} returned null
   * @return the violation, for the field {@code path}
   */
  static Violation refusal(String raw) {
    String path = originForm(raw);
    if (path.length() > MAX_LENGTH) {
      return new Violation(Violation.Code.TOO_LONG, "path",
          "the path is " + path.length() + " characters long, more than " + MAX_LENGTH, MAX_LENGTH);
    }
    if (path.charAt(0) != '/') {
      return new Violation(Violation.Code.AMBIGUOUS_PATH, "path",
          "the target is neither a path, an absolute URI nor '*'", 0);
    }
    Canonical c = new Canonical(path);
    if (c.run()) {
      throw new IllegalArgumentException("the path is not refused: " + Texts.truncate(raw));
    }
    return new Violation(c.code, "path", c.message, c.offset);
  }

  /** Reduces an absolute-form target to its path; returns anything else unchanged. */
  private static String originForm(String raw) {
    if (raw.isEmpty() || raw.charAt(0) == '/') {
      return raw;
    }
    int scheme = raw.indexOf("://");
    if (scheme <= 0) {
      return raw;
    }
    int slash = raw.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : raw.substring(slash);
  }

  /** Tells whether a path (starting with '/') must be decoded, collapsed, resolved or refused. */
  private static boolean needsWork(CharSequence path) {
    int n = path.length();
    char before = n == 0 ? '/' : path.charAt(0);
    for (int i = 1; i < n; i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '%' || c == ';' || c == '#' || c == '\\') {
        return true;
      }
      if (c == '/' && before == '/') {
        return true;
      }
      if (c == '.' && before == '/') {
        int end = i + 1 < n && path.charAt(i + 1) == '.' ? i + 2 : i + 1;
        if (end == n || path.charAt(end) == '/') {
          return true;
        }
      }
      before = c;
    }
    return false;
  }

  /** One run of the rules over a path that needs work; not thread-safe, used once. */
  private static final class Canonical {

    private final CharSequence path;
    private final byte[] out;
    private int len;
    /** The canonical path, once {@link #run()} returned true. */
    String result = "";
    /** Why the path is refused, once {@link #run()} returned false. */
    Violation.Code code = Violation.Code.AMBIGUOUS_PATH;
    String message = "";
    int offset = -1;

    Canonical(CharSequence path) {
      this.path = path;
      this.out = new byte[path.length() + 1];
    }

    boolean run() {
      int n = path.length();
      int i = 0;
      boolean ascii = true;
      while (i < n) {
        // path.charAt(i) == '/': start a segment.
        int slash = len;
        out[len++] = '/';
        i++;
        boolean escaped = false;
        boolean parameters = false;
        while (i < n && path.charAt(i) != '/') {
          char c = path.charAt(i);
          if (!allowedRaw(c)) {
            return refuseRaw(c, i);
          }
          if (c == ';') {
            parameters = true;
            i++;
            continue;
          }
          if (parameters) {
            i++;
            continue;
          }
          if (c != '%') {
            out[len++] = (byte) c;
            i++;
            continue;
          }
          int b = i + 2 < n ? PercentEscapes.hexByte(path.charAt(i + 1), path.charAt(i + 2)) : -1;
          if (b < 0) {
            return refuse(Violation.Code.INVALID_PERCENT_ENCODING, i,
                "'%' at offset " + i + " is not followed by two hex digits");
          }
          if (b == '/' || b == '\\') {
            return refuse(Violation.Code.AMBIGUOUS_PATH, i,
                "the escape %" + path.charAt(i + 1) + path.charAt(i + 2) + " at offset " + i
                    + " is a segment separator to some readers only");
          }
          if (b < ' ' || b == 0x7f) {
            return refuse(Violation.Code.CONTROL_CHARACTER, i,
                "an encoded control character at offset " + i);
          }
          if (b == '%' && i + 4 < n && PercentEscapes.hexByte(path.charAt(i + 3), path.charAt(i + 4)) >= 0) {
            return refuse(Violation.Code.DOUBLE_ENCODING, i,
                "the escape at offset " + i + " decodes to another escape");
          }
          ascii &= b < 0x80;
          out[len++] = (byte) b;
          escaped = true;
          i += 3;
        }
        if (!endSegment(slash, i >= n, escaped, parameters, i)) {
          return false;
        }
      }
      if (len == 0) {
        out[len++] = '/';
      }
      return ascii ? finishAscii() : finishUtf8();
    }

    /** Drops an empty or dot segment just written at {@code out[slash]} onward; false if refused. */
    private boolean endSegment(int slash, boolean last, boolean escaped, boolean parameters, int at) {
      int size = len - slash - 1;
      boolean dot = size == 1 && out[slash + 1] == '.';
      boolean dotDot = size == 2 && out[slash + 1] == '.' && out[slash + 2] == '.';
      if (size == 0) {
        if (parameters || !last) {
          return refuse(Violation.Code.AMBIGUOUS_PATH, at, "an empty segment before offset " + at);
        }
      } else if (dot || dotDot) {
        if (escaped || parameters) {
          return refuse(Violation.Code.AMBIGUOUS_PATH, at,
              "a dot segment spelled with an escape or parameters before offset " + at);
        }
        int keep = slash;
        if (dotDot) {
          if (slash == 0) {
            return refuse(Violation.Code.AMBIGUOUS_PATH, at, "'..' before offset " + at + " climbs above the root");
          }
          keep = slash - 1;
          while (out[keep] != '/') {
            keep--;
          }
        }
        len = last ? keep + 1 : keep;
      }
      return true;
    }

    private boolean refuseRaw(char c, int at) {
      if (c == '#') {
        return refuse(Violation.Code.AMBIGUOUS_PATH, at, "a '#' at offset " + at + " (a fragment is never sent)");
      }
      if (c == '\\') {
        return refuse(Violation.Code.AMBIGUOUS_PATH, at, "a '\\' at offset " + at + " is a separator to some readers");
      }
      if (c >= 0x80) {
        return refuse(Violation.Code.AMBIGUOUS_PATH, at,
            "a non-ASCII character at offset " + at + " (send it percent-encoded)");
      }
      return refuse(Violation.Code.CONTROL_CHARACTER, at,
          "a space or control character at offset " + at);
    }

    private boolean refuse(Violation.Code code, int at, String message) {
      this.code = code;
      this.offset = at;
      this.message = message;
      return false;
    }

    private boolean finishAscii() {
      result = new String(out, 0, len, StandardCharsets.ISO_8859_1);
      return true;
    }

    private boolean finishUtf8() {
      try {
        result = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(out, 0, len))
            .toString();
        return true;
      } catch (CharacterCodingException e) {
        return refuse(Violation.Code.INVALID_UTF8, -1, "the decoded path is not well-formed UTF-8");
      }
    }

    /** Printable ASCII other than '#' and '\'. */
    private static boolean allowedRaw(char c) {
      return c > ' ' && c < 0x7f && c != '#' && c != '\\';
    }
  }
}
