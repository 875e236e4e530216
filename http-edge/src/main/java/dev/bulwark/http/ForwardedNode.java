package dev.bulwark.http;

/**
 * Finds the IP literal inside one forwarding node: an {@code X-Forwarded-For} element or the value
 * of a {@code Forwarded} {@code for=} parameter (RFC 7239 section 6).
 *
 * <p>Accepted spellings: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]},
 * {@code [2001:db8::1]:8080}, a bare {@code 2001:db8::1} (two or more colons mean IPv6; a bare
 * IPv6 address cannot carry a port, since its last group would be read as the port), and an
 * obfuscated port ({@code 192.0.2.1:_p1}). Everything else, including {@code unknown} and
 * obfuscated identifiers such as {@code _hidden}, is not an address. Ranges are packed into one
 * {@code long} ({@code from << 32 | to}) so that nothing is allocated.
 */
final class ForwardedNode {

  /** Returned when the node holds no IP address. */
  static final long NONE = -1;

  private ForwardedNode() {}

  /**
   * Returns the range of the address literal inside {@code s[from, to)} (brackets and port
   * removed, not yet validated as a literal), or {@link #NONE}.
   */
  static long address(String s, int from, int to) {
    if (from >= to) {
      return NONE;
    }
    if (s.charAt(from) == '[') {
      int close = indexOf(s, ']', from + 1, to);
      if (close < 0 || indexOf(s, ':', from + 1, close) < 0) {
        return NONE; // unclosed, or brackets around something that is not IPv6
      }
      return close + 1 == to || isPort(s, close + 1, to) ? pack(from + 1, close) : NONE;
    }
    int colon = indexOf(s, ':', from, to);
    if (colon < 0 || indexOf(s, ':', colon + 1, to) >= 0) {
      return pack(from, to); // IPv4 or bare IPv6, without a port
    }
    return isPort(s, colon, to) ? pack(from, colon) : NONE;
  }

  /** Packs a range. */
  static long pack(int from, int to) {
    return ((long) from << 32) | to;
  }

  /** Returns the start of a packed range. */
  static int from(long range) {
    return (int) (range >>> 32);
  }

  /** Returns the end of a packed range. */
  static int to(long range) {
    return (int) range;
  }

  /**
   * Returns whether {@code s[colon, to)} is {@code ":"} followed by a port (1 to 5 digits, at
   * most 65535) or an obfuscated port ({@code _} and one or more letters, digits, {@code . _ -}).
   */
  private static boolean isPort(String s, int colon, int to) {
    if (s.charAt(colon) != ':' || colon + 1 == to) {
      return false;
    }
    int from = colon + 1;
    if (s.charAt(from) == '_') {
      for (int i = from + 1; i < to; i++) {
        char c = s.charAt(i);
        if (!isAlphaNumeric(c) && c != '.' && c != '_' && c != '-') {
          return false;
        }
      }
      return to - from > 1;
    }
    if (to - from > 5) {
      return false;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }

  private static boolean isAlphaNumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
