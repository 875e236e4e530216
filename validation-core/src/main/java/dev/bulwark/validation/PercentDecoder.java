package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import dev.bulwark.core.internal.PercentEscapes;
import org.jspecify.annotations.Nullable;

/**
 * Percent-decodes once, as UTF-8: strictly for {@link InputPolicy} (errors are reported with their
 * offset) and leniently for {@link Scan} (invalid escapes stay as they are, bad UTF-8 becomes
 * U+FFFD). The decoding is {@link PercentEscapes}'s, shared with http-edge.
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
    String text = PercentEscapes.decodeStrict(raw, 0, raw.length(), plusAsSpace);
    if (text != null) {
      return new Result(text, null, -1);
    }
    int bad = PercentEscapes.malformedEscape(raw, 0, raw.length());
    if (bad >= 0) {
      return new Result(null, Violation.Code.INVALID_PERCENT_ENCODING, bad);
    }
    return new Result(
        null, Violation.Code.INVALID_UTF8, PercentEscapes.malformedUtf8(raw, 0, raw.length(), plusAsSpace));
  }

  /**
   * Decodes {@code raw} once, never failing: invalid escapes are kept, bad UTF-8 becomes U+FFFD.
   *
   * @param raw the text
   * @param plusAsSpace whether {@code +} means a space
   * @return the decoded text
   */
  static String lenient(String raw, boolean plusAsSpace) {
    return PercentEscapes.decodeLenient(raw, 0, raw.length(), plusAsSpace);
  }

  /**
   * Finds an escape that survived one round of decoding: {@code %} and two hex digits.
   *
   * @param decoded a once-decoded text
   * @return the index of the {@code %}, or -1
   */
  static int remainingEscape(String decoded) {
    for (int i = decoded.indexOf('%'); i >= 0 && i + 2 < decoded.length(); i = decoded.indexOf('%', i + 1)) {
      if (AsciiChars.isHexDigit(decoded.charAt(i + 1)) && AsciiChars.isHexDigit(decoded.charAt(i + 2))) {
        return i;
      }
    }
    return -1;
  }
}
