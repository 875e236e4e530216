package dev.bulwark.core.internal;

/**
 * The ASCII character classes of RFC 5234's core rules ({@code ALPHA}, {@code DIGIT},
 * {@code HEXDIG}, the last case-insensitive as URIs and hosts use it), which the grammars of
 * origins, CSP sources, IP literals and numbers in headers are written in. Unlike
 * {@link Character#isLetter} and {@link Character#isDigit}, nothing outside ASCII matches.
 *
 * <p>Not API (see the package documentation). Stateless and thread-safe.
 */
public final class AsciiChars {

  private AsciiChars() {}

  /**
   * Tells whether {@code c} is an ASCII letter.
   *
   * @param c a character
   * @return true for {@code a-z} and {@code A-Z}
   */
  public static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Tells whether {@code c} is an ASCII digit.
   *
   * @param c a character
   * @return true for {@code 0-9}
   */
  public static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Tells whether {@code c} is an ASCII hex digit; {@link PercentEscapes#hexDigit} gives its value.
   *
   * @param c a character
   * @return true for {@code 0-9}, {@code a-f} and {@code A-F}
   */
  public static boolean isHexDigit(char c) {
    return PercentEscapes.hexDigit(c) >= 0;
  }
}
