package dev.bulwark.validation;

import dev.bulwark.core.internal.PercentEscapes;

/**
 * Decodes one HTML character reference at a time, the way a browser does inside attribute values:
 * <code>&amp;#106;</code>, <code>&amp;#x6A</code>, <code>&amp;#0000106</code> (semicolon optional, leading zeros allowed) and
 * the named references that spell ASCII (<code>&amp;colon;</code>, <code>&amp;Tab;</code>, <code>&amp;NewLine;</code>,
 * <code>&amp;lpar;</code>, <code>&amp;quot;</code>...).
 *
 * <p>Decoding never allocates: {@link #decode} returns the character and the length consumed packed
 * into one {@code long}. A reference is read left to right exactly once, so decoding a whole value
 * is linear even for <code>&amp;#000...0106</code> with a million zeros.
 */
final class HtmlEntities {

  /** Named references that decode to ASCII (or to whitespace that matters for URL stripping). */
  private static final String[] NAMES = {
    "Tab", "NewLine", "nbsp", "colon", "semi", "lpar", "rpar", "lsqb", "rsqb", "lbrack", "rbrack",
    "lcub", "rcub", "lbrace", "rbrace", "period", "comma", "excl", "quot", "QUOT", "apos", "amp",
    "AMP", "lt", "LT", "gt", "GT", "sol", "bsol", "num", "dollar", "percnt", "plus", "equals",
    "grave", "lowbar", "verbar", "vert", "VerticalLine", "Hat", "ast", "midast", "quest", "commat"
  };

  private static final char[] VALUES = {
    '\t', '\n', '\u00A0', ':', ';', '(', ')', '[', ']', '[', ']',
    '{', '}', '{', '}', '.', ',', '!', '"', '"', '\'', '&',
    '&', '<', '<', '>', '>', '/', '\\', '#', '$', '%', '+', '=',
    '`', '_', '|', '|', '|', '^', '*', '*', '?', '@'
  };

  private HtmlEntities() {}

  /**
   * Decodes the reference starting at {@code s[i] == '&'}.
   *
   * @param s the text
   * @param i the index of {@code &}
   * @param end the end of the region (exclusive)
   * @return {@code (char << 32) | length} of the decoded reference, or 0 if there is no reference
   *     at {@code i} (then {@code &} is a literal ampersand)
   */
  static long decode(CharSequence s, int i, int end) {
    int j = i + 1;
    if (j >= end) {
      return 0;
    }
    char c = s.charAt(j);
    if (c == '#') {
      return numeric(s, i, j + 1, end);
    }
    for (int n = 0; n < NAMES.length; n++) {
      String name = NAMES[n];
      int len = name.length();
      if (j + len <= end && regionEquals(s, j, name)) {
        int consumed = 1 + len;
        if (j + len < end && s.charAt(j + len) == ';') {
          consumed++;
        }
        return ((long) VALUES[n] << 32) | consumed;
      }
    }
    return 0;
  }

  private static boolean regionEquals(CharSequence s, int from, String name) {
    for (int k = 0; k < name.length(); k++) {
      if (s.charAt(from + k) != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static long numeric(CharSequence s, int amp, int from, int end) {
    int j = from;
    boolean hex = j < end && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
    if (hex) {
      j++;
    }
    int digitsStart = j;
    int value = 0;
    while (j < end) {
      char d = s.charAt(j);
      int v = hex ? PercentEscapes.hexDigit(d) : (d >= '0' && d <= '9' ? d - '0' : -1);
      if (v < 0) {
        break;
      }
      if (value <= 0x10FFFF) {
        value = value * (hex ? 16 : 10) + v;
      }
      j++;
    }
    if (j == digitsStart) {
      return 0;
    }
    if (j < end && s.charAt(j) == ';') {
      j++;
    }
    char ch;
    if (value == 0 || value > 0xFFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      ch = '\uFFFD';
    } else {
      ch = (char) value;
    }
    return ((long) ch << 32) | (j - amp);
  }

  /**
   * Returns the character of a packed result of {@link #decode}.
   *
   * @param packed a non-zero result
   * @return the decoded character
   */
  static char charOf(long packed) {
    return (char) (packed >>> 32);
  }

  /**
   * Returns the length of a packed result of {@link #decode}.
   *
   * @param packed a non-zero result
   * @return the number of input characters consumed
   */
  static int lengthOf(long packed) {
    return (int) packed;
  }
}
