package dev.bulwark.http;

import java.nio.charset.StandardCharsets;

/**
 * A minimal compact JSON writer for the documents http-edge sends: error bodies and health
 * reports. It writes exactly what Jackson's generator wrote before it (the tests compare both), so
 * no client sees a changed byte.
 *
 * <h2>Escaping</h2>
 * Always: {@code "} and {@code \} with a backslash; {@code \b \t \n \f \r} in their short form; the
 * other control characters below U+0020 as {@code \}{@code u00XX} (upper-case hex). In HTML-safe
 * mode (error bodies) also {@code <}, {@code >}, {@code &}, {@code '}, U+2028, U+2029 and every
 * UTF-16 surrogate as {@code \}{@code uXXXX}, so the body stays valid, equal JSON that cannot close
 * a {@code <script>} element when pasted into a page, and its UTF-8 bytes never depend on how a
 * lone surrogate would be encoded. Other characters are written as they are.
 *
 * <p>The caller writes a well-formed sequence (names only inside objects, every container
 * closed); the writer places the commas and colons. Not thread-safe; one instance per document.
 */
final class JsonOut {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final StringBuilder out = new StringBuilder(256);
  private final boolean htmlSafe;
  /** Whether the next value or name needs a comma before it. */
  private boolean comma;

  JsonOut(boolean htmlSafe) {
    this.htmlSafe = htmlSafe;
  }

  JsonOut beginObject() {
    separate();
    out.append('{');
    comma = false;
    return this;
  }

  JsonOut endObject() {
    out.append('}');
    comma = true;
    return this;
  }

  JsonOut beginArray() {
    separate();
    out.append('[');
    comma = false;
    return this;
  }

  JsonOut endArray() {
    out.append(']');
    comma = true;
    return this;
  }

  /** Writes a member name; the value written next belongs to it. */
  JsonOut name(String name) {
    separate();
    quote(name);
    out.append(':');
    comma = false;
    return this;
  }

  JsonOut value(String value) {
    separate();
    quote(value);
    comma = true;
    return this;
  }

  JsonOut value(long value) {
    separate();
    out.append(value);
    comma = true;
    return this;
  }

  JsonOut value(boolean value) {
    separate();
    out.append(value);
    comma = true;
    return this;
  }

  /** Writes a double as {@link Double#toString(double)}; NaN and infinities as strings, as Jackson did. */
  JsonOut value(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value(Double.toString(value));
    }
    separate();
    out.append(value);
    comma = true;
    return this;
  }

  JsonOut member(String name, String value) {
    return name(name).value(value);
  }

  JsonOut member(String name, long value) {
    return name(name).value(value);
  }

  /** Returns the document written so far. */
  String text() {
    return out.toString();
  }

  /** Returns the document written so far in UTF-8. */
  byte[] bytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void separate() {
    if (comma) {
      out.append(',');
    }
  }

  private void quote(String s) {
    out.append('"');
    int plain = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (needsEscape(c)) {
        out.append(s, plain, i);
        escape(c);
        plain = i + 1;
      }
    }
    out.append(s, plain, s.length()).append('"');
  }

  private boolean needsEscape(char c) {
    if (c < 0x20 || c == '"' || c == '\\') {
      return true;
    }
    if (!htmlSafe) {
      return false;
    }
    return c == '<' || c == '>' || c == '&' || c == '\'' || c == 0x2028 || c == 0x2029
        || Character.isSurrogate(c);
  }

  private void escape(char c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\b' -> out.append("\\b");
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\f' -> out.append("\\f");
      case '\r' -> out.append("\\r");
      default -> out.append('\\').append('u')
          .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
          .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
  }
}
