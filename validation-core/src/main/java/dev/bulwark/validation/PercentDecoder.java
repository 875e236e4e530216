package dev.bulwark.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Percent-decodes once, as UTF-8: strictly for {@link InputPolicy} (errors are reported with their
 * offset) and leniently for {@link Scan} (invalid escapes stay as they are, bad UTF-8 becomes
 * U+FFFD).
 */
final class PercentDecoder {

  /** Result of a strict decode: the text, or an error code and its offset. */
  static final class Result {
    /** The decoded text, or null on error. */
    final @Nullable String text;
    /** The violation code on error. */
    final Violation.@Nullable Code error;
    /** Where the error is: an index into the raw text, or a byte index for bad UTF-8. */
    final int offset;

    Result(@Nullable String text, Violation.@Nullable Code error, int offset) {
      this.text = text;
      this.error = error;
      this.offset = offset;
    }
  }

  private PercentDecoder() {}

  /**
   * Decodes {@code raw} once. Returns {@code raw} itself when it holds no escape.
   *
   * @param raw the text
   * @param plusAsSpace whether {@code +} means a space (HTML form encoding)
   * @return the decoded text, or the first error
   */
  static Result strict(String raw, boolean plusAsSpace) {
    if (!needsDecoding(raw, plusAsSpace)) {
      return new Result(raw, null, -1);
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !Chars.isHex(raw.charAt(i + 1)) || !Chars.isHex(raw.charAt(i + 2))) {
          return new Result(null, Violation.Code.INVALID_PERCENT_ENCODING, i);
        }
        bytes.put((byte) (Chars.hexValue(raw.charAt(i + 1)) * 16 + Chars.hexValue(raw.charAt(i + 2))));
        i += 2;
      } else if (c == '+' && plusAsSpace) {
        bytes.put((byte) ' ');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        bytes.put(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    bytes.flip();
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.remaining());
    CoderResult result = decoder.decode(bytes, out, true);
    if (result.isError()) {
      return new Result(null, Violation.Code.INVALID_UTF8, bytes.position());
    }
    decoder.flush(out);
    out.flip();
    return new Result(out.toString(), null, -1);
  }

  /**
   * Decodes {@code raw} once, never failing: invalid escapes are kept, bad UTF-8 becomes U+FFFD.
   *
   * @param raw the text
   * @param plusAsSpace whether {@code +} means a space
   * @return the decoded text
   */
  static String lenient(String raw, boolean plusAsSpace) {
    if (!needsDecoding(raw, plusAsSpace)) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && Chars.isHex(raw.charAt(i + 1))
          && Chars.isHex(raw.charAt(i + 2))) {
        bytes.put((byte) (Chars.hexValue(raw.charAt(i + 1)) * 16 + Chars.hexValue(raw.charAt(i + 2))));
        i += 2;
      } else if (c == '+' && plusAsSpace) {
        bytes.put((byte) ' ');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        bytes.put(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("REPLACE never reports errors", e);
    }
  }

  private static boolean needsDecoding(String raw, boolean plusAsSpace) {
    return raw.indexOf('%') >= 0 || (plusAsSpace && raw.indexOf('+') >= 0);
  }

  /**
   * Finds an escape that survived one round of decoding: {@code %} and two hex digits.
   *
   * @param decoded a once-decoded text
   * @return the index of the {@code %}, or -1
   */
  static int remainingEscape(String decoded) {
    for (int i = decoded.indexOf('%'); i >= 0 && i + 2 < decoded.length(); i = decoded.indexOf('%', i + 1)) {
      if (Chars.isHex(decoded.charAt(i + 1)) && Chars.isHex(decoded.charAt(i + 2))) {
        return i;
      }
    }
    return -1;
  }
}
