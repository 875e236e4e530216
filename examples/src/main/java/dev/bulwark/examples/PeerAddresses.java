package dev.bulwark.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns the peer address a server reports into an {@link InetAddress}, never asking DNS. */
final class PeerAddresses {

  private PeerAddresses() {}

  /**
   * Parses an IPv4 literal ({@code a.b.c.d}) or an IPv6 literal (without brackets or zone).
   * Anything else, which a server should never report, becomes 0.0.0.0 rather than a DNS query:
   * IPv4 is parsed by hand, and only text with a colon, which {@link InetAddress#getByName} treats
   * as an IPv6 literal (refusing it if malformed, without a lookup), reaches that method.
   */
  static InetAddress parse(String literal) {
    try {
      byte[] v4 = ipv4(literal);
      if (v4 != null) {
        return InetAddress.getByAddress(v4);
      }
      if (literal.indexOf(':') >= 0) {
        return InetAddress.getByName(literal);
      }
    } catch (UnknownHostException e) {
      // malformed: fall through
    }
    return unspecified();
  }

  private static byte @org.jspecify.annotations.Nullable [] ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int start = 0;
    while (true) {
      int dot = s.indexOf('.', start);
      String digits = dot < 0 ? s.substring(start) : s.substring(start, dot);
      if (part == 4 || digits.isEmpty() || digits.length() > 3
          || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int value = Integer.parseInt(digits);
      if (value > 255) {
        return null;
      }
      out[part++] = (byte) value;
      if (dot < 0) {
        return part == 4 ? out : null;
      }
      start = dot + 1;
    }
  }

  private static InetAddress unspecified() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException impossible) { // four bytes are always an address
      throw new IllegalStateException(impossible);
    }
  }
}
