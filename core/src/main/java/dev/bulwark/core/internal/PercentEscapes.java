package dev.bulwark.core.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Percent-decoding (RFC 3986) and form decoding ({@code application/x-www-form-urlencoded}, where
 * {@code +} is also a space), once, as UTF-8, of a range of a string.
 *
 * <p>Two ways to meet bad input, because the callers need both: {@link #decodeStrict} refuses a
 * malformed escape ({@code %} without two ASCII hex digits) or bytes that are not well-formed UTF-8
 * (the caller then asks {@link #malformedEscape} and {@link #malformedUtf8} where); and
 * {@link #decodeLenient} keeps a malformed escape as it is and turns bad UTF-8 into U+FFFD.
 *
 * <p>Text without {@code %} (and without {@code +} when {@code plusAsSpace}) is returned as a
 * substring, the only allocation (none when the range is the whole string). Characters outside
 * ASCII stand for their own UTF-8 bytes; a lone surrogate stands for {@code ?}, as
 * {@link String#getBytes} encodes it.
 *
 * <p>Not API (see the package documentation). Stateless and thread-safe.
 */
public final class PercentEscapes {

  private PercentEscapes() {}

  /**
   * Returns the value of an ASCII hex digit ({@link Character#digit} would accept other scripts'
   * digits too).
   *
   * @param c a character
   * @return 0 to 15, or -1 if {@code c} is not one of {@code 0-9 a-f A-F}
   */
  public static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  /**
   * Returns the byte two hex digits spell.
   *
   * @param hi the high digit
   * @param lo the low digit
   * @return 0 to 255, or -1 if either is not an ASCII hex digit
   */
  public static int hexByte(char hi, char lo) {
    int h = hexDigit(hi);
    int l = hexDigit(lo);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  /**
   * Decodes {@code raw[from, to)}, refusing bad input.
   *
   * @param raw the text
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @param plusAsSpace whether {@code +} means a space (form encoding)
   * @return the decoded text, or null if an escape is malformed or the bytes are not UTF-8
   */
  public static @Nullable String decodeStrict(String raw, int from, int to, boolean plusAsSpace) {
    if (isPlain(raw, from, to, plusAsSpace)) {
      return raw.substring(from, to);
    }
    String ascii = decodeAscii(raw, from, to, plusAsSpace);
    if (ascii != null) {
      return ascii;
    }
    ByteBuffer bytes = bytes(raw, from, to, plusAsSpace, false);
    if (bytes == null) {
      return null;
    }
    CharBuffer out = CharBuffer.allocate(bytes.remaining());
    CharsetDecoder decoder = strictUtf8();
    if (decoder.decode(bytes, out, true).isError()) {
      return null;
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }

  /**
   * Decodes {@code raw[from, to)}, never failing: a malformed escape stays as it is, and bytes that
   * are not well-formed UTF-8 become U+FFFD.
   *
   * @param raw the text
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @param plusAsSpace whether {@code +} means a space (form encoding)
   * @return the decoded text
   */
  public static String decodeLenient(String raw, int from, int to, boolean plusAsSpace) {
    if (isPlain(raw, from, to, plusAsSpace)) {
      return raw.substring(from, to);
    }
    String ascii = decodeAscii(raw, from, to, plusAsSpace);
    if (ascii != null) {
      return ascii;
    }
    ByteBuffer bytes = bytes(raw, from, to, plusAsSpace, true);
    // Never null: bad escapes are kept.
    return StandardCharsets.UTF_8.decode(bytes == null ? ByteBuffer.allocate(0) : bytes).toString();
  }

  /**
   * Finds the first malformed escape in {@code raw[from, to)}: a {@code %} not followed by two
   * ASCII hex digits inside the range.
   *
   * @param raw the text
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @return the index of the {@code %} in {@code raw}, or -1 if every escape is well-formed
   */
  public static int malformedEscape(String raw, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 >= to || hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) < 0) {
          return i;
        }
        i += 2;
      }
    }
    return -1;
  }

  /**
   * Finds where the decoded bytes of {@code raw[from, to)} stop being well-formed UTF-8.
   *
   * @param raw the text, whose escapes are all well-formed (see {@link #malformedEscape})
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @param plusAsSpace whether {@code +} means a space (form encoding)
   * @return the index of the first bad byte among the decoded bytes, or -1 if they are UTF-8 (or an
   *     escape is malformed)
   */
  public static int malformedUtf8(String raw, int from, int to, boolean plusAsSpace) {
    ByteBuffer bytes = bytes(raw, from, to, plusAsSpace, false);
    if (bytes == null) {
      return -1;
    }
    CoderResult result = strictUtf8().decode(bytes, CharBuffer.allocate(bytes.remaining()), true);
    return result.isError() ? bytes.position() : -1;
  }

  /**
   * Decodes the common case without a charset decoder: every character and every escaped byte is
   * ASCII and every escape well-formed, so each decoded byte is one character. Returns null for
   * anything else (a byte of 0x80 or above, a bad escape, a non-ASCII character), which the general
   * path then decodes or refuses; so both paths give the same result for every input.
   */
  private static @Nullable String decodeAscii(String raw, int from, int to, boolean plusAsSpace) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      int b;
      if (c == '%') {
        b = i + 2 < to ? hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
        if (b < 0 || b >= 0x80) {
          return null;
        }
        i += 2;
      } else if (c == '+' && plusAsSpace) {
        b = ' ';
      } else if (c >= 0x80) {
        return null;
      } else {
        b = c;
      }
      out[n++] = (byte) b;
    }
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  private static boolean isPlain(String raw, int from, int to, boolean plusAsSpace) {
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%' || (c == '+' && plusAsSpace)) {
        return false;
      }
    }
    return true;
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The bytes {@code raw[from, to)} stands for, flipped for reading; null on a bad escape unless kept. */
  private static @Nullable ByteBuffer bytes(
      String raw, int from, int to, boolean plusAsSpace, boolean keepBadEscapes) {
    ByteBuffer bytes = ByteBuffer.allocate((to - from) * 3);
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int b = i + 2 < to ? hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
        if (b >= 0) {
          bytes.put((byte) b);
          i += 2;
        } else if (keepBadEscapes) {
          bytes.put((byte) '%');
        } else {
          return null;
        }
      } else if (c == '+' && plusAsSpace) {
        bytes.put((byte) ' ');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
        bytes.put(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    bytes.flip();
    return bytes;
  }
}
