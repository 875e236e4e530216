package dev.bulwark.headers.internal;

import java.util.Locale;

/**
 * An origin pattern {@code https://*.example.com[:port]}: any https origin on that port whose host
 * is one or more labels followed by {@code .example.com}.
 *
 * <h2>Why only this form</h2>
 * Hand-written origin checks fail in a few well-known ways: {@code endsWith("example.com")}
 * admits {@code evilexample.com}; {@code startsWith("https://example.com")} admits
 * {@code https://example.com.evil.io}; an unescaped regex dot admits {@code https://exampleXcom}.
 * Here the suffix always starts with a dot and is compared against the host of a fully validated
 * origin (non-empty labels only, no userinfo, no path), so a match is on a label boundary by
 * construction. The scheme must be https, because on plain http any network attacker can answer
 * for every subdomain, and the suffix must have at least two labels and end in a name, so a
 * pattern can never cover a whole top-level domain or an IP range. Public suffixes with two
 * labels (such as {@code co.uk}) cannot be detected without a suffix list: do not use them.
 * The apex host itself ({@code https://example.com}) is not matched; list it separately.
 */
public final class SubdomainPattern {

  private static final String PREFIX = "https://*.";

  private final String pattern;
  private final String suffix;
  private final int port;

  private SubdomainPattern(String pattern, String suffix, int port) {
    this.pattern = pattern;
    this.suffix = suffix;
    this.port = port;
  }

  /**
   * Returns whether text looks like a pattern (contains {@code '*'}), to route it to
   * {@link #parse}.
   *
   * @param origin configured text
   * @return true if it contains {@code '*'}
   */
  public static boolean isPattern(String origin) {
    return origin.indexOf('*') >= 0;
  }

  /**
   * Parses {@code https://*.example.com[:port]} (case-insensitive).
   *
   * @param origin the pattern
   * @return the pattern
   * @throws IllegalArgumentException if it is not of that form; the message says why
   */
  public static SubdomainPattern parse(String origin) {
    if (origin.regionMatches(true, 0, "http://*.", 0, 9)) {
      throw new IllegalArgumentException(
          "origin pattern " + HeaderSyntax.quote(origin) + " must use https: on plain http any"
              + " network attacker can answer for every subdomain");
    }
    if (!origin.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException(
          "origin pattern " + HeaderSyntax.quote(origin) + " is not of the only allowed form"
              + " https://*.example.com: '*' must be the whole first label, after https://");
    }
    String rest = origin.substring(PREFIX.length());
    String probe = "https://" + rest;
    long scan = OriginSyntax.scan(probe);
    if (!OriginSyntax.isValid(scan)) {
      throw new IllegalArgumentException(
          "origin pattern " + HeaderSyntax.quote(origin) + " "
              + OriginSyntax.problem(scan).message());
    }
    String host = probe.substring(OriginSyntax.hostStart(scan), OriginSyntax.hostEnd(scan))
        .toLowerCase(Locale.ROOT);
    int lastDot = host.lastIndexOf('.');
    if (host.startsWith("[") || lastDot < 0 || isNumeric(host.substring(lastDot + 1))) {
      throw new IllegalArgumentException(
          "origin pattern " + HeaderSyntax.quote(origin) + " must cover a domain of at least two"
              + " labels ending in a name, such as https://*.example.com");
    }
    int port = OriginSyntax.effectivePort(probe, scan);
    String canonical = PREFIX + host + (port == 443 ? "" : ":" + port);
    return new SubdomainPattern(canonical, "." + host, port);
  }

  /**
   * Returns whether a scanned origin matches.
   *
   * @param raw the raw origin
   * @param scan its valid {@link OriginSyntax#scan}
   * @return true if scheme is https, the port equals, and the host ends with the suffix after at
   *     least one label
   */
  public boolean matches(String raw, long scan) {
    int schemeEnd = OriginSyntax.schemeEnd(scan);
    int hostStart = OriginSyntax.hostStart(scan);
    int hostEnd = OriginSyntax.hostEnd(scan);
    return schemeEnd == 5
        && raw.regionMatches(true, 0, "https", 0, 5)
        && OriginSyntax.effectivePort(raw, scan) == port
        && hostEnd - hostStart > suffix.length()
        && raw.regionMatches(true, hostEnd - suffix.length(), suffix, 0, suffix.length());
  }

  /**
   * Returns the canonical pattern.
   *
   * @return such as {@code https://*.example.com}
   */
  @Override
  public String toString() {
    return pattern;
  }

  private static boolean isNumeric(String label) {
    for (int i = 0; i < label.length(); i++) {
      if (label.charAt(i) < '0' || label.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
