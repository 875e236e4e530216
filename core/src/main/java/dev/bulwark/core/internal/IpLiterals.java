package dev.bulwark.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Strict IPv4 and IPv6 literal parsing and RFC 5952 formatting, without name resolution and
 * without allocation.
 *
 * <h2>Design</h2>
 * An address is a 128-bit value held as two {@code long}s ({@code hi}, {@code lo}). An IPv4
 * address is held as its IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d}, so {@code 1.2.3.4} and
 * {@code ::ffff:1.2.3.4} are the same value, and one mask test matches both families. Instead of
 * returning an object, the parser hands the two halves to a {@link Visitor}: checking a hop
 * against the trusted list (http-edge's {@code CidrSet} is a visitor) then allocates nothing, and formatting
 * ({@link #format} as a visitor) allocates only the result.
 *
 * <p>The input comes from headers any client can write, so nothing here calls
 * {@code InetAddress.getByName} (which would look up a host name in DNS), and nothing is guessed:
 * IPv4 is exactly four decimal octets without leading zeros ({@code 010.0.0.1}, which
 * {@code inet_aton} reads as octal {@code 8.0.0.1}, is rejected); IPv6 follows RFC 4291 section
 * 2.2: groups of one to four hex digits, at most one {@code ::} standing for at least one zero
 * group, an optional dotted quad in the last 32 bits, no zone id and no brackets. Work is bounded
 * by {@link #MAX_LENGTH}.
 *
 * <p>Shared by http-edge (client addresses, trusted proxies, its public {@code IpLiteral}) and
 * validation-core (bracketed IPv6 hosts of URLs). Not API (see the package documentation).
 * Stateless and thread-safe.
 */
public final class IpLiterals {

  /** The longest literal accepted: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
  public static final int MAX_LENGTH = 45;

  /** The upper 32 bits of {@code lo} for an IPv4-mapped address ({@code ::ffff:0:0/96}). */
  public static final long MAPPED = 0x0000_FFFF_0000_0000L;

  /**
   * Receives a parsed address.
   *
   * @param <R> the result type
   */
  public interface Visitor<R> {

    /**
     * Called once with the parsed address.
     *
     * @param hi the upper 64 bits of the IPv6 (or IPv4-mapped) address
     * @param lo the lower 64 bits
     * @return the visitor's result
     */
    R visit(long hi, long lo);
  }

  private IpLiterals() {}

  /**
   * Parses {@code s[from, to)} as an IPv4 or IPv6 literal (IPv6 when it contains a colon) and
   * passes it to {@code visitor}.
   *
   * @param <R> the visitor's result type
   * @param s the text
   * @param from the first index of the literal
   * @param to the index after the literal
   * @param visitor receives the address
   * @return the visitor's result, or {@code null} when the text is not a valid literal
   */
  public static <R> @Nullable R parse(String s, int from, int to, Visitor<R> visitor) {
    if (to - from > MAX_LENGTH) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseIpv6(s, from, to, visitor);
      }
    }
    long v4 = parseIpv4(s, from, to);
    return v4 < 0 ? null : visitor.visit(0, MAPPED | v4);
  }

  /**
   * Returns {@code s[from, to)} in canonical form: a dotted quad for IPv4 and IPv4-mapped IPv6,
   * RFC 5952 text otherwise. A valid IPv4 literal is already canonical and is returned as a
   * substring (the same instance when it spans all of {@code s}). Text that is not a literal is
   * returned unchanged.
   *
   * @param s the text
   * @param from the first index of the literal
   * @param to the index after the literal
   * @return the canonical literal, or the text itself
   */
  public static String canonical(String s, int from, int to) {
    if (!hasColon(s, from, to)) {
      return s.substring(from, to);
    }
    String formatted = parse(s, from, to, IpLiterals::format);
    return formatted != null ? formatted : s.substring(from, to);
  }

  /**
   * Returns whether the address is IPv4 (held in its IPv4-mapped form).
   *
   * @param hi the upper 64 bits
   * @param lo the lower 64 bits
   * @return whether it is in {@code ::ffff:0:0/96}
   */
  public static boolean isIpv4(long hi, long lo) {
    return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == MAPPED;
  }

  /**
   * Formats an address: IPv4 and IPv4-mapped addresses as a dotted quad, others per RFC 5952
   * section 4 (lower-case hex, no leading zeros, the first longest run of two or more zero groups
   * shortened to {@code ::}).
   *
   * @param hi the upper 64 bits
   * @param lo the lower 64 bits
   * @return the text
   */
  public static String format(long hi, long lo) {
    if (isIpv4(hi, lo)) {
      return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "."
          + (lo & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is never shortened
    for (int g = 0; g < 8; ) {
      if (group(hi, lo, g) != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && group(hi, lo, g) == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int g = 0; g < 8; ) {
      if (g == bestStart) {
        sb.append("::");
        g += bestLength;
        continue;
      }
      if (g > 0 && g != bestStart + bestLength) {
        sb.append(':');
      }
      appendHex(sb, group(hi, lo, g));
      g++;
    }
    return sb.toString();
  }

  /**
   * Parses a strict dotted quad: four decimal octets without leading zeros.
   *
   * @param s the text
   * @param from the first index of the literal
   * @param to the index after the literal
   * @return the 32-bit value, or -1 if {@code s[from, to)} is not one
   */
  public static long parseIpv4(String s, int from, int to) {
    if (to - from < 7 || to - from > 15) {
      return -1;
    }
    long value = 0;
    int i = from;
    for (int octets = 1; ; octets++) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | octet;
      if (octets == 4) {
        return i == to ? value : -1;
      }
      if (i == to || s.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  /**
   * Groups before {@code ::} are placed by index into {@code headHi/headLo}; groups after it are
   * shifted into {@code tailHi/tailLo}, which leaves them right-aligned where they belong. Without
   * {@code ::} every group is a head group and there must be eight.
   *
   * <p>Parses {@code s[from, to)} as an IPv6 literal only: a dotted quad alone is not one.
   *
   * @param <R> the visitor's result type
   * @param s the text
   * @param from the first index of the literal
   * @param to the index after the literal
   * @param visitor receives the address
   * @return the visitor's result, or {@code null} when the text is not an IPv6 literal
   */
  public static <R> @Nullable R parseIpv6(String s, int from, int to, Visitor<R> visitor) {
    if (to - from < 2) {
      return null;
    }
    long headHi = 0;
    long headLo = 0;
    long tailHi = 0;
    long tailLo = 0;
    int head = 0;
    int tail = 0;
    boolean gap = false;
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') {
        return null;
      }
      gap = true;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int group = 0;
      int digit;
      while (i < to && (digit = PercentEscapes.hexDigit(s.charAt(i))) >= 0) {
        if (i - start == 4) {
          return null;
        }
        group = (group << 4) | digit;
        i++;
      }
      if (i < to && s.charAt(i) == '.') { // a dotted quad ends the address and fills two groups
        long v4 = parseIpv4(s, start, to);
        if (v4 < 0 || (gap ? tail > 5 : head != 6)) {
          return null;
        }
        if (gap) {
          tailHi = (tailHi << 32) | (tailLo >>> 32);
          tailLo = (tailLo << 32) | v4;
          tail += 2;
        } else {
          headLo |= v4;
          head += 2;
        }
        break;
      }
      if (i == start) {
        return null;
      }
      if (gap) {
        if (tail == 7) {
          return null;
        }
        tailHi = (tailHi << 16) | (tailLo >>> 48);
        tailLo = (tailLo << 16) | group;
        tail++;
      } else {
        if (head == 8) {
          return null;
        }
        if (head < 4) {
          headHi |= (long) group << (48 - 16 * head);
        } else {
          headLo |= (long) group << (48 - 16 * (head - 4));
        }
        head++;
      }
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':' || ++i == to) {
        return null; // not a separator, or a single trailing colon
      }
      if (s.charAt(i) == ':') {
        if (gap) {
          return null;
        }
        gap = true;
        i++;
      }
    }
    int groups = head + tail;
    if (gap ? groups > 7 : groups != 8) {
      return null;
    }
    return visitor.visit(headHi | tailHi, headLo | tailLo);
  }

  /**
   * Returns an address's bytes in network order: 4 for IPv4 (and IPv4-mapped) addresses, else 16.
   *
   * @param hi the upper 64 bits
   * @param lo the lower 64 bits
   * @return a new array
   */
  public static byte[] toBytes(long hi, long lo) {
    if (isIpv4(hi, lo)) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    return toIpv6Bytes(hi, lo);
  }

  /**
   * Returns an address's 16 bytes in network order, an IPv4-mapped one included.
   *
   * @param hi the upper 64 bits
   * @param lo the lower 64 bits
   * @return a new array of 16 bytes
   */
  public static byte[] toIpv6Bytes(long hi, long lo) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (hi >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return bytes;
  }

  private static int group(long hi, long lo, int g) {
    long half = g < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (g & 3))) & 0xFFFF;
  }

  private static void appendHex(StringBuilder sb, int group) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (group >>> shift) & 0xF;
      if (digit != 0 || started || shift == 0) {
        sb.append(Character.forDigit(digit, 16));
        started = true;
      }
    }
  }

  private static boolean hasColon(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }
}
