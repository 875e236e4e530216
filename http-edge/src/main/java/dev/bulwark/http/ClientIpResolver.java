package dev.bulwark.http;

import dev.bulwark.core.internal.IpLiterals;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decides which IP address a request comes from, for keying limits and logging.
 *
 * <p>{@link #peer()} uses the TCP peer address and ignores every forwarding header: the only safe
 * choice when the server is reachable directly, because any client can send any
 * {@code X-Forwarded-For} value.
 *
 * <p>Behind reverse proxies or load balancers, {@link #trustedProxies(String...)} names them by
 * address or CIDR block, and a request is resolved like this:
 *
 * <ol>
 *   <li>If the TCP peer is not a trusted proxy, the peer is the client and forwarding headers are
 *       ignored: a client connecting directly cannot pose as another address by sending one.
 *   <li>Otherwise the forwarding header's elements (all its field lines, in the order received)
 *       are read from the right; trusted addresses are skipped and the first untrusted one is the
 *       client.
 *   <li>If every element is trusted, the leftmost one is the client (with no header, the peer).
 *   <li>If an element is not an address ({@code unknown}, an obfuscated identifier such as
 *       {@code _hidden}, a {@code Forwarded} element without {@code for=}, or anything
 *       malformed), resolution stops there and returns the nearest trusted address to its right:
 *       nothing beyond that element can be verified, so the proxy that wrote it stands in for the
 *       client. This can only put several clients under one key, never let one pick its own.
 * </ol>
 *
 * <p>For example, with {@code trustedProxies("10.0.0.0/8")}, peer {@code 10.0.0.2} and
 * {@code X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.1}, the client is {@code 203.0.113.7}:
 * {@code 10.0.0.1} is skipped as trusted, and {@code 6.6.6.6} is whatever the client sent.
 *
 * <p>This is only as good as the proxies: every trusted proxy must append the address it received
 * the request from to the header read here (see {@link ForwardingHeader}). A trusted proxy that
 * passes the header on without appending lets its clients choose their address.
 *
 * <p>Nodes may be written {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code 2001:db8::1},
 * {@code [2001:db8::1]} or {@code [2001:db8::1]:8080}, with spaces or tabs around elements; in
 * {@code Forwarded}, parameter names are case-insensitive, the {@code for=} value may be quoted,
 * and other parameters ({@code by}, {@code proto}, {@code host}) are ignored. Addresses are parsed
 * as literals, never looked up in DNS. The result is canonical, so that one client always gets
 * one limiter key: IPv4 as a dotted quad (IPv4-mapped IPv6 such as {@code ::ffff:192.0.2.1}
 * becomes {@code 192.0.2.1}), IPv6 in RFC 5952 form ({@code 2001:DB8:0:0::1} becomes
 * {@code 2001:db8::1}). A peer address that is not an IP literal is never trusted and is returned
 * unchanged.
 *
 * <p>Work per request is bounded whatever the header size: at most 32 list elements are examined
 * from the right, and an element longer than 512 characters is not read; either limit stops
 * resolution as an unreadable element does (rule 4).
 *
 * <p>Instances are immutable and thread-safe. {@link #resolve} takes no lock and allocates only
 * the returned string (plus one short-lived builder when it formats an IPv6 address), and
 * nothing when it returns a peer address that is already a canonical IPv4 literal.
 */
public final class ClientIpResolver {

  /**
   * The forwarding header a resolver with trusted proxies reads.
   *
   * <p>Choose the header your proxies append to. If they write both, either is safe; if a proxy
   * only appends to one, the other is whatever the client sent.
   */
  public enum ForwardingHeader {

    /**
     * {@code X-Forwarded-For}: a comma-separated list of nodes, the de facto standard written by
     * nginx, HAProxy, Envoy and the cloud load balancers. The default.
     */
    X_FORWARDED_FOR,

    /** {@code Forwarded} (RFC 7239): the client of each element is its {@code for=} parameter. */
    FORWARDED,

    /**
     * {@code Forwarded} when the request has at least one {@code Forwarded} field line, otherwise
     * {@code X-Forwarded-For}. The two lists are never merged: their relative order is unknown.
     * Safe only if every trusted proxy appends to {@code Forwarded} or removes it; otherwise a
     * client could send a {@code Forwarded} header to hide the {@code X-Forwarded-For} chain.
     */
    FORWARDED_OR_X_FORWARDED_FOR
  }

  private static final ClientIpResolver PEER =
      new ClientIpResolver(CidrSet.EMPTY, ForwardingHeader.X_FORWARDED_FOR);

  private final CidrSet trusted;
  private final ForwardingHeader header;

  private ClientIpResolver(CidrSet trusted, ForwardingHeader header) {
    this.trusted = trusted;
    this.header = header;
  }

  /**
   * Returns the resolver that uses the TCP peer address and ignores forwarding headers.
   *
   * @return the peer-address resolver
   */
  public static ClientIpResolver peer() {
    return PEER;
  }

  /**
   * Returns a resolver that believes {@code X-Forwarded-For} when the request comes from one of
   * the given proxies; see the class description for the exact rules.
   *
   * @param cidrs trusted proxies: IPv4 or IPv6 CIDR blocks ({@code 10.0.0.0/8},
   *     {@code 2001:db8::/32}) or single addresses ({@code 192.0.2.10}, {@code ::1}). Host bits
   *     after the prefix must be zero ({@code 10.1.2.3/8} is refused, not widened to
   *     {@code 10.0.0.0/8}, because it usually means one host was meant). IPv4 is matched in its
   *     IPv4-mapped IPv6 form, so {@code ::ffff:0:0/96} (and {@code ::/0}) also cover all of IPv4.
   *     No blocks means no proxy is trusted: the resolver then behaves like {@link #peer()}.
   * @return a new resolver reading {@code X-Forwarded-For}
   * @throws NullPointerException if {@code cidrs} or an element is null
   * @throws IllegalArgumentException naming the offending text if an element is not an address or
   *     block, has a prefix length out of range, or has host bits set
   */
  public static ClientIpResolver trustedProxies(String... cidrs) {
    Objects.requireNonNull(cidrs, "cidrs");
    return trustedProxies(Arrays.asList(cidrs));
  }

  /**
   * Returns a resolver that believes {@code X-Forwarded-For} when the request comes from one of
   * the given proxies; the same as {@link #trustedProxies(String...)}.
   *
   * @param cidrs trusted proxies: IPv4 or IPv6 CIDR blocks or single addresses
   * @return a new resolver reading {@code X-Forwarded-For}
   * @throws NullPointerException if {@code cidrs} or an element is null
   * @throws IllegalArgumentException naming the offending text if an element is not an address or
   *     block, has a prefix length out of range, or has host bits set
   */
  public static ClientIpResolver trustedProxies(List<String> cidrs) {
    Objects.requireNonNull(cidrs, "cidrs");
    return new ClientIpResolver(CidrSet.parse(cidrs), ForwardingHeader.X_FORWARDED_FOR);
  }

  /**
   * Returns a resolver with the same trusted proxies that reads {@code header} instead. On
   * {@link #peer()}, which trusts no proxy, the header never matters.
   *
   * @param header the forwarding header to read
   * @return a new resolver (or this one, if it already reads {@code header})
   * @throws NullPointerException if {@code header} is null
   */
  public ClientIpResolver withHeader(ForwardingHeader header) {
    Objects.requireNonNull(header, "header");
    return header == this.header ? this : new ClientIpResolver(trusted, header);
  }

  /**
   * Returns the client IP address of a request.
   *
   * @param request the request
   * @return the client IP literal in canonical form (or the peer address unchanged if it is not
   *     an IP literal)
   * @throws NullPointerException if {@code request} is null
   */
  public String resolve(EdgeRequest request) {
    Objects.requireNonNull(request, "request");
    String peer = request.peerAddress();
    if (trusted.isEmpty()) {
      return IpLiterals.canonical(peer, 0, peer.length());
    }
    Boolean peerTrusted = IpLiterals.parse(peer, 0, peer.length(), trusted);
    if (peerTrusted == null) {
      return peer;
    }
    if (!peerTrusted) {
      return IpLiterals.canonical(peer, 0, peer.length());
    }
    if (header != ForwardingHeader.X_FORWARDED_FOR) {
      List<String> forwarded = request.headers("Forwarded");
      if (header == ForwardingHeader.FORWARDED || !forwarded.isEmpty()) {
        return ForwardedChain.clientOf(peer, forwarded, true, trusted);
      }
    }
    return ForwardedChain.clientOf(peer, request.headers("X-Forwarded-For"), false, trusted);
  }

  /** Tells whether any proxy is trusted (else no forwarded value is ever believed). */
  boolean trustsProxies() {
    return !trusted.isEmpty();
  }

  /** Tells whether the request's TCP peer is a trusted proxy. */
  boolean trustsPeer(EdgeRequest request) {
    String peer = request.peerAddress();
    return !trusted.isEmpty() && Boolean.TRUE.equals(IpLiterals.parse(peer, 0, peer.length(), trusted));
  }

  /**
   * Tells whether the client reached the service over TLS: the request arrived over TLS on this hop
   * ({@link EdgeRequest#secure()}), or its TCP peer is a trusted proxy that says so, in the
   * {@code proto} parameter of the last element of {@code Forwarded} (RFC 7239) or, when it sends
   * none, the last value of {@code X-Forwarded-Proto}: {@code https}, case-insensitively. The last
   * element is the one the nearest proxy (the trusted peer) added; a proxy in front of it that
   * terminated TLS must have its value passed on. From an untrusted peer both headers are ignored,
   * so a client cannot claim HTTPS. The edge uses this for HSTS and for same-origin checks.
   *
   * @param request the request
   * @return true when the request is secure, directly or as a trusted proxy states
   * @throws NullPointerException if {@code request} is null
   */
  public boolean secure(EdgeRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.secure()) {
      return true;
    }
    if (trusted.isEmpty()) {
      return false;
    }
    String peer = request.peerAddress();
    if (!Boolean.TRUE.equals(IpLiterals.parse(peer, 0, peer.length(), trusted))) {
      return false;
    }
    List<String> forwarded = request.headers("Forwarded");
    if (!forwarded.isEmpty()) {
      String proto = lastProto(forwarded.get(forwarded.size() - 1));
      if (proto != null) {
        return proto.equalsIgnoreCase("https");
      }
    }
    List<String> protos = request.headers("X-Forwarded-Proto");
    if (protos.isEmpty()) {
      return false;
    }
    String last = protos.get(protos.size() - 1);
    return last.substring(last.lastIndexOf(',') + 1).trim().equalsIgnoreCase("https");
  }

  /** The {@code proto} parameter of a {@code Forwarded} field line's last element, unquoted, or null. */
  private static @org.jspecify.annotations.Nullable String lastProto(String line) {
    String element = line.substring(line.lastIndexOf(',') + 1);
    int from = 0;
    while (from <= element.length()) {
      int end = element.indexOf(';', from);
      String pair = (end < 0 ? element.substring(from) : element.substring(from, end)).trim();
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("proto")) {
        String value = pair.substring(eq + 1).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
      if (end < 0) {
        break;
      }
      from = end + 1;
    }
    return null;
  }

  @Override
  public String toString() {
    if (trusted.isEmpty()) {
      return "ClientIpResolver[peer]";
    }
    return "ClientIpResolver[trustedProxies=" + trusted + ", header=" + header + "]";
  }
}
