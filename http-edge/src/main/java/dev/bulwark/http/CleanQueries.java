package dev.bulwark.http;

/**
 * The raw query strings a route's query policy found clean lately, so that the same query again
 * is not decoded and checked again: {@link ValidationGate} asks {@link #contains} before it checks
 * a query, and {@link #add}s one it found without a violation. A query with a violation is never
 * kept (its refusal needs the violations, and it is checked in full every time).
 *
 * <h2>Why it is exact</h2>
 * The check of a query ({@code ValidationGate.checkQuery}) is a function of the raw query string
 * and the route's {@link dev.bulwark.validation.InputPolicy}, which is immutable and runs only
 * the library's own detectors: the same text always gets the same answer. A kept query is
 * compared with the request's in full ({@link String#equals}), so a hit is the same text, whose
 * answer is "clean".
 *
 * <h2>Cost and bounds</h2>
 * A direct-mapped table of {@value #SIZE} slots indexed by the query's hash; only queries of at
 * most {@value #MAX_LENGTH} characters are kept, so a route keeps at most about
 * {@code SIZE * MAX_LENGTH} characters whatever the traffic. A hit costs the query's hash
 * ({@code String} caches it; the Netty adapter hands a connection's repeated query as the same
 * string) and one comparison; a miss adds one store. Traffic of ever new queries only replaces
 * slots and is checked in full as before.
 *
 * <h2>Why it is safe without locks</h2>
 * A slot holds a {@code String} (immutable, so a reader sees null or a whole string). Racing
 * writers each store their own clean query; the last wins, and a reader that sees another query
 * than the one it looks for checks its own in full.
 */
final class CleanQueries {

  /** The longest query kept, in characters. */
  static final int MAX_LENGTH = 256;

  /** Slots per route. */
  static final int SIZE = 64;

  private final String[] slots = new String[SIZE];

  /**
   * Tells whether {@code raw} is a query this route found clean and still keeps.
   *
   * @param raw the raw query, as {@link EdgeRequest#rawQuery()} gives it
   */
  boolean contains(String raw) {
    if (raw.length() > MAX_LENGTH) {
      return false;
    }
    String kept = slots[slot(raw)];
    return kept != null && kept.equals(raw);
  }

  /**
   * Keeps {@code raw}, which the route's query policy found clean, unless it is too long.
   *
   * @param raw the raw query
   */
  void add(String raw) {
    if (raw.length() <= MAX_LENGTH) {
      slots[slot(raw)] = raw;
    }
  }

  private static int slot(String raw) {
    int h = raw.hashCode();
    return (h ^ (h >>> 16)) & (SIZE - 1);
  }
}
