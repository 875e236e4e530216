package dev.bulwark.config;

import static dev.bulwark.core.internal.AsciiChars.isAlpha;
import static dev.bulwark.core.internal.AsciiChars.isDigit;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses the two units of measure of configuration files: durations ({@code "30s"},
 * {@code "100ms"}, {@code "1h30m"}) and sizes in bytes ({@code "1MiB"}, {@code "10MB"}).
 *
 * <p>A duration is one or more groups of digits followed by a unit, without spaces or signs:
 * {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} (24 hours).
 * Units are case-sensitive, because {@code m} (minutes) and {@code M} would otherwise be easy to
 * confuse with months or megabytes.
 *
 * <p>A size is digits, optional spaces and an optional unit, compared ignoring case: none or
 * {@code B} (bytes), {@code KB}, {@code MB}, {@code GB} (powers of 1000) or {@code KiB},
 * {@code MiB}, {@code GiB} (powers of 1024). Fractions are not accepted.
 */
final class Quantities {

  static final String DURATION_EXAMPLES = "expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"";
  static final String SIZE_EXAMPLES =
      "expected a size in bytes such as 1048576, \"512KiB\", \"1MiB\" or \"10MB\"";

  private Quantities() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException if the text is not a duration or does not fit a
   *     {@link Duration}
   */
  static Duration duration(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(DURATION_EXAMPLES);
    }
    Duration total = Duration.ZERO;
    int i = 0;
    try {
      while (i < text.length()) {
        int start = i;
        while (i < text.length() && isDigit(text.charAt(i))) {
          i++;
        }
        int unitStart = i;
        while (i < text.length() && isAlpha(text.charAt(i))) {
          i++;
        }
        if (start == unitStart || unitStart == i) {
          throw new IllegalArgumentException(DURATION_EXAMPLES);
        }
        long amount = Long.parseLong(text.substring(start, unitStart));
        total = total.plus(part(amount, text.substring(unitStart, i)));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("the duration is too long", e);
    }
    return total;
  }

  private static Duration part(long amount, String unit) {
    switch (unit) {
      case "ns":
        return Duration.ofNanos(amount);
      case "us":
        return Duration.ofNanos(Math.multiplyExact(amount, 1000L));
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        throw new IllegalArgumentException(
            "unknown unit '" + unit + "'; " + DURATION_EXAMPLES + " (units ns, us, ms, s, m, h, d)");
    }
  }

  /**
   * Parses a size in bytes.
   *
   * @throws IllegalArgumentException if the text is not a size or exceeds {@link Long#MAX_VALUE}
   */
  static long size(String text) {
    int i = 0;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException(SIZE_EXAMPLES);
    }
    String digits = text.substring(0, i);
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    String unit = text.substring(i).toLowerCase(Locale.ROOT);
    long multiplier;
    switch (unit) {
      case "", "b":
        multiplier = 1;
        break;
      case "kb":
        multiplier = 1000L;
        break;
      case "kib":
        multiplier = 1L << 10;
        break;
      case "mb":
        multiplier = 1000L * 1000;
        break;
      case "mib":
        multiplier = 1L << 20;
        break;
      case "gb":
        multiplier = 1000L * 1000 * 1000;
        break;
      case "gib":
        multiplier = 1L << 30;
        break;
      default:
        throw new IllegalArgumentException(SIZE_EXAMPLES + " (units B, KB, KiB, MB, MiB, GB, GiB)");
    }
    try {
      return Math.multiplyExact(Long.parseLong(digits), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("the size is too large", e);
    }
  }
}
