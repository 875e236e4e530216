package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import java.util.Objects;

/**
 * Contextual output encoders: make untrusted text safe to place in one specific spot of an HTML
 * page, a script, a URL or a style sheet.
 *
 * <p>Pick the encoder for the exact context; they are not interchangeable:
 * <pre>{@code
 * <p>${Encode.forHtml(name)}</p>
 * <input value="${Encode.forHtmlAttribute(name)}">            (quoted attributes only)
 * <script>var n = '${Encode.forJavaScript(name)}';</script>    (inside a quoted JS string)
 * <a href="/search?q=${Encode.forUriComponent(query)}">
 * <div style="font-family: '${Encode.forCssString(font)}'">    (inside a quoted CSS string)
 * }</pre>
 *
 * <p>Every method returns its argument itself, without allocating, when nothing needs encoding; it
 * rejects null with a {@link NullPointerException} rather than printing "null". Characters that are
 * not allowed in HTML or that cannot be encoded (C0 and C1 controls other than tab, CR and LF,
 * DEL, unpaired surrogates) become U+FFFD in the HTML encoders and are escaped in the others.
 * All methods are static, allocation-light and thread-safe.
 */
public final class Encode {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Encode() {}

  // ------------------------------------------------------------------ HTML text

  /**
   * Encodes text for HTML element content: {@code &} {@code <} {@code >} become references.
   * Also safe inside a quoted attribute value only if quotes cannot occur; use
   * {@link #forHtmlAttribute(String)} there.
   *
   * @param input the text
   * @return the encoded text, or {@code input} itself if nothing needed encoding
   * @throws NullPointerException if {@code input} is null
   */
  public static String forHtml(String input) {
    Objects.requireNonNull(input, "input");
    int first = firstHtml(input, false);
    return first < 0 ? input : html(input, first, false);
  }

  /**
   * Encodes text for a quoted HTML attribute value (single or double quotes): also {@code "},
   * {@code '} and the backquote. Not for unquoted attributes, and not for URL, event-handler or
   * style attributes, which need {@link #forUriComponent}, {@link #forJavaScript} or
   * {@link #forCssString} first.
   *
   * @param input the text
   * @return the encoded text, or {@code input} itself if nothing needed encoding
   * @throws NullPointerException if {@code input} is null
   */
  public static String forHtmlAttribute(String input) {
    Objects.requireNonNull(input, "input");
    int first = firstHtml(input, true);
    return first < 0 ? input : html(input, first, true);
  }

  private static int firstHtml(String s, boolean attribute) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '&' || c == '<' || c == '>' || (attribute && (c == '"' || c == '\'' || c == '`'))
          || invalidHtml(s, i, c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean invalidHtml(String s, int i, char c) {
    if (c < 0x20) {
      return c != '\t' && c != '\n' && c != '\r';
    }
    if (c >= 0x7F && c <= 0x9F) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static String html(String s, int first, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    out.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&#34;" : "\"");
        case '\'' -> out.append(attribute ? "&#39;" : "'");
        case '`' -> out.append(attribute ? "&#96;" : "`");
        default -> out.append(invalidHtml(s, i, c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ JavaScript string

  /**
   * Encodes text for the inside of a quoted JavaScript string literal ({@code '...'} or
   * {@code "..."}), in a {@code <script>} block or in a quoted event-handler attribute. Quotes,
   * backslash, {@code /}, {@code <}, {@code >}, {@code &}, the backquote, control characters and
   * the line separators U+2028/U+2029 are escaped ({@code \x27}, {@code \\}, {@code \n},
   * {@code \u2028}...), so the value can neither end the string, nor the script block, nor the
   * attribute. Not for template literals' {@code ${}} parts nor for JSON (which forbids {@code \x}).
   *
   * @param input the text
   * @return the encoded text, or {@code input} itself if nothing needed encoding
   * @throws NullPointerException if {@code input} is null
   */
  public static String forJavaScript(String input) {
    Objects.requireNonNull(input, "input");
    int first = -1;
    for (int i = 0; i < input.length(); i++) {
      if (jsEscape(input, i, input.charAt(i))) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(input.length() + 16);
    out.append(input, 0, first);
    for (int i = first; i < input.length(); i++) {
      char c = input.charAt(i);
      if (!jsEscape(input, i, c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x100) {
            out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean jsEscape(String s, int i, char c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
      return true;
    }
    switch (c) {
      case '\'', '"', '\\', '/', '<', '>', '&', '`' -> {
        return true;
      }
      default -> {
        return Character.isSurrogate(c) && invalidHtml(s, i, c);
      }
    }
  }

  // ------------------------------------------------------------------ URL component

  /**
   * Percent-encodes text as UTF-8 for one URL component (a path segment, a query name or value):
   * everything except the unreserved characters {@code A-Z a-z 0-9 - . _ ~}. An unpaired surrogate
   * is encoded as U+FFFD.
   *
   * @param input the text
   * @return the encoded text, or {@code input} itself if nothing needed encoding
   * @throws NullPointerException if {@code input} is null
   */
  public static String forUriComponent(String input) {
    Objects.requireNonNull(input, "input");
    int first = -1;
    for (int i = 0; i < input.length(); i++) {
      if (!unreserved(input.charAt(i))) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(input.length() + 32);
    out.append(input, 0, first);
    for (int i = first; i < input.length(); i++) {
      char c = input.charAt(i);
      if (unreserved(c)) {
        out.append(c);
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < input.length() && Character.isLowSurrogate(input.charAt(i + 1))) {
        cp = Character.toCodePoint(c, input.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cp = 0xFFFD;
      }
      utf8(out, cp);
    }
    return out.toString();
  }

  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~';
  }

  private static void utf8(StringBuilder out, int cp) {
    if (cp < 0x80) {
      pct(out, cp);
    } else if (cp < 0x800) {
      pct(out, 0xC0 | (cp >> 6));
      pct(out, 0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      pct(out, 0xE0 | (cp >> 12));
      pct(out, 0x80 | ((cp >> 6) & 0x3F));
      pct(out, 0x80 | (cp & 0x3F));
    } else {
      pct(out, 0xF0 | (cp >> 18));
      pct(out, 0x80 | ((cp >> 12) & 0x3F));
      pct(out, 0x80 | ((cp >> 6) & 0x3F));
      pct(out, 0x80 | (cp & 0x3F));
    }
  }

  private static void pct(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  // ------------------------------------------------------------------ CSS string

  /**
   * Encodes text for the inside of a quoted CSS string ({@code '...'} or {@code "..."}, for
   * example a font family or {@code content} value): quotes, backslash, {@code <}, {@code >},
   * {@code &}, control characters and line separators become CSS hex escapes ({@code \27}),
   * followed by a space when the next character could extend the escape. Not for unquoted values
   * or {@code url()}: encode a URL with {@link #forUriComponent} and quote it.
   *
   * @param input the text
   * @return the encoded text, or {@code input} itself if nothing needed encoding
   * @throws NullPointerException if {@code input} is null
   */
  public static String forCssString(String input) {
    Objects.requireNonNull(input, "input");
    int first = -1;
    for (int i = 0; i < input.length(); i++) {
      if (cssEscape(input, i, input.charAt(i))) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(input.length() + 16);
    out.append(input, 0, first);
    for (int i = first; i < input.length(); i++) {
      char c = input.charAt(i);
      if (!cssEscape(input, i, c)) {
        out.append(c);
        continue;
      }
      int cp = Character.isSurrogate(c) ? 0xFFFD : c;
      out.append('\\');
      boolean digits = false;
      for (int shift = 12; shift >= 0; shift -= 4) {
        int d = (cp >> shift) & 0xF;
        if (d != 0 || digits || shift == 0) {
          out.append(HEX[d]);
          digits = true;
        }
      }
      if (i + 1 < input.length()) {
        char next = input.charAt(i + 1);
        if (AsciiChars.isHexDigit(next) || next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\f') {
          out.append(' ');
        }
      }
    }
    return out.toString();
  }

  private static boolean cssEscape(String s, int i, char c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
      return true;
    }
    switch (c) {
      case '\'', '"', '\\', '<', '>', '&' -> {
        return true;
      }
      default -> {
        return Character.isSurrogate(c) && invalidHtml(s, i, c);
      }
    }
  }
}
