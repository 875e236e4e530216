package dev.bulwark.validation;

import java.net.InetAddress;
import java.util.List;

/**
 * A URL checked by {@link UrlPolicy#resolve(String, String)} together with the addresses its host
 * resolved to when it was checked. Connect only to {@link #addresses()}: resolving the host again
 * would let DNS answer differently the second time (DNS rebinding).
 *
 * <p>When the URL is refused, {@link #result()} holds the one violation and {@link #addresses()} is
 * empty. Immutable and thread-safe.
 */
public final class PinnedUrl {

  private final ValidationResult result;
  private final String scheme;
  private final String host;
  private final int port;
  private final List<InetAddress> addresses;

  PinnedUrl(ValidationResult result, String scheme, String host, int port, List<InetAddress> addresses) {
    this.result = result;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.addresses = List.copyOf(addresses);
  }

  /**
   * Tells whether the URL passed, so that {@link #addresses()} holds at least one address.
   *
   * @return true if there is no violation
   */
  public boolean isValid() {
    return result.isValid();
  }

  /**
   * Returns the result in the shape of {@link UrlPolicy#check(String, String)}: the one violation,
   * or no violation and the URL as given under the field name.
   *
   * @return the result
   */
  public ValidationResult result() {
    return result;
  }

  /**
   * Returns the scheme.
   *
   * @return the scheme in lower case ({@code https}); empty if the URL was refused before its scheme
   *     was read
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Returns the host, for the {@code Host} header, TLS server name and certificate check.
   *
   * @return the host in lower case without a trailing dot; an IPv6 literal keeps its brackets
   *     ({@code [2606:4700::1111]}); empty if the URL was refused before its host was read
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port written in the URL.
   *
   * @return 1 to 65535, or -1 if the URL names none (then use the scheme's default, 443 for
   *     {@code https} and 80 for {@code http})
   */
  public int port() {
    return port;
  }

  /**
   * Returns the addresses that were checked, the only ones to connect to: every answer of the
   * {@link HostResolver} in its order, or the address an IP literal spells (an IPv4-mapped IPv6
   * literal as its {@code Inet4Address}).
   *
   * @return an immutable list, non-empty when valid and empty when refused
   */
  public List<InetAddress> addresses() {
    return addresses;
  }

  @Override
  public String toString() {
    return isValid()
        ? "PinnedUrl[" + scheme + "://" + host + (port < 0 ? "" : ":" + port) + " -> " + addresses + "]"
        : "PinnedUrl" + result.violations();
  }
}
