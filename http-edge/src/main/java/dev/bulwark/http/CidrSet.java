package dev.bulwark.http;

import dev.bulwark.core.internal.IpLiterals;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable list of IPv4 and IPv6 address blocks (CIDR notation) that answers "is this address
 * in one of them?" without allocating.
 *
 * <h2>Design</h2>
 * Each block is parsed once into a 128-bit network and mask, stored as four {@code long}s in one
 * flat array, so a lookup is a linear scan of two AND-and-compare steps per block. Lists of trusted
 * proxies are short (a handful to a few dozen blocks), where a scan over one contiguous array is
 * faster than any tree. IPv4 blocks are stored in IPv4-mapped form ({@code a.b.c.d/n} becomes
 * {@code ::ffff:a.b.c.d/(96+n)}), the same form {@link IpLiterals} gives IPv4 addresses; a
 * consequence users should know: {@code ::ffff:0:0/96} and {@code ::/0} also match every IPv4
 * address.
 *
 * <p>A block whose address has bits set after the prefix ({@code 10.1.2.3/8}) is rejected rather
 * than silently widened to its network: the usual cause is someone writing a proxy's own address
 * with its subnet's length, and trusting the whole subnet instead would let every other host in it
 * forge forwarding headers.
 */
final class CidrSet implements IpLiterals.Visitor<Boolean> {

  /** The set that matches nothing. */
  static final CidrSet EMPTY = new CidrSet(new long[0], List.of());

  /** Per block: network hi, network lo, mask hi, mask lo. */
  private final long[] blocks;
  private final List<String> canonical;

  private CidrSet(long[] blocks, List<String> canonical) {
    this.blocks = blocks;
    this.canonical = canonical;
  }

  /**
   * Parses blocks such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a plain address (one
   * host: {@code /32} or {@code /128}).
   *
   * @throws NullPointerException if the list or an element is null
   * @throws IllegalArgumentException naming the offending text if an element is not an address or
   *     block, its prefix length is out of range, or it has host bits set
   */
  static CidrSet parse(List<String> cidrs) {
    long[] blocks = new long[4 * cidrs.size()];
    List<String> canonical = new ArrayList<>(cidrs.size());
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i);
      if (cidr == null) {
        throw new NullPointerException("cidrs[" + i + "]");
      }
      canonical.add(parseBlock(cidr, blocks, 4 * i));
    }
    return new CidrSet(blocks, List.copyOf(canonical));
  }

  /** Returns whether no block was given, so that no address matches. */
  boolean isEmpty() {
    return blocks.length == 0;
  }

  /** Returns whether the address is in one of the blocks. */
  boolean contains(long hi, long lo) {
    long[] b = blocks;
    for (int i = 0; i < b.length; i += 4) {
      if ((hi & b[i + 2]) == b[i] && (lo & b[i + 3]) == b[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Visits a parsed address: {@link #contains}, boxed (the two {@code Boolean}s are cached). */
  @Override
  public Boolean visit(long hi, long lo) {
    return contains(hi, lo);
  }

  /** Returns the blocks in canonical form, for example {@code [10.0.0.0/8, 2001:db8::/32]}. */
  @Override
  public String toString() {
    return canonical.toString();
  }

  /** Parses one block into {@code blocks[at, at + 4)} and returns its canonical text. */
  private static String parseBlock(String cidr, long[] blocks, int at) {
    int slash = cidr.indexOf('/');
    int end = slash < 0 ? cidr.length() : slash;
    long[] address = IpLiterals.parse(cidr, 0, end, (hi, lo) -> new long[] {hi, lo});
    if (address == null) {
      throw new IllegalArgumentException(
          "not an IPv4 or IPv6 address or CIDR block: '" + cidr + "'");
    }
    boolean ipv4 = cidr.lastIndexOf(':', end) < 0;
    int maxPrefix = ipv4 ? 32 : 128;
    int prefix = slash < 0 ? maxPrefix : prefixLength(cidr, slash + 1);
    if (prefix < 0 || prefix > maxPrefix) {
      throw new IllegalArgumentException(
          "prefix length of '" + cidr + "' must be a number from 0 to " + maxPrefix);
    }
    int bits = ipv4 ? prefix + 96 : prefix;
    long maskHi = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    long maskLo = bits <= 64 ? 0 : -1L << (128 - bits);
    long networkHi = address[0] & maskHi;
    long networkLo = address[1] & maskLo;
    boolean shownAsIpv4 = bits >= 96 && IpLiterals.isIpv4(networkHi, networkLo);
    String canonical = IpLiterals.format(networkHi, networkLo)
        + "/" + (shownAsIpv4 ? bits - 96 : bits);
    if ((address[0] & ~maskHi) != 0 || (address[1] & ~maskLo) != 0) {
      throw new IllegalArgumentException("CIDR block '" + cidr + "' has host bits set: write its"
          + " network '" + canonical + "', or the address alone to trust one host");
    }
    blocks[at] = address[0];
    blocks[at + 1] = address[1];
    blocks[at + 2] = maskHi;
    blocks[at + 3] = maskLo;
    return canonical;
  }

  /** Returns the decimal prefix length after the slash, or -1 if it is not 1 to 3 plain digits. */
  static int prefixLength(String cidr, int from) {
    int length = cidr.length() - from;
    if (length < 1 || length > 3 || (length > 1 && cidr.charAt(from) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < cidr.length(); i++) {
      char c = cidr.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
