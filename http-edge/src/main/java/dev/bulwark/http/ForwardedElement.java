package dev.bulwark.http;

import dev.bulwark.core.internal.HttpTokens;

/**
 * The list syntax of forwarding headers, read from the right: where an element starts, and which
 * node an RFC 7239 {@code Forwarded} element names in its {@code for=} parameter.
 *
 * <h2>Design</h2>
 * Only the rightmost elements matter (they were written by our own proxies), so the header is
 * split from its end, and a header of any size costs at most {@link #MAX_CHARS} characters per
 * element examined. In {@code X-Forwarded-For} every comma separates elements. In
 * {@code Forwarded} a comma may sit inside a quoted string ({@code host="a,b"}); scanning right to
 * left, a double quote opens or closes a quoted string unless an odd number of backslashes
 * precede it (then it is an escaped quote inside one). This is exact for well-formed headers;
 * malformed quoting is reported as {@link #MALFORMED} rather than guessed at.
 */
final class ForwardedElement {

  /** Longest element examined, in characters; a longer one is treated as malformed. */
  static final int MAX_CHARS = 512;

  /** Returned by {@link #start} for an over-long element or broken quoting. */
  static final int MALFORMED = -2;

  private ForwardedElement() {}

  /**
   * Returns the index of the comma before the element that ends at {@code end}, {@code -1} if the
   * element starts the line, or {@link #MALFORMED}.
   *
   * @param quotes whether double quotes delimit quoted strings ({@code Forwarded}) or are plain
   *     characters ({@code X-Forwarded-For}, where the node parser rejects them anyway)
   */
  static int start(String line, int end, boolean quotes) {
    int floor = end - MAX_CHARS; // the lowest index the element may occupy
    boolean quoted = false;
    for (int i = end - 1; i >= 0; i--) {
      char c = line.charAt(i);
      if (c == ',' && !quoted) {
        return i;
      }
      if (i < floor) {
        return MALFORMED;
      }
      if (c == '"' && quotes) {
        int k = i - 1;
        while (k >= floor && k >= 0 && line.charAt(k) == '\\') {
          k--;
        }
        boolean escaped = ((i - 1 - k) & 1) == 1;
        if (quoted && escaped) {
          i = k + 1; // an escaped quote and the backslashes before it are string content
        } else if (escaped || (quoted && k < i - 1)) {
          return MALFORMED; // an escaped quote outside a string, or backslashes outside one
        } else {
          quoted = !quoted;
        }
      }
    }
    return quoted ? MALFORMED : -1;
  }

  /**
   * Returns the range of the {@code for=} value in the {@code Forwarded} element
   * {@code s[from, to)} (case-insensitive name, quotes removed, whitespace around names, values,
   * {@code =} and {@code ;} tolerated, other parameters skipped), or {@link ForwardedNode#NONE}
   * when the element has no {@code for=}, has it twice, or is not a list of {@code name=value}
   * pairs.
   */
  static long forValue(String s, int from, int to) {
    long found = ForwardedNode.NONE;
    int i = from;
    while (true) {
      i = skipWhitespace(s, i, to);
      int nameStart = i;
      while (i < to && HttpTokens.isTokenChar(s.charAt(i))) {
        i++;
      }
      int nameEnd = i;
      i = skipWhitespace(s, i, to);
      if (nameStart == nameEnd || i == to || s.charAt(i) != '=') {
        return ForwardedNode.NONE;
      }
      i = skipWhitespace(s, i + 1, to);
      int valueStart;
      int valueEnd;
      if (i < to && s.charAt(i) == '"') {
        valueStart = ++i;
        while (i < to && s.charAt(i) != '"') {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= to) {
          return ForwardedNode.NONE;
        }
        valueEnd = i++;
      } else {
        valueStart = i;
        while (i < to && s.charAt(i) != ';' && !isWhitespace(s.charAt(i))) {
          if (s.charAt(i) == '"') {
            return ForwardedNode.NONE;
          }
          i++;
        }
        valueEnd = i;
        if (valueStart == valueEnd) {
          return ForwardedNode.NONE;
        }
      }
      if (nameEnd - nameStart == 3 && s.regionMatches(true, nameStart, "for", 0, 3)) {
        if (found != ForwardedNode.NONE) {
          return ForwardedNode.NONE; // RFC 7239 section 4: a parameter occurs at most once
        }
        found = ForwardedNode.pack(valueStart, valueEnd);
      }
      i = skipWhitespace(s, i, to);
      if (i == to) {
        return found;
      }
      if (s.charAt(i) != ';') {
        return ForwardedNode.NONE;
      }
      i++;
    }
  }

  /** Returns the first index in {@code [from, to)} that is not a space or tab, or {@code to}. */
  static int skipWhitespace(String s, int from, int to) {
    while (from < to && isWhitespace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  /** Returns one past the last index in {@code [from, to)} that is not a space or tab. */
  static int trimEnd(String s, int from, int to) {
    while (to > from && isWhitespace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
