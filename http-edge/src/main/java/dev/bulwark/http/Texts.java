package dev.bulwark.http;

/** Small text helpers: truncating echoed input, and header-name tokens. */
final class Texts {

  /** The most characters of client input echoed back in a body or message. */
  static final int MAX_ECHO = 100;

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private Texts() {}

  /**
   * Returns {@code s} cut to at most {@value #MAX_ECHO} characters, never splitting a surrogate
   * pair.
   */
  static String truncate(String s) {
    if (s.length() <= MAX_ECHO) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
    return s.substring(0, end);
  }

  /** Tells whether {@code s} is an RFC 9110 token (a valid header name). */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!alnum && TCHAR_SYMBOLS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
