package dev.bulwark.http;

import dev.bulwark.core.internal.HttpTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which client a request counts against: the key a route's rate and concurrency limits are kept
 * under. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Strategies and the keys they produce</caption>
 *   <tr><th>strategy</th><th>key</th></tr>
 *   <tr><td>{@link #ip()}</td><td>the client IP from the edge's {@link ClientIpResolver}, such as
 *       {@code 203.0.113.7}</td></tr>
 *   <tr><td>{@link #header(String) header("X-Api-Key")}</td><td>{@code h:x-api-key=<value>}; the
 *       client IP when the header is absent or blank</td></tr>
 *   <tr><td>{@link #principal()}</td><td>{@code u=<user>}; the client IP when the request has no
 *       authenticated user</td></tr>
 *   <tr><td>{@link #attribute(String) attribute("tenant")}</td><td>{@code a:tenant=<value>}; the
 *       client IP when the attribute is not set or blank</td></tr>
 *   <tr><td>{@link #ipAndUserAgent()}</td><td>{@code <ip>|ua#<16 hex digits>}</td></tr>
 *   <tr><td>{@link #route()}</td><td>{@code r:<route name>}: one bucket shared by every client</td></tr>
 *   <tr><td>{@link #composite composite(a, b)}</td><td>each part's key, length-prefixed:
 *       {@code <len>:<key a><len>:<key b>}</td></tr>
 * </table>
 *
 * <h2>Bounded keys</h2>
 * A key is held in memory by the limiters, so a client must not be able to make it large. A header
 * value of up to {@value #MAX_VERBATIM_LENGTH} characters is used as is ({@code =value}); a longer
 * one is replaced by a 64-bit hash ({@code #<16 hex digits>}). The User-Agent is always hashed. So
 * every key is at most a few hundred characters, whatever the request holds. The hash only caps
 * the length: it is not a secret-keeping digest, and it does not need to be, because a client
 * chooses its header values anyway. Keys from different strategies never collide: IP literals
 * contain neither {@code 'h'}, {@code 'r'}, {@code 'u'}, {@code 'a'}, {@code '='} nor {@code '|'},
 * and composites are length-prefixed.
 *
 * <h2>Choosing a strategy</h2>
 * Only {@link #ip()} is outside the client's control (given trusted-proxy configuration on the
 * {@link ClientIpResolver}). A header or User-Agent key is whatever the client sends: a client that
 * rotates its API key or User-Agent gets a fresh bucket each time. Use header keys for identities
 * an upstream layer has authenticated, and pair them with an IP-keyed or global limit (a
 * {@code HierarchicalRateLimiter}) when unauthenticated clients can reach the route. A missing
 * header falls back to the client IP, so anonymous requests are still limited per address.
 */
public final class RateLimitKey {

  /** The longest header value used verbatim in a key; longer values are hashed. */
  public static final int MAX_VERBATIM_LENGTH = 64;

  private static final RateLimitKey IP = new RateLimitKey(Kind.IP, null, "ip", List.of());
  private static final RateLimitKey IP_AND_USER_AGENT =
      new RateLimitKey(Kind.IP_AND_USER_AGENT, null, "ipAndUserAgent", List.of());
  private static final RateLimitKey ROUTE = new RateLimitKey(Kind.ROUTE, null, "route", List.of());
  private static final RateLimitKey PRINCIPAL = new RateLimitKey(Kind.PRINCIPAL, null, "principal", List.of());

  private enum Kind {
    IP,
    HEADER,
    PRINCIPAL,
    ATTRIBUTE,
    IP_AND_USER_AGENT,
    ROUTE,
    COMPOSITE
  }

  private final Kind kind;
  /** For HEADER: the header name as given; the key prefix is derived from it. */
  private final @Nullable String headerName;
  private final String description;
  private final List<RateLimitKey> parts;
  private final String verbatimPrefix;
  private final String hashedPrefix;

  private RateLimitKey(
      Kind kind, @Nullable String headerName, String description, List<RateLimitKey> parts) {
    this.kind = kind;
    this.headerName = headerName;
    this.description = description;
    this.parts = parts;
    String prefix = kind == Kind.PRINCIPAL ? "u"
        : headerName == null ? ""
        : kind == Kind.ATTRIBUTE ? "a:" + headerName
        : "h:" + headerName.toLowerCase(Locale.ROOT);
    this.verbatimPrefix = prefix + "=";
    this.hashedPrefix = prefix + "#";
  }

  /**
   * Keys requests by client IP address, as resolved by the edge's {@link ClientIpResolver}.
   * Resolving the key allocates nothing beyond what the resolver does.
   *
   * @return the shared strategy
   */
  public static RateLimitKey ip() {
    return IP;
  }

  /**
   * Keys requests by the first value of a header, such as an API key or a user id set by an
   * authenticating proxy. An absent or blank header falls back to the client IP.
   *
   * @param name the header name, an RFC 9110 token, matched case-insensitively
   * @return the strategy
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not a token
   */
  public static RateLimitKey header(String name) {
    Objects.requireNonNull(name, "name");
    if (!HttpTokens.isToken(name)) {
      throw new IllegalArgumentException("header name must be an RFC 9110 token but was \""
          + Texts.truncate(name) + "\"");
    }
    return new RateLimitKey(Kind.HEADER, name, "header(" + name + ")", List.of());
  }

  /**
   * Keys requests by the authenticated user, {@link EdgeRequest#principal()}: the servlet
   * container's user principal, or what the application's authentication set (see the adapters).
   * A request without a user falls back to the client IP, so anonymous requests are still limited
   * per address (the IP keys never collide with user keys). Pair it with an IP-keyed limit on the
   * same route ({@link RateLimitGate#allOf}) to limit a user and an address at once. A user name of
   * up to {@value #MAX_VERBATIM_LENGTH} characters is used as is, a longer one hashed.
   *
   * @return the shared strategy
   */
  public static RateLimitKey principal() {
    return PRINCIPAL;
  }

  /**
   * Keys requests by a request attribute the application sets before the edge runs, such as a
   * tenant or a user id an authentication filter resolved ({@link EdgeRequest#attribute(String)}).
   * An attribute that is not set, or blank, falls back to the client IP.
   *
   * @param name the attribute's name, not blank
   * @return the strategy
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static RateLimitKey attribute(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("attribute name must not be blank");
    }
    return new RateLimitKey(Kind.ATTRIBUTE, name, "attribute(" + name + ")", List.of());
  }

  /**
   * Keys requests by client IP and a hash of the {@code User-Agent}, to tell apart clients behind
   * one address (a NAT, an office). The User-Agent is client-chosen: one address can spread its
   * requests over many keys, so pair this with an IP-level limit.
   *
   * @return the shared strategy
   */
  public static RateLimitKey ipAndUserAgent() {
    return IP_AND_USER_AGENT;
  }

  /**
   * Keys every request by the route's name: one bucket for all clients, a route-wide limit.
   *
   * @return the shared strategy
   */
  public static RateLimitKey route() {
    return ROUTE;
  }

  /**
   * Combines strategies: the key has each part's key, in order, length-prefixed so that no two
   * different combinations produce the same key. Nested composites are flattened.
   *
   * @param first the first part
   * @param second the second part
   * @param more further parts
   * @return the strategy
   * @throws NullPointerException if a part is null
   */
  public static RateLimitKey composite(RateLimitKey first, RateLimitKey second, RateLimitKey... more) {
    List<RateLimitKey> all = new ArrayList<>();
    addFlat(all, Objects.requireNonNull(first, "first"));
    addFlat(all, Objects.requireNonNull(second, "second"));
    for (RateLimitKey part : Objects.requireNonNull(more, "more")) {
      addFlat(all, Objects.requireNonNull(part, "part"));
    }
    StringBuilder description = new StringBuilder("composite(");
    for (int i = 0; i < all.size(); i++) {
      description.append(i == 0 ? "" : ", ").append(all.get(i).description);
    }
    return new RateLimitKey(Kind.COMPOSITE, null, description.append(')').toString(), List.copyOf(all));
  }

  private static void addFlat(List<RateLimitKey> all, RateLimitKey part) {
    if (part.kind == Kind.COMPOSITE) {
      all.addAll(part.parts);
    } else {
      all.add(part);
    }
  }

  /** Tells whether resolving this key needs the client IP. */
  boolean needsIp() {
    if (kind == Kind.COMPOSITE) {
      for (RateLimitKey part : parts) {
        if (part.needsIp()) {
          return true;
        }
      }
      return false;
    }
    return kind != Kind.ROUTE;
  }

  /**
   * Returns the key of one request.
   *
   * @param request the request
   * @param clientIp the resolved client IP; may be empty when {@link #needsIp()} is false
   * @param routeKey the route's own key, {@code r:<route name>}
   */
  String resolve(EdgeRequest request, String clientIp, String routeKey) {
    switch (kind) {
      case IP:
        return clientIp;
      case HEADER:
        return keyOf(request.header(Objects.requireNonNull(headerName)), clientIp);
      case PRINCIPAL:
        return keyOf(request.principal(), clientIp);
      case ATTRIBUTE:
        return keyOf(request.attribute(Objects.requireNonNull(headerName)), clientIp);
      case IP_AND_USER_AGENT:
        String agent = request.header("User-Agent");
        return clientIp + "|ua#" + KeyHash.hex(agent == null ? "" : agent);
      case ROUTE:
        return routeKey;
      default:
        StringBuilder sb = new StringBuilder(64);
        for (RateLimitKey part : parts) {
          String key = part.resolve(request, clientIp, routeKey);
          sb.append(key.length()).append(':').append(key);
        }
        return sb.toString();
    }
  }

  private String keyOf(@Nullable String value, String clientIp) {
    if (value == null || value.isBlank()) {
      return clientIp;
    }
    return value.length() <= MAX_VERBATIM_LENGTH
        ? verbatimPrefix + value
        : hashedPrefix + KeyHash.hex(value);
  }

  /**
   * Returns a description such as {@code header(X-Api-Key)} or {@code composite(ip, route)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return description;
  }
}
