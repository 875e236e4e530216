package dev.bulwark.http;

import dev.bulwark.core.internal.IpLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Strict IP address literals and CIDR blocks, parsed without ever asking DNS: the parser
 * {@link ClientIpResolver} uses for forwarding headers, for application code that must turn a peer
 * address or a configured block into a value.
 *
 * <p>What is accepted: IPv4 as exactly four decimal octets without leading zeros ({@code 010.0.0.1}
 * is refused, because {@code inet_aton} reads it as octal); IPv6 per RFC 4291 section 2.2 (one to
 * four hex digits per group, at most one {@code ::}, an optional dotted quad in the last 32 bits), no
 * brackets and no zone id; at most 45 characters. A CIDR block is such an address, optionally
 * followed by {@code /} and a prefix length of one to three digits without a leading zero, at most
 * 32 for IPv4 and 128 for IPv6. Host bits after the prefix are a separate question:
 * {@link ClientIpResolver#trustedProxies(String...)} refuses them, {@link #isCidr} does not look.
 *
 * <p>All methods are static, thread-safe and linear in the input's length.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /**
   * Returns whether {@code text} is an IPv4 or IPv6 literal as described above.
   *
   * @param text any text
   * @return true for a literal
   * @throws NullPointerException if {@code text} is null
   */
  public static boolean isAddress(String text) {
    Objects.requireNonNull(text, "text");
    return IpLiterals.parse(text, 0, text.length(), (hi, lo) -> Boolean.TRUE) != null;
  }

  /**
   * Returns whether {@code text} is an address literal or a CIDR block ({@code 10.0.0.0/8},
   * {@code 2001:db8::/32}) as described above; host bits are not checked.
   *
   * @param text any text
   * @return true for an address or a block
   * @throws NullPointerException if {@code text} is null
   */
  public static boolean isCidr(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0) {
      return isAddress(text);
    }
    if (IpLiterals.parse(text, 0, slash, (hi, lo) -> Boolean.TRUE) == null) {
      return false;
    }
    int prefix = CidrSet.prefixLength(text, slash + 1);
    int max = text.lastIndexOf(':', slash) < 0 ? 32 : 128;
    return prefix >= 0 && prefix <= max;
  }

  /**
   * Returns the literal in canonical form: a dotted quad for IPv4 and IPv4-mapped IPv6
   * ({@code ::ffff:1.2.3.4} becomes {@code 1.2.3.4}), RFC 5952 text for other IPv6 (lower case,
   * no leading zeros, the longest run of zero groups as {@code ::}).
   *
   * @param literal an address literal
   * @return its canonical text
   * @throws NullPointerException if {@code literal} is null
   * @throws IllegalArgumentException if {@code literal} is not an address literal
   */
  public static String canonical(String literal) {
    Objects.requireNonNull(literal, "literal");
    String formatted = IpLiterals.parse(literal, 0, literal.length(), IpLiterals::format);
    if (formatted == null) {
      throw notALiteral(literal);
    }
    return formatted;
  }

  /**
   * Returns the address a literal denotes, without a DNS lookup: an {@code Inet4Address} for IPv4
   * and IPv4-mapped IPv6, an {@code Inet6Address} otherwise.
   *
   * @param literal an address literal, such as a servlet container's or Netty's peer address with
   *     brackets and zone id removed
   * @return the address; its host name is set to the canonical literal, so
   *     {@code getHostName()} never starts a reverse lookup either
   * @throws NullPointerException if {@code literal} is null
   * @throws IllegalArgumentException if {@code literal} is not an address literal
   */
  public static InetAddress parse(String literal) {
    Objects.requireNonNull(literal, "literal");
    long[] address = IpLiterals.parse(literal, 0, literal.length(), (hi, lo) -> new long[] {hi, lo});
    if (address == null) {
      throw notALiteral(literal);
    }
    try {
      return InetAddress.getByAddress(
          IpLiterals.format(address[0], address[1]), IpLiterals.toBytes(address[0], address[1]));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  private static IllegalArgumentException notALiteral(String text) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return new IllegalArgumentException("not an IPv4 or IPv6 address literal: '" + shown + "'");
  }
}
