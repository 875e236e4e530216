package dev.bulwark.validation;

/**
 * Character helpers shared by the detectors. All methods are pure, allocation-free and static.
 *
 * <p>{@link #fold(char)} maps the compatibility forms of ASCII punctuation and letters (fullwidth
 * {@code ＜} U+FF1C, small form variants such as {@code ﹤} U+FE64) to ASCII. It is the subset of NFKC
 * that matters to the detectors: a server that normalises input with NFKC after our check would
 * otherwise turn {@code ＜script＞} into a live tag. Folding per character keeps the detectors free of
 * allocation and keeps offsets equal to the caller's string indices.
 */
final class Chars {

  /** ASCII equivalents of the small form variants U+FE50..U+FE6B; 0 where there is none. */
  private static final char[] SMALL_FORMS = {
    ',', 0, '.', 0, ';', ':', '?', '!', 0, '(', ')', '{', '}', 0, 0, '#',
    '&', '*', '+', '-', '<', '>', '=', 0, '\\', '$', '%', '@'
  };

  private Chars() {}

  /**
   * Returns the ASCII character a compatibility form stands for, or {@code c} itself.
   *
   * @param c any UTF-16 code unit
   * @return the folded character
   */
  static char fold(char c) {
    if (c < 0x80) {
      return c;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {
      return (char) (c - 0xFEE0);
    }
    if (c >= 0xFE50 && c <= 0xFE6B) {
      char small = SMALL_FORMS[c - 0xFE50];
      return small == 0 ? c : small;
    }
    return c;
  }

  /**
   * Returns the folded character at {@code i}.
   *
   * @param s the text
   * @param i an index in {@code s}
   * @return {@code fold(s.charAt(i))}
   */
  static char at(CharSequence s, int i) {
    return fold(s.charAt(i));
  }

  /**
   * Returns the ASCII lower case of a character; other characters are returned unchanged.
   *
   * @param c a character
   * @return the lower-case ASCII letter, or {@code c}
   */
  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /**
   * Tells whether {@code s} contains {@code word} (ASCII, lower case) at {@code i}, ignoring ASCII
   * case and folding compatibility forms.
   *
   * @param s the text
   * @param i where to look
   * @param word the lower-case word
   * @return true if it matches
   */
  static boolean regionMatchesLower(CharSequence s, int i, String word) {
    if (i < 0 || i + word.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (lower(at(s, i + k)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
