package dev.bulwark.headers.internal;

import static dev.bulwark.core.internal.AsciiChars.isAlpha;
import static dev.bulwark.core.internal.AsciiChars.isDigit;
import static dev.bulwark.core.internal.AsciiChars.isHexDigit;

/**
 * Allocation-free scanner for serialised origins ({@code scheme "://" host [ ":" port ]}, RFC 6454
 * section 6.2), used both for configuration and for the {@code Origin} header of every request.
 *
 * <h2>Why a scanner that returns a packed long</h2>
 * CORS checks run on every cross-origin request, and most of those carry a hostile or at least
 * untrusted {@code Origin}. Parsing into objects would allocate per request, and throwing on bad
 * input would make garbage expensive. So {@link #scan} validates the whole string once and packs
 * three positions into a {@code long}: the end of the scheme, the end of the host and the explicit
 * port. The host starts right after {@code "://"}. A negative result is a {@link Problem} code.
 * Matching then compares regions of the original string case-insensitively, without copying.
 *
 * <h2>What is accepted</h2>
 * Exactly what a browser sends, in any letter case: a scheme ({@code ALPHA *(ALPHA / DIGIT / "+" /
 * "-" / ".")}), {@code "://"}, a host that is either dot-separated non-empty labels of ASCII
 * letters, digits, {@code '-'} and {@code '_'} (at most 253 characters, labels at most 63) or a
 * bracketed IPv6 literal, and an optional port of 1 to 5 digits in [1, 65535]. Everything else is
 * rejected with a reason: userinfo, paths (even a lone trailing slash), queries, fragments,
 * percent-encoding, non-ASCII (browsers send the punycode form), {@code '*'}, a trailing dot, and
 * the opaque origin {@code null}. Rejecting rather than repairing is deliberate: an origin that
 * needs repair did not come from a browser, and every repair rule is a potential bypass.
 */
public final class OriginSyntax {

  /** The longest origin accepted; longer strings are rejected as {@link Problem#TOO_LONG}. */
  public static final int MAX_LENGTH = 2048;

  private static final int MAX_HOST = 253;
  private static final int MAX_LABEL = 63;
  private static final int FIELD_BITS = 20;
  private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;

  /** Why a string is not an origin. */
  public enum Problem {
    /** The string is empty. */
    EMPTY(1, "must not be empty"),
    /** The string is longer than {@link #MAX_LENGTH}. */
    TOO_LONG(2, "is longer than " + MAX_LENGTH + " characters"),
    /** The string is the opaque origin {@code null}. */
    NULL_ORIGIN(
        3,
        "is the opaque origin null, which is never allowed: sandboxed frames, file: pages, data: URLs"
            + " and cross-origin redirects all send it"),
    /** There is no valid scheme before {@code "://"}. */
    BAD_SCHEME(4, "must start with a scheme followed by ://, as in https://example.com"),
    /** There is user information ({@code user@}). */
    USERINFO(5, "must not contain user information (user@host)"),
    /** The host is empty. */
    EMPTY_HOST(6, "has an empty host"),
    /** The host has an invalid character or an empty or over-long label. */
    BAD_HOST(
        7,
        "has an invalid host: use dot-separated labels of ASCII letters, digits, '-' and '_' (the"
            + " punycode xn-- form for international names) or a bracketed IPv6 address"),
    /** The host contains {@code '*'}. */
    WILDCARD(8, "contains '*', which is not an origin; the only pattern form is https://*.example.com"),
    /** The port is empty, not decimal, zero or above 65535. */
    BAD_PORT(9, "has an invalid port: it must be a number from 1 to 65535"),
    /** The string ends with a single {@code '/'}. */
    TRAILING_SLASH(10, "must not end with '/': an origin has no path, so write it without the slash"),
    /** There is a path, query or fragment. */
    PATH(11, "must not have a path, query or fragment: an origin is only scheme://host[:port]");

    private final int code;
    private final String message;

    Problem(int code, String message) {
      this.code = code;
      this.message = message;
    }

    /**
     * Returns the reason as a sentence fragment that follows the origin ("... must not be empty").
     *
     * @return the reason
     */
    public String message() {
      return message;
    }
  }

  /** Indexed by code - 1: codes are 1..n in declaration order. */
  private static final Problem[] PROBLEMS = Problem.values();

  private OriginSyntax() {}

  /**
   * Scans {@code s} as a serialised origin.
   *
   * @param s the candidate origin
   * @return a non-negative packed scan for {@link #schemeEnd}, {@link #hostEnd} and {@link #port},
   *     or a negative value for {@link #problem}
   */
  public static long scan(String s) {
    int len = s.length();
    if (len == 0) {
      return fail(Problem.EMPTY);
    }
    if (len > MAX_LENGTH) {
      return fail(Problem.TOO_LONG);
    }
    if (s.equalsIgnoreCase("null")) {
      return fail(Problem.NULL_ORIGIN);
    }
    int schemeEnd = scanScheme(s);
    if (schemeEnd < 0) {
      return fail(Problem.BAD_SCHEME);
    }
    int hostStart = schemeEnd + 3;
    if (s.indexOf('@', hostStart) >= 0) {
      return fail(Problem.USERINFO);
    }
    if (hostStart == len) {
      return fail(Problem.EMPTY_HOST);
    }
    int hostEnd = s.charAt(hostStart) == '[' ? scanIpv6(s, hostStart) : scanRegName(s, hostStart);
    if (hostEnd < 0) {
      return hostEnd;
    }
    if (hostEnd == len) {
      return pack(schemeEnd, hostEnd, -1);
    }
    char next = s.charAt(hostEnd);
    if (next != ':') {
      return fail(afterHost(s, hostEnd));
    }
    return scanPort(s, schemeEnd, hostEnd);
  }

  /**
   * Returns whether a scan succeeded.
   *
   * @param scan a result of {@link #scan}
   * @return true if the string was an origin
   */
  public static boolean isValid(long scan) {
    return scan >= 0;
  }

  /**
   * Returns the reason a scan failed.
   *
   * @param scan a negative result of {@link #scan}
   * @return the reason
   * @throws IllegalArgumentException if the scan succeeded
   */
  public static Problem problem(long scan) {
    if (scan >= 0) {
      throw new IllegalArgumentException("the scan succeeded");
    }
    return PROBLEMS[(int) (-scan - 1)];
  }

  /**
   * Returns the index of the {@code ':'} that ends the scheme; the scheme is {@code [0, schemeEnd)}.
   *
   * @param scan a valid scan
   * @return the end of the scheme
   */
  public static int schemeEnd(long scan) {
    return (int) ((scan >>> (2 * FIELD_BITS)) & FIELD_MASK);
  }

  /**
   * Returns the index where the host starts, just after {@code "://"}.
   *
   * @param scan a valid scan
   * @return the start of the host
   */
  public static int hostStart(long scan) {
    return schemeEnd(scan) + 3;
  }

  /**
   * Returns the index just after the host (IPv6 brackets included).
   *
   * @param scan a valid scan
   * @return the end of the host
   */
  public static int hostEnd(long scan) {
    return (int) ((scan >>> FIELD_BITS) & FIELD_MASK);
  }

  /**
   * Returns the port written in the origin.
   *
   * @param scan a valid scan
   * @return the explicit port, or -1 if none was written
   */
  public static int port(long scan) {
    return (int) (scan & FIELD_MASK) - 1;
  }

  /**
   * Returns the port the origin means: the explicit port, else the scheme's default port.
   *
   * @param s the scanned string
   * @param scan its valid scan
   * @return the port, or -1 for a scheme without a default port and no explicit port
   */
  public static int effectivePort(String s, long scan) {
    int port = port(scan);
    return port >= 0 ? port : defaultPort(s, 0, schemeEnd(scan));
  }

  /**
   * Returns the default port of a scheme (WHATWG URL "special schemes"), case-insensitively.
   *
   * @param s the text holding the scheme
   * @param from the scheme's first index
   * @param to the index after the scheme
   * @return 80 for http and ws, 443 for https and wss, 21 for ftp, else -1
   */
  public static int defaultPort(String s, int from, int to) {
    int len = to - from;
    if (len == 4 && s.regionMatches(true, from, "http", 0, 4)) {
      return 80;
    }
    if (len == 5 && s.regionMatches(true, from, "https", 0, 5)) {
      return 443;
    }
    if (len == 2 && s.regionMatches(true, from, "ws", 0, 2)) {
      return 80;
    }
    if (len == 3 && s.regionMatches(true, from, "wss", 0, 3)) {
      return 443;
    }
    if (len == 3 && s.regionMatches(true, from, "ftp", 0, 3)) {
      return 21;
    }
    return -1;
  }

  /**
   * Hashes a region as if it were lower-cased. ASCII only: the scanner admits nothing else.
   *
   * @param s the text
   * @param from the first index
   * @param to the index after the region
   * @return the hash
   */
  public static int lowerCaseHash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      h = 31 * h + (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return h;
  }

  private static int scanScheme(String s) {
    int len = s.length();
    if (!isAlpha(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < len; i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return s.startsWith("//", i + 1) ? i : -1;
      }
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  private static int scanRegName(String s, int start) {
    int len = s.length();
    int labelStart = start;
    int i = start;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i == labelStart || i - labelStart > MAX_LABEL) {
          return fail(Problem.BAD_HOST);
        }
        labelStart = i + 1;
      } else if (c == ':' || c == '/' || c == '?' || c == '#') {
        break;
      } else if (c == '*') {
        return fail(Problem.WILDCARD);
      } else if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '_') {
        return fail(c == '\\' ? Problem.PATH : Problem.BAD_HOST);
      }
    }
    if (i == start) {
      return fail(Problem.EMPTY_HOST);
    }
    if (i == labelStart || i - labelStart > MAX_LABEL || i - start > MAX_HOST) {
      return fail(Problem.BAD_HOST);
    }
    return i;
  }

  private static int scanIpv6(String s, int start) {
    int len = s.length();
    int colons = 0;
    for (int i = start + 1; i < len; i++) {
      char c = s.charAt(i);
      if (c == ']') {
        // At most 45 characters between the brackets (an IPv4-mapped address written in full).
        return colons >= 2 && i - start <= 46 ? i + 1 : fail(Problem.BAD_HOST);
      }
      if (c == ':') {
        colons++;
      } else if (!isHexDigit(c) && c != '.') {
        return fail(Problem.BAD_HOST);
      }
    }
    return fail(Problem.BAD_HOST);
  }

  private static long scanPort(String s, int schemeEnd, int hostEnd) {
    int len = s.length();
    int port = 0;
    int i = hostEnd + 1;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        break;
      }
      if (i - hostEnd > 5) {
        return fail(Problem.BAD_PORT);
      }
      port = port * 10 + (c - '0');
    }
    if (i < len) {
      char c = s.charAt(i);
      return fail(c == '/' || c == '?' || c == '#' || c == '\\' ? afterHost(s, i) : Problem.BAD_PORT);
    }
    if (i == hostEnd + 1 || port == 0 || port > 65535) {
      return fail(Problem.BAD_PORT);
    }
    return pack(schemeEnd, hostEnd, port);
  }

  private static Problem afterHost(String s, int i) {
    char c = s.charAt(i);
    if (c == '/' && i == s.length() - 1) {
      return Problem.TRAILING_SLASH;
    }
    return c == '/' || c == '?' || c == '#' || c == '\\' ? Problem.PATH : Problem.BAD_HOST;
  }

  private static long pack(int schemeEnd, int hostEnd, int port) {
    return ((long) schemeEnd << (2 * FIELD_BITS)) | ((long) hostEnd << FIELD_BITS) | (port + 1L);
  }

  private static int fail(Problem problem) {
    return -problem.code;
  }
}
