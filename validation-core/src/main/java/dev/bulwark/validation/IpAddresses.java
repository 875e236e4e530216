package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import dev.bulwark.core.internal.IpLiterals;
import dev.bulwark.core.internal.PercentEscapes;
import org.jspecify.annotations.Nullable;

/**
 * Parses IP address literals in every spelling a URL host may use and tells internal addresses from
 * public ones.
 *
 * <h2>Design</h2>
 * SSRF filters are bypassed by spelling an internal address the filter does not recognise but the
 * HTTP client does: {@code 2852039166}, {@code 0251.0376.0251.0376}, {@code 0xa9fea9fe},
 * {@code 127.1}, {@code [::ffff:169.254.169.254]}. IPv4 hosts are therefore parsed with the
 * {@code inet_aton} rules that clients (and the WHATWG URL standard) apply: one to four parts, each
 * decimal, octal ({@code 0} prefix) or hex ({@code 0x}), the last part filling the remaining bytes.
 * IPv6 literals are parsed per RFC 4291 including an embedded dotted quad, and addresses that
 * carry an IPv4 address (mapped, translated, compatible, NAT64, 6to4, Teredo, ISATAP) are judged by
 * that IPv4 address: a filter that knows only {@code ::ffff:0:0/96} passes
 * {@code [::ffff:0:127.0.0.1]}, which a translator delivers to 127.0.0.1. IPv6 outside global
 * unicast {@code 2000::/3} is internal, so space nobody has listed yet fails closed.
 */
final class IpAddresses {

  private IpAddresses() {}

  /**
   * Tells whether a host name "ends in a number", which makes URL parsers read it as IPv4.
   *
   * @param host a lower-case host without a trailing dot
   * @return true if the last label is decimal digits or {@code 0x} hex
   */
  static boolean looksLikeIpv4(String host) {
    int dot = host.lastIndexOf('.');
    String last = host.substring(dot + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (last.startsWith("0x")) {
      for (int i = 2; i < last.length(); i++) {
        if (!AsciiChars.isHexDigit(last.charAt(i))) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < last.length(); i++) {
      if (last.charAt(i) < '0' || last.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses an IPv4 host with {@code inet_aton} rules.
   *
   * @param host a lower-case host without a trailing dot
   * @return the four bytes, or null if it is not a valid IPv4 address in any spelling
   */
  static byte @Nullable [] parseIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      long v = parseNumber(parts[i]);
      if (v < 0) {
        return null;
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    int lastBytes = 4 - (parts.length - 1);
    if (last >= 1L << (8 * lastBytes)) {
      return null;
    }
    address |= last;
    return new byte[] {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
  }

  /** Parses one inet_aton part; returns -1 if invalid or larger than 2^32. */
  private static long parseNumber(String part) {
    if (part.isEmpty()) {
      return -1;
    }
    int radix = 10;
    int from = 0;
    if (part.startsWith("0x")) {
      radix = 16;
      from = 2;
      if (part.length() == 2) {
        return 0; // "0x" alone is 0 to inet_aton
      }
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      from = 1;
    }
    long v = 0;
    for (int i = from; i < part.length(); i++) {
      int d = Character.digit(part.charAt(i), radix);
      if (d < 0 || part.charAt(i) > 'f') {
        return -1;
      }
      v = v * radix + d;
      if (v > 0xFFFFFFFFL) {
        return -1;
      }
    }
    return v;
  }

  /**
   * Parses an IPv6 literal (without brackets), with an optional embedded dotted quad, by the
   * strict rules the edge parses client addresses with ({@link IpLiterals#parseIpv6}).
   *
   * @param text the literal
   * @return the sixteen bytes, or null if invalid (including zone identifiers)
   */
  static byte @Nullable [] parseIpv6(String text) {
    return IpLiterals.parseIpv6(text, 0, text.length(), IpLiterals::toIpv6Bytes);
  }

  /**
   * Tells whether an address is not a public unicast address: unspecified, loopback, private,
   * CGNAT, link-local (including cloud metadata at 169.254.169.254), multicast, reserved,
   * documentation, benchmarking, a well-known cloud metadata endpoint, and every IPv6 address
   * outside global unicast {@code 2000::/3} (ULA, link-local, site-local, multicast, discard,
   * unassigned). IPv6 addresses that embed an IPv4 address are judged by it (see
   * {@link #embeddedIsInternal(byte[])}).
   *
   * @param address 4 or 16 bytes
   * @return true if an application should not fetch from it on a user's behalf
   */
  static boolean isInternal(byte[] address) {
    if (address.length == 4) {
      return isInternalV4(address, 0, 0);
    }
    return isInternalV6(address);
  }

  /** Judges the IPv4 address in {@code x[at..at+3]}, each byte XORed with {@code flip}. */
  private static boolean isInternalV4(byte[] x, int at, int flip) {
    return isInternalV4((x[at] ^ flip) & 0xFF, (x[at + 1] ^ flip) & 0xFF, (x[at + 2] ^ flip) & 0xFF,
        (x[at + 3] ^ flip) & 0xFF);
  }

  private static boolean isInternalV4(int a, int b, int c, int d) {
    return a == 0                                   // 0.0.0.0/8 "this network", unspecified
        || a == 10                                  // 10.0.0.0/8 private
        || (a == 100 && (b & 0xC0) == 64)           // 100.64.0.0/10 CGNAT (Alibaba metadata 100.100.100.200)
        || a == 127                                 // 127.0.0.0/8 loopback
        || (a == 169 && b == 254)                   // 169.254.0.0/16 link-local, cloud metadata
        || (a == 172 && (b & 0xF0) == 16)           // 172.16.0.0/12 private
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // 192.0.0.0/24 IETF, 192.0.2.0/24 TEST-NET-1
        || (a == 192 && b == 88 && c == 99)         // 192.88.99.0/24 6to4 relay
        || (a == 192 && b == 168)                   // 192.168.0.0/16 private
        || (a == 198 && (b & 0xFE) == 18)           // 198.18.0.0/15 benchmarking
        || (a == 198 && b == 51 && c == 100)         // 198.51.100.0/24 TEST-NET-2
        || (a == 203 && b == 0 && c == 113)         // 203.0.113.0/24 TEST-NET-3
        || a >= 224                                 // multicast, reserved, broadcast
        || (a == 168 && b == 63 && c == 129 && d == 16); // Azure wire server / metadata
  }

  private static int group(byte[] x, int g) {
    return ((x[2 * g] & 0xFF) << 8) | (x[2 * g + 1] & 0xFF);
  }

  /*
   * IPv6 is judged in two steps. First, every form that carries an IPv4 address is judged by
   * that address, because a host or translator on the way turns it into an IPv4 packet:
   * ::ffff:a.b.c.d, ::ffff:0:a.b.c.d, ::a.b.c.d, NAT64, 6to4, Teredo and ISATAP. Second, the
   * rest is allowed only inside global unicast 2000::/3 (the only space IANA hands out to the
   * public Internet) and outside the special-purpose blocks there; unknown space is internal.
   */
  private static boolean isInternalV6(byte[] x) {
    Boolean embedded = embeddedIsInternal(x);
    if (embedded != null) {
      return embedded;
    }
    int first = group(x, 0);
    int second = group(x, 1);
    if ((first & 0xE000) != 0x2000) {
      return true; // outside 2000::/3: ::/8 rest, 100::/64 discard, fc00::/7 ULA (AWS fd00:ec2::254),
                   // fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast, unassigned
    }
    return (first == 0x2001 && second < 0x0200)               // 2001::/23 IETF protocol assignments
        || (first == 0x2001 && second == 0x0db8)              // 2001:db8::/32 documentation
        || (first == 0x3fff && (second & 0xF000) == 0)        // 3fff::/20 documentation (RFC 9637)
        || isatapInternal(x);
  }

  /**
   * Judges the IPv4 address carried by an IPv6 address of a form that translates to IPv4.
   *
   * @param x sixteen bytes
   * @return null if {@code x} is not one of these forms, else whether the carried IPv4 address (for
   *     Teredo: either of the two) is internal
   */
  private static @Nullable Boolean embeddedIsInternal(byte[] x) {
    int g0 = group(x, 0);
    int g1 = group(x, 1);
    if (g0 == 0 && g1 == 0 && group(x, 2) == 0 && group(x, 3) == 0) {
      int g4 = group(x, 4);
      int g5 = group(x, 5);
      if ((g4 == 0 && g5 == 0xFFFF)      // ::ffff:0:0/96 IPv4-mapped
          || (g4 == 0xFFFF && g5 == 0)   // ::ffff:0:0:0/96 IPv4-translated (RFC 2765)
          || (g4 == 0 && g5 == 0)) {     // ::/96 IPv4-compatible (deprecated); :: and ::1 fall in 0/8
        return isInternalV4(x, 12, 0);
      }
      return null;
    }
    if (g0 == 0x0064 && g1 == 0xFF9B) {
      boolean wellKnown = group(x, 2) == 0 && group(x, 3) == 0 && group(x, 4) == 0 && group(x, 5) == 0;
      boolean localUse = group(x, 2) == 0x0001;
      // 64:ff9b::/96 well-known and 64:ff9b:1::/48 local-use NAT64 (RFC 6052, RFC 8215): the IPv4
      // address is the last 32 bits. The rest of 64:ff9b::/32 is unassigned, hence internal.
      return (wellKnown || localUse) ? isInternalV4(x, 12, 0) : Boolean.TRUE;
    }
    if (g0 == 0x2002) {
      return isInternalV4(x, 2, 0); // 2002::/16 6to4: the IPv4 address is bits 16..47
    }
    if (g0 == 0x2001 && g1 == 0) {
      // 2001::/32 Teredo: server IPv4 in bits 32..63, client IPv4 in the last 32 bits inverted.
      return isInternalV4(x, 4, 0) || isInternalV4(x, 12, 0xFF);
    }
    return null;
  }

  /**
   * Judges the IPv4 address in an ISATAP interface identifier ({@code ::0:5efe:a.b.c.d} or
   * {@code ::200:5efe:a.b.c.d} under any prefix, RFC 5214), which the tunnel end point reaches over
   * IPv4.
   */
  private static boolean isatapInternal(byte[] x) {
    return (x[8] & 0xFC) == 0 && x[9] == 0 && (x[10] & 0xFF) == 0x5E && (x[11] & 0xFF) == 0xFE
        && isInternalV4(x, 12, 0);
  }
}
