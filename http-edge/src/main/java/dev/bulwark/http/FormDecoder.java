package dev.bulwark.http;

import dev.bulwark.core.internal.PercentEscapes;
import dev.bulwark.validation.Violation;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one {@code application/x-www-form-urlencoded} name or value of a query string, once:
 * {@code +} is a space and {@code %XX} a byte, and the bytes must be well-formed UTF-8. This is
 * what servlet containers and Netty's {@code QueryStringDecoder} give handlers, so the validators
 * check the text the handler will see. The decoding itself is {@link PercentEscapes}'s strict one.
 *
 * <p>Text without {@code '%'} or {@code '+'} is returned as a substring, the only allocation.
 */
final class FormDecoder {

  private FormDecoder() {}

  /** Returns {@code raw[from, to)} decoded, or null when it is malformed (see {@link #problem}). */
  static @Nullable String decode(String raw, int from, int to) {
    return PercentEscapes.decodeStrict(raw, from, to, true);
  }

  /** Describes why {@link #decode} returned null for a field. */
  static Violation problem(String field, String raw, int from, int to) {
    int bad = PercentEscapes.malformedEscape(raw, from, to);
    if (bad >= 0) {
      return new Violation(Violation.Code.INVALID_PERCENT_ENCODING, field,
          "invalid percent-encoding at index " + (bad - from), bad - from);
    }
    return new Violation(Violation.Code.INVALID_UTF8, field,
        "percent-decoded bytes are not well-formed UTF-8", -1);
  }
}
