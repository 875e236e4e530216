package dev.bulwark.validation;

import java.util.Locale;

/** Single-pass checks over text used by {@link InputPolicy}. */
final class TextChecks {

  private TextChecks() {}

  /**
   * Returns the index of the first code point beyond {@code max}, or -1 if there are at most
   * {@code max} code points.
   */
  static int indexAfterCodePoints(String s, int max) {
    if (s.length() <= max) {
      return -1;
    }
    int count = 0;
    int i = 0;
    while (i < s.length()) {
      if (count == max) {
        return i;
      }
      char c = s.charAt(i);
      i += Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
      count++;
    }
    return -1;
  }

  /** Returns the UTF-8 length of {@code s}; a lone surrogate counts as the 3 bytes of U+FFFD. */
  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Tells whether every character of {@code s} is printable ASCII, {@code 0x20} to {@code 0x7E}. */
  static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** Returns the index of the first control character other than tab, CR and LF, or -1. */
  static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || (c >= 0x7F && c <= 0x9F)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the index of the first surrogate without its partner, or -1. */
  static int firstLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Names a control character for messages: "NUL" or "control character U+001B". */
  static String describe(char c) {
    if (c == 0) {
      return "NUL";
    }
    return "control character U+" + String.format(Locale.ROOT, "%04X", (int) c);
  }
}
