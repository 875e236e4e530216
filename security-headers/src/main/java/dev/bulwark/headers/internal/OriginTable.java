package dev.bulwark.headers.internal;

import java.util.List;
import java.util.Locale;

/**
 * An immutable set of exact origins, looked up by a raw request {@code Origin} without allocating.
 *
 * <p>Entries are (scheme, host, effective port) tuples in lower case. A lookup hashes the scanned
 * regions of the raw string as if lower-cased (see {@link OriginSyntax#lowerCaseHash}), probes an
 * open-addressing table, and confirms a hit by comparing the regions case-insensitively: the hash
 * only narrows the search, equality of the whole tuple decides. Case-insensitive comparison is safe
 * because the scanner admits ASCII only (no Unicode case-folding surprises such as the Kelvin sign
 * lower-casing to {@code k}).
 */
public final class OriginTable {

  private final String[] schemes;
  private final String[] hosts;
  private final int[] ports;
  /** Slot to entry index + 1; 0 means empty. */
  private final int[] slots;
  private final int mask;

  /**
   * Creates a table.
   *
   * @param schemes lower-case schemes
   * @param hosts lower-case hosts, parallel to {@code schemes}
   * @param ports effective ports, parallel to {@code schemes}
   */
  public OriginTable(List<String> schemes, List<String> hosts, List<Integer> ports) {
    int n = schemes.size();
    this.schemes = schemes.toArray(new String[0]);
    this.hosts = hosts.toArray(new String[0]);
    this.ports = new int[n];
    int capacity = Integer.highestOneBit(Math.max(2, n) * 4 - 1);
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < n; i++) {
      this.ports[i] = ports.get(i);
      String scheme = this.schemes[i];
      String host = this.hosts[i];
      if (!scheme.equals(scheme.toLowerCase(Locale.ROOT)) || !host.equals(host.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("entries must be lower-case");
      }
      int slot = spread(hash(scheme, 0, scheme.length(), host, 0, host.length(), this.ports[i]));
      while (slots[slot & mask] != 0) {
        slot++;
      }
      slots[slot & mask] = i + 1;
    }
  }

  /**
   * Finds a scanned origin.
   *
   * @param raw the raw origin
   * @param scan its valid {@link OriginSyntax#scan}
   * @return the entry's index, or -1 if the origin is not in the table
   */
  public int indexOf(String raw, long scan) {
    int schemeEnd = OriginSyntax.schemeEnd(scan);
    int hostStart = OriginSyntax.hostStart(scan);
    int hostEnd = OriginSyntax.hostEnd(scan);
    int port = OriginSyntax.effectivePort(raw, scan);
    int slot = spread(hash(raw, 0, schemeEnd, raw, hostStart, hostEnd, port));
    for (int probes = 0; probes <= mask; probes++, slot++) {
      int entry = slots[slot & mask] - 1;
      if (entry < 0) {
        return -1;
      }
      String scheme = schemes[entry];
      String host = hosts[entry];
      if (ports[entry] == port
          && scheme.length() == schemeEnd
          && host.length() == hostEnd - hostStart
          && raw.regionMatches(true, 0, scheme, 0, schemeEnd)
          && raw.regionMatches(true, hostStart, host, 0, host.length())) {
        return entry;
      }
    }
    return -1;
  }

  private static int hash(
      String a, int aFrom, int aTo, String b, int bFrom, int bTo, int port) {
    int h = OriginSyntax.lowerCaseHash(a, aFrom, aTo);
    h = 31 * h + OriginSyntax.lowerCaseHash(b, bFrom, bTo);
    return 31 * h + port;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
