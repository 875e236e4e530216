package dev.bulwark.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Syntax check of the {@code --trusted-proxies} entries: an IPv4 or IPv6 literal with an optional
 * {@code /prefix}. Never triggers a DNS query: IPv4 is checked by hand, and only strings that can
 * only be IPv6 literals (hex digits, colons and dots, with at least one colon) reach
 * {@link InetAddress#getByName}, which parses those without a lookup.
 */
final class Cidrs {

  private Cidrs() {}

  static boolean isValid(String cidr) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    int maxPrefix;
    if (isIpv4(address)) {
      maxPrefix = 32;
    } else if (isIpv6(address)) {
      maxPrefix = 128;
    } else {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String prefix = cidr.substring(slash + 1);
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return Integer.parseInt(prefix) <= maxPrefix;
  }

  private static boolean isIpv4(String s) {
    int parts = 0;
    int start = 0;
    while (true) {
      int dot = s.indexOf('.', start);
      String part = dot < 0 ? s.substring(start) : s.substring(start, dot);
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      parts++;
      if (dot < 0) {
        return parts == 4;
      }
      start = dot + 1;
    }
  }

  private static boolean isIpv6(String s) {
    if (s.indexOf(':') < 0
        || !s.chars().allMatch(c -> c == ':' || c == '.' || (c < 0x80 && Character.digit(c, 16) >= 0))) {
      return false;
    }
    try {
      InetAddress.getByName(s); // a literal with a colon: parsed, never looked up
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
