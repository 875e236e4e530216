package dev.bulwark.headers;

import static dev.bulwark.core.internal.AsciiChars.isAlpha;
import static dev.bulwark.core.internal.AsciiChars.isDigit;
import static dev.bulwark.core.internal.AsciiChars.isHexDigit;

import dev.bulwark.headers.internal.HeaderSyntax;
import org.jspecify.annotations.Nullable;

/**
 * The CSP3 grammar of scheme sources ({@code https:}) and host sources
 * ({@code [scheme "://"] host [":" port] [path]}, host {@code "*"} or an optional {@code "*."}
 * followed by dot-separated labels of letters, digits and {@code '-'}, an optional trailing dot,
 * port digits or {@code "*"}). Paths are limited to URL path characters without {@code ';'},
 * {@code ','} and {@code '\''}; percent signs must start an escape.
 */
final class CspHostSources {

  private CspHostSources() {}

  /** {@code scheme ":"} with {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
  static boolean isSchemeSource(String s) {
    int colon = s.length() - 1;
    return colon > 0 && s.charAt(colon) == ':' && isScheme(s, 0, colon);
  }

  private static boolean isScheme(String s, int from, int to) {
    if (to <= from || !isAlpha(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks {@code [scheme "://"] host [":" port] [path]} with {@code host = "*" / ["*."] labels}.
   *
   * @return null if valid, else what is wrong
   */
  static @Nullable String problem(String s) {
    int len = s.length();
    int i = 0;
    int sep = s.indexOf("://");
    if (sep >= 0) {
      if (!isScheme(s, 0, sep)) {
        return "the scheme before :// is invalid";
      }
      i = sep + 3;
    }
    if (s.startsWith("*", i)) {
      i++;
      if (i == len || s.charAt(i) == ':' || s.charAt(i) == '/') {
        return portAndPathProblem(s, i);
      }
      if (s.charAt(i) != '.') {
        return "'*' must be the whole host or the first label, as in *.example.com";
      }
      i++;
    }
    int hostStart = i;
    int labelStart = i;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i == labelStart) {
          return "the host has an empty label";
        }
        labelStart = i + 1;
      } else if (c == ':' || c == '/') {
        break;
      } else if (!isAlpha(c) && !isDigit(c) && c != '-') {
        return "the host may contain only letters, digits, '-' and dots (use punycode for"
            + " international names)";
      }
    }
    if (i == hostStart) {
      return "the host is empty";
    }
    // i == labelStart here means a trailing dot, which the CSP3 grammar allows.
    return portAndPathProblem(s, i);
  }

  private static @Nullable String portAndPathProblem(String s, int start) {
    int len = s.length();
    int i = start;
    if (i < len && s.charAt(i) == ':') {
      i++;
      if (i < len && s.charAt(i) == '*') {
        i++;
      } else {
        int digits = 0;
        int port = 0;
        while (i < len && isDigit(s.charAt(i)) && digits < 6) {
          port = port * 10 + (s.charAt(i) - '0');
          i++;
          digits++;
        }
        if (digits == 0 || digits > 5 || port == 0 || port > 65535) {
          return "the port must be '*' or a number from 1 to 65535";
        }
      }
    }
    if (i == len) {
      return null;
    }
    if (s.charAt(i) != '/') {
      return "unexpected " + HeaderSyntax.quote(String.valueOf(s.charAt(i))) + " after the host";
    }
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= len || !isHexDigit(s.charAt(i + 1)) || !isHexDigit(s.charAt(i + 2))) {
          return "the path has a '%' not followed by two hex digits";
        }
      } else if (!isAlpha(c) && !isDigit(c) && "-._~!$&()*+=:@/".indexOf(c) < 0) {
        return "the path may contain only URL path characters";
      }
    }
    return null;
  }
}
