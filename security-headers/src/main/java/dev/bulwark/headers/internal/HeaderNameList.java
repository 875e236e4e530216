package dev.bulwark.headers.internal;

import dev.bulwark.core.internal.HttpTokens;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a comma-separated list of header names ({@code Access-Control-Request-Headers}) without
 * allocating: elements are trimmed of spaces and tabs, empty elements are skipped (RFC 9110
 * section 5.6.1), and each must be a token equal, ignoring ASCII case, to a listed name.
 */
public final class HeaderNameList {

  private HeaderNameList() {}

  /**
   * Returns the first name in the header lines that is not listed, ignoring case.
   *
   * @param lines header lines, each a comma-separated list
   * @param listed the allowed names
   * @return the first name not listed, or null if all are
   * @throws NullPointerException if a line is null
   */
  public static @Nullable String firstNotListed(List<String> lines, List<String> listed) {
    for (int l = 0; l < lines.size(); l++) {
      String line = Objects.requireNonNull(lines.get(l), "requestHeaders element");
      int i = 0;
      int len = line.length();
      while (i < len) {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? len : comma;
        int from = i;
        int to = end;
        while (from < to && isOws(line.charAt(from))) {
          from++;
        }
        while (to > from && isOws(line.charAt(to - 1))) {
          to--;
        }
        if (from < to && !isListed(line, from, to, listed)) {
          return line.substring(from, to);
        }
        i = end + 1;
      }
    }
    return null;
  }

  private static boolean isListed(String line, int from, int to, List<String> listed) {
    // Tokens only: a case-insensitive comparison of non-ASCII text could fold, for example, the
    // Kelvin sign into 'k'.
    for (int i = from; i < to; i++) {
      if (!HttpTokens.isTokenChar(line.charAt(i))) {
        return false;
      }
    }
    int length = to - from;
    for (int h = 0; h < listed.size(); h++) {
      String allowed = listed.get(h);
      if (allowed.length() == length && line.regionMatches(true, from, allowed, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }
}
