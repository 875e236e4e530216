package dev.bulwark.http;

import org.jspecify.annotations.Nullable;

/**
 * A route's query parameter names, decoded once: a name that needs no decoding (no {@code '%'},
 * no {@code '+'}) and is at most {@value #MAX_LENGTH} characters is returned as the same
 * {@code String} the previous request with that name got, instead of a new substring per request.
 * Any other name is decoded by {@link FormDecoder#decode} as before. Either way the text equals
 * {@code FormDecoder.decode(raw, from, to)}: for such a name that is the substring itself.
 *
 * <h2>Why it is safe without locks</h2>
 * A direct-mapped table of {@value #SIZE} slots indexed by the name's hash; a slot holds a
 * {@code String} (immutable, so a reader sees null or a whole string), compared in full with the
 * raw text before it is reused. Racing writers each store their own equal string; the last wins.
 */
final class QueryNames {

  /** The longest name kept. */
  static final int MAX_LENGTH = 32;

  private static final int SIZE = 32;

  private final String[] slots = new String[SIZE];

  /**
   * Returns {@code raw[from, to)} decoded, as {@link FormDecoder#decode}, or null when malformed.
   *
   * @param raw the raw query
   * @param from the name's first index, inclusive
   * @param to the name's end, exclusive
   */
  @Nullable String decode(String raw, int from, int to) {
    int length = to - from;
    if (length == 0 || length > MAX_LENGTH) {
      return FormDecoder.decode(raw, from, to);
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%' || c == '+') {
        return FormDecoder.decode(raw, from, to);
      }
      h = 31 * h + c;
    }
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    @Nullable String kept = slots[slot];
    if (kept != null && kept.length() == length && raw.regionMatches(from, kept, 0, length)) {
      return kept;
    }
    String name = raw.substring(from, to);
    slots[slot] = name;
    return name;
  }
}
