package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import dev.bulwark.headers.internal.OriginSyntax;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A web origin: the tuple (scheme, host, port) of RFC 6454, parsed from its serialised form
 * {@code scheme://host[:port]}. Immutable and thread-safe.
 *
 * <p>Two origins are equal when their tuples are: scheme and host compare case-insensitively
 * (they are stored lower-cased) and a missing port means the scheme's default, so
 * {@code HTTPS://Trusted.COM:443} equals {@code https://trusted.com}. Nothing else is normalised:
 * there is no trailing-slash stripping, no percent-decoding, no IDN conversion and no guessing of a
 * missing scheme. A string that is not exactly an origin is rejected, with the reason, because
 * every lenient rule is a way to slip a look-alike past an allow-list.
 *
 * <p>Rejected: {@code null} (the opaque origin), userinfo ({@code https://a@b.com}), any path,
 * query or fragment (including a lone trailing {@code /}), non-ASCII hosts (browsers send the
 * punycode form), {@code '*'}, empty labels and a trailing dot, ports outside [1, 65535], and
 * strings longer than 2048 characters.
 */
public final class Origin {

  private final String scheme;
  private final String host;
  private final int port;

  private Origin(String scheme, String host, int port) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
  }

  /**
   * Parses a serialised origin, for configuration.
   *
   * @param origin the origin, such as {@code https://example.com} or {@code http://[::1]:8080}
   * @return the origin
   * @throws NullPointerException if {@code origin} is null
   * @throws IllegalArgumentException if {@code origin} is not exactly an origin; the message
   *     quotes it and says why
   */
  public static Origin parse(String origin) {
    Objects.requireNonNull(origin, "origin");
    long scan = OriginSyntax.scan(origin);
    if (!OriginSyntax.isValid(scan)) {
      throw new IllegalArgumentException(
          "origin " + HeaderSyntax.quote(origin) + " " + OriginSyntax.problem(scan).message());
    }
    return fromScan(origin, scan);
  }

  /**
   * Parses a serialised origin, for untrusted input such as a request's {@code Origin} header.
   * Never throws for bad input.
   *
   * @param origin the candidate origin, or null
   * @return the origin, or null if {@code origin} is null or not exactly an origin
   */
  public static @Nullable Origin tryParse(@Nullable String origin) {
    if (origin == null) {
      return null;
    }
    long scan = OriginSyntax.scan(origin);
    return OriginSyntax.isValid(scan) ? fromScan(origin, scan) : null;
  }

  private static Origin fromScan(String origin, long scan) {
    String scheme = origin.substring(0, OriginSyntax.schemeEnd(scan)).toLowerCase(Locale.ROOT);
    String host =
        origin
            .substring(OriginSyntax.hostStart(scan), OriginSyntax.hostEnd(scan))
            .toLowerCase(Locale.ROOT);
    return new Origin(scheme, host, OriginSyntax.effectivePort(origin, scan));
  }

  /**
   * Returns the scheme, lower-cased.
   *
   * @return the scheme, such as {@code https}
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Returns the host, lower-cased; an IPv6 literal keeps its brackets.
   *
   * @return the host, such as {@code example.com} or {@code [::1]}
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port: the written port, or the scheme's default (80 for http and ws, 443 for https
   * and wss, 21 for ftp).
   *
   * @return the port, or -1 for a scheme without a default port written without one
   */
  public int port() {
    return port;
  }

  /**
   * Returns the canonical serialisation: lower-case scheme and host, the port only when it is not
   * the scheme's default. This is what browsers send in the {@code Origin} header.
   *
   * @return the origin, such as {@code https://example.com} or {@code http://localhost:8080}
   */
  @Override
  public String toString() {
    boolean defaultPort = port == OriginSyntax.defaultPort(scheme, 0, scheme.length());
    return defaultPort || port < 0 ? scheme + "://" + host : scheme + "://" + host + ":" + port;
  }

  /**
   * Compares the (scheme, host, port) tuples.
   *
   * @param o the other object
   * @return true if {@code o} is an origin with the same tuple
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Origin other
        && port == other.port
        && scheme.equals(other.scheme)
        && host.equals(other.host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, host, port);
  }
}
