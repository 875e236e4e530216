package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one {@code application/x-www-form-urlencoded} name or value of a query string, once:
 * {@code +} is a space and {@code %XX} a byte, and the bytes must be well-formed UTF-8. This is
 * what servlet containers and Netty's {@code QueryStringDecoder} give handlers, so the validators
 * check the text the handler will see.
 *
 * <p>Text without {@code '%'} or {@code '+'} is returned as a substring, the only allocation.
 */
final class FormDecoder {

  private FormDecoder() {}

  /** Returns {@code raw[from, to)} decoded, or null when it is malformed (see {@link #problem}). */
  static @Nullable String decode(String raw, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = raw.charAt(i);
      plain = c != '%' && c != '+';
    }
    if (plain) {
      return raw.substring(from, to);
    }
    byte[] bytes = new byte[(to - from) * 3];
    int n = 0;
    int i = from;
    while (i < to) {
      char c = raw.charAt(i);
      if (c == '%') {
        int b = i + 2 < to ? hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
        if (b < 0) {
          return null;
        }
        bytes[n++] = (byte) b;
        i += 3;
      } else if (c == '+') {
        bytes[n++] = ' ';
        i++;
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
        i++;
      } else {
        int width = Character.isHighSurrogate(c) && i + 1 < to ? 2 : 1;
        byte[] utf8 = raw.substring(i, i + width).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, n, utf8.length);
        n += utf8.length;
        i += width;
      }
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Describes why {@link #decode} returned null for a field. */
  static Violation problem(String field, String raw, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw.charAt(i) == '%' && (i + 2 >= to || hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) < 0)) {
        return new Violation(Violation.Code.INVALID_PERCENT_ENCODING, field,
            "invalid percent-encoding at index " + (i - from), i - from);
      }
    }
    return new Violation(Violation.Code.INVALID_UTF8, field,
        "percent-decoded bytes are not well-formed UTF-8", -1);
  }

  static int hexByte(char hi, char lo) {
    int h = hexDigit(hi);
    int l = hexDigit(lo);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  /** An ASCII hex digit's value, or -1 ({@code Character.digit} would accept other scripts' digits). */
  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }
}
