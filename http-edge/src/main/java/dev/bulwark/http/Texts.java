package dev.bulwark.http;

/** Small text helpers: truncating echoed input. */
final class Texts {

  /** The most characters of client input echoed back in a body or message. */
  static final int MAX_ECHO = 100;

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
}
