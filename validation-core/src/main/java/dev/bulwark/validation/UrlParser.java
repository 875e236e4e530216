package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A strict parser for absolute hierarchical URLs ({@code scheme://host[:port][/path][?query][#frag]}).
 *
 * <h2>Design</h2>
 * SSRF defences fail when the checker and the HTTP client parse a URL differently. This parser
 * therefore rejects everything parsers disagree on instead of guessing: whitespace and control
 * characters, backslashes, non-ASCII characters (IDNs must arrive as punycode), characters RFC 3986
 * does not allow, malformed percent-escapes, percent-escapes in the host, empty ports, and ports out
 * of range. Hosts that end in a number are read as IPv4 the way clients read them (see
 * {@link IpAddresses}), so every spelling of an address is recognised.
 */
final class UrlParser {

  /** The longest URL accepted, in characters. */
  static final int MAX_LENGTH = 8192;

  /** A parsed URL, or an error. */
  static final class Parsed {
    String scheme = "";
    String host = "";
    int port = -1;
    byte @Nullable [] address;
    Violation.@Nullable Code error;
    String message = "";
    int offset = -1;

    Parsed fail(Violation.Code code, String why, int at) {
      error = code;
      message = why;
      offset = at;
      return this;
    }
  }

  private UrlParser() {}

  static Parsed parse(String url) {
    Parsed p = new Parsed();
    if (url.length() > MAX_LENGTH) {
      return p.fail(Violation.Code.URL_MALFORMED, "URL longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (!allowed(c)) {
        return p.fail(Violation.Code.URL_MALFORMED, "character not allowed in a URL: " + describe(c), i);
      }
      if (c == '%' && (i + 2 >= url.length() || !AsciiChars.isHexDigit(url.charAt(i + 1)) || !AsciiChars.isHexDigit(url.charAt(i + 2)))) {
        return p.fail(Violation.Code.URL_MALFORMED, "invalid percent-escape", i);
      }
    }
    int colon = url.indexOf(':');
    if (colon <= 0 || !AsciiChars.isAlpha(url.charAt(0))) {
      return p.fail(Violation.Code.URL_MALFORMED, "no scheme", 0);
    }
    for (int i = 1; i < colon; i++) {
      char c = url.charAt(i);
      if (!(AsciiChars.isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return p.fail(Violation.Code.URL_MALFORMED, "invalid scheme", i);
      }
    }
    p.scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!url.startsWith("//", colon + 1)) {
      return p.fail(Violation.Code.URL_MALFORMED, "expected // after the scheme", colon + 1);
    }
    int authorityStart = colon + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = url.substring(authorityStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      return p.fail(Violation.Code.URL_USERINFO, "user information is not allowed", authorityStart);
    }
    String hostPart;
    String portPart = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return p.fail(Violation.Code.URL_MALFORMED, "unclosed IPv6 literal", authorityStart);
      }
      hostPart = authority.substring(0, close + 1);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (rest.charAt(0) != ':') {
          return p.fail(Violation.Code.URL_MALFORMED, "junk after IPv6 literal", authorityStart + close + 1);
        }
        portPart = rest.substring(1);
      }
    } else {
      int portColon = authority.indexOf(':');
      hostPart = portColon < 0 ? authority : authority.substring(0, portColon);
      portPart = portColon < 0 ? null : authority.substring(portColon + 1);
    }
    if (hostPart.isEmpty()) {
      return p.fail(Violation.Code.URL_HOST_MISSING, "no host", authorityStart);
    }
    if (portPart != null) {
      int port = parsePort(portPart);
      if (port < 0) {
        return p.fail(Violation.Code.URL_MALFORMED, "invalid port: " + clip(portPart), authorityStart + hostPart.length() + 1);
      }
      p.port = port;
    }
    return host(p, hostPart, authorityStart);
  }

  private static Parsed host(Parsed p, String hostPart, int at) {
    if (hostPart.startsWith("[")) {
      String literal = hostPart.substring(1, hostPart.length() - 1);
      byte[] v6 = IpAddresses.parseIpv6(literal);
      if (v6 == null) {
        return p.fail(Violation.Code.URL_MALFORMED, "invalid IPv6 literal: " + clip(literal), at);
      }
      p.host = hostPart.toLowerCase(Locale.ROOT);
      p.address = v6;
      return p;
    }
    String host = hostPart.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.length() > 253) {
      return p.fail(Violation.Code.URL_MALFORMED, "invalid host length", at);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
        return p.fail(Violation.Code.URL_MALFORMED, "character not allowed in a host: " + describe(c), at + i);
      }
    }
    p.host = host;
    if (IpAddresses.looksLikeIpv4(host)) {
      byte[] v4 = IpAddresses.parseIpv4(host);
      if (v4 == null) {
        return p.fail(Violation.Code.URL_MALFORMED, "host ends in a number but is not an IPv4 address: " + clip(host), at);
      }
      p.address = v4;
      return p;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return p.fail(Violation.Code.URL_MALFORMED, "invalid host label in " + clip(host), at);
      }
    }
    return p;
  }

  private static int parsePort(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v >= 1 && v <= 65535 ? v : -1;
  }

  /** RFC 3986 characters (unreserved, reserved, and '%'), ASCII only. */
  private static boolean allowed(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7F ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
