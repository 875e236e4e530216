package dev.bulwark.headers.internal;

import dev.bulwark.core.internal.HttpTokens;

/**
 * HTTP field syntax (RFC 9110 section 5): header names are tokens; the values this module emits
 * are visible ASCII and spaces, never control characters, so nothing a caller configures can split
 * a response (CR/LF injection) or smuggle bytes a proxy would read differently.
 */
public final class HeaderSyntax {

  private static final int MAX_QUOTED = 200;

  private HeaderSyntax() {}

  /**
   * Checks that {@code s} is a token.
   *
   * @param what what the text is, for the message ("header name")
   * @param s the text
   * @return {@code s}
   * @throws IllegalArgumentException if {@code s} is empty or has a non-token character
   */
  public static String requireToken(String what, String s) {
    if (!HttpTokens.isToken(s)) {
      throw new IllegalArgumentException(
          what + " must be a non-empty HTTP token (letters, digits, !#$%&'*+-.^_`|~) but was "
              + quote(s));
    }
    return s;
  }

  /**
   * Checks a header value: non-empty, only visible ASCII and spaces, no leading or trailing space.
   * CR, LF, TAB, NUL, DEL and non-ASCII characters are all rejected.
   *
   * @param name the header name, for the message
   * @param value the value
   * @return {@code value}
   * @throws IllegalArgumentException if the value breaks a rule (the message says which)
   */
  public static String requireValue(String name, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value of header " + name + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(
            "value of header " + name + " must be visible ASCII without control characters"
                + " (CR, LF, TAB, NUL...) but was " + quote(value));
      }
    }
    if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
      throw new IllegalArgumentException(
          "value of header " + name + " must not start or end with a space but was " + quote(value));
    }
    return value;
  }

  /**
   * Quotes text for an exception message, escaping control and non-ASCII characters so that a
   * hostile value cannot forge log lines.
   *
   * <p>Text longer than 200 characters is cut, and its length is given instead.
   *
   * @param s the text
   * @return {@code "s"} with {@code \r}, {@code \n}, {@code \t} and {@code \\uXXXX} escapes
   */
  public static String quote(String s) {
    int shown = Math.min(s.length(), MAX_QUOTED);
    StringBuilder sb = new StringBuilder(shown + 16).append('"');
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7E) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    if (shown < s.length()) {
      sb.append("... (").append(s.length()).append(" characters)");
    }
    return sb.toString();
  }
}
