package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import dev.bulwark.core.internal.PercentEscapes;

/**
 * An input after further rounds of percent-decoding, for the detectors: {@code %3Cscript%3E} and
 * {@code %253Cscript%253E} still hide their payload after the transport decoded them once, and an
 * application that decodes again (or a second proxy) will see it.
 *
 * <h2>Design</h2>
 * One round decodes every {@code %XX} escape as UTF-8 (bad sequences become U+FFFD, invalid escapes
 * stay as they are) and reads {@code +} as a space: a fully encoded payload never holds a literal
 * {@code +} (every encoder writes it {@code %2B}), so a {@code +} that survived is a form-encoded
 * space ({@code %27+OR+1%3D1}). Rounds stop when nothing is left to decode or after
 * {@link #MAX_ROUNDS}, so the work is at most {@code MAX_ROUNDS} linear passes. The decoded text is
 * written into two reusable buffers that this view reads, so scanning it allocates nothing after the
 * first use on a thread (buffers beyond {@link #KEEP} characters are released by {@link #clear()}).
 *
 * <p>Not thread-safe; each detector keeps one instance per thread.
 */
final class DecodedInput implements CharSequence {

  /** How many rounds of decoding are tried beyond the transport's. */
  static final int MAX_ROUNDS = 3;

  /** The largest buffer, in chars, kept between calls. */
  private static final int KEEP = 1 << 14;

  private char[] current = new char[64];
  private char[] spare = new char[64];
  private int length;
  private int previousLength;
  private int rounds;
  /** Chars written by the last call to {@link #utf8}. */
  private int produced;
  /** The previous round's text, read while the next round is written. */
  private final CharSequence previous = new Previous();

  /**
   * Tells whether {@code s} holds a percent escape: {@code %} followed by two hex digits.
   *
   * @param s the text
   * @return true if one round of decoding would change it
   */
  static boolean hasEscape(CharSequence s) {
    for (int i = 0, n = s.length() - 2; i < n; i++) {
      if (s.charAt(i) == '%' && AsciiChars.isHexDigit(s.charAt(i + 1)) && AsciiChars.isHexDigit(s.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes {@code input} once into this view.
   *
   * @param input the text, which should satisfy {@link #hasEscape}
   */
  void first(CharSequence input) {
    rounds = 0;
    length = decode(input, input.length());
    rounds = 1;
  }

  /**
   * Decodes this view once more, if it still holds an escape and the round limit allows.
   *
   * @return true if another round was made
   */
  boolean next() {
    if (rounds >= MAX_ROUNDS || !hasEscape(this)) {
      return false;
    }
    char[] from = current;
    current = spare;
    spare = from;
    previousLength = length;
    length = decode(previous, previousLength);
    rounds++;
    return true;
  }

  /**
   * Returns how many rounds of decoding produced this text.
   *
   * @return 1 to {@link #MAX_ROUNDS}
   */
  int rounds() {
    return rounds;
  }

  /** Forgets the text; drops buffers that grew large. */
  void clear() {
    length = 0;
    if (current.length > KEEP) {
      current = new char[64];
    }
    if (spare.length > KEEP) {
      spare = new char[64];
    }
  }

  /** Decodes {@code s[0, n)} into {@link #current}; returns the decoded length. */
  private int decode(CharSequence s, int n) {
    if (current.length < n) {
      current = new char[Math.max(n, current.length * 2)];
    }
    char[] out = current;
    int o = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int b = c == '%' ? escapedByte(s, i, n) : -1;
      if (b < 0) {
        out[o++] = c == '+' ? ' ' : c;
        i++;
      } else if (b < 0x80) {
        out[o++] = (char) b;
        i += 3;
      } else {
        i = utf8(s, i, n, b, out, o);
        o += produced;
      }
    }
    return o;
  }

  /**
   * Decodes one UTF-8 sequence whose lead byte {@code lead} is escaped at {@code i}; writes one or
   * two chars (U+FFFD for a bad sequence) and returns the index after what it consumed.
   */
  private int utf8(CharSequence s, int i, int n, int lead, char[] out, int o) {
    int extra;
    int cp;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      cp = lead & 0x07;
    } else {
      out[o] = '\uFFFD';
      produced = 1;
      return i + 3;
    }
    int j = i + 3;
    for (int k = 0; k < extra; k++, j += 3) {
      int b = j < n && s.charAt(j) == '%' ? escapedByte(s, j, n) : -1;
      if ((b & 0xC0) != 0x80) {
        out[o] = '\uFFFD'; // truncated or bad continuation: the lead alone is replaced
        produced = 1;
        return j;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    boolean overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out[o] = '\uFFFD';
      produced = 1;
    } else if (cp >= 0x10000) {
      out[o] = Character.highSurrogate(cp);
      out[o + 1] = Character.lowSurrogate(cp);
      produced = 2;
    } else {
      out[o] = (char) cp;
      produced = 1;
    }
    return j;
  }

  private static int escapedByte(CharSequence s, int i, int n) {
    if (i + 2 >= n) {
      return -1;
    }
    return PercentEscapes.hexByte(s.charAt(i + 1), s.charAt(i + 2));
  }

  /** Reads {@link #spare}, which holds the previous round while the next one is decoded. */
  private final class Previous implements CharSequence {
    @Override
    public int length() {
      return previousLength;
    }

    @Override
    public char charAt(int index) {
      return spare[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(spare, start, end - start);
    }

    @Override
    public String toString() {
      return new String(spare, 0, previousLength);
    }
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return current[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length || start > end) {
      throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
    }
    return new String(current, start, end - start);
  }

  @Override
  public String toString() {
    return new String(current, 0, length);
  }
}
