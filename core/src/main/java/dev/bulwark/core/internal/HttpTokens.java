package dev.bulwark.core.internal;

/**
 * The RFC 9110 token grammar (section 5.6.2): {@code token = 1*tchar}, where {@code tchar} is an
 * ASCII letter, an ASCII digit or one of {@code !#$%&'*+-.^_`|~}. Header names, methods, media
 * types and their parameter names are tokens.
 *
 * <p>Not API (see the package documentation).
 */
public final class HttpTokens {

  /** The {@code tchar}s that are neither letters nor digits. */
  private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpTokens() {}

  /**
   * Tells whether {@code c} is a {@code tchar}.
   *
   * @param c a character (an {@code int} so that code points and {@code char}s both fit)
   * @return true for ASCII letters, digits and {@code !#$%&'*+-.^_`|~}
   */
  public static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || (c < 0x80 && SYMBOLS.indexOf(c) >= 0);
  }

  /**
   * Tells whether {@code s} is a token: not empty, and only {@code tchar}s.
   *
   * @param s the text
   * @return true if {@code s} is a token
   */
  public static boolean isToken(CharSequence s) {
    return isToken(s, 0, s.length());
  }

  /**
   * Tells whether {@code s[from, to)} is a token: not empty, and only {@code tchar}s.
   *
   * @param s the text
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @return true if the range is a non-empty token
   */
  public static boolean isToken(CharSequence s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
