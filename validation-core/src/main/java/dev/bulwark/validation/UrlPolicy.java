package dev.bulwark.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks URLs that a server will fetch on a user's behalf (webhooks, avatars, link previews,
 * imports) against server-side request forgery.
 *
 * <p>A URL passes when it parses strictly ({@code scheme://host[:port]...}, see below), its scheme
 * is allowed (default {@code https} and {@code http}), it carries no user information, it has a
 * host, the host is on the allow-list if one is set, and the host is not internal: loopback,
 * private, link-local, CGNAT, multicast, unspecified, reserved, IPv6 ULA/link-local/site-local,
 * cloud metadata ({@code 169.254.169.254}, {@code fd00:ec2::254}, {@code 168.63.129.16},
 * {@code metadata.google.internal}), {@code localhost} and {@code *.localhost}, {@code *.local},
 * {@code *.internal}. Internal addresses are recognised in every spelling clients accept: decimal
 * {@code 2852039166}, octal {@code 0251.0376.0251.0376}, hex {@code 0xa9fea9fe}, short
 * {@code 127.1}; IPv6 that carries an IPv4 address is judged by that address: IPv4-mapped
 * {@code [::ffff:169.254.169.254]}, IPv4-translated {@code [::ffff:0:127.0.0.1]}, IPv4-compatible
 * {@code [::127.0.0.1]}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4
 * {@code 2002::/16}, Teredo {@code 2001::/32} (server and client) and ISATAP. IPv6 outside global
 * unicast {@code 2000::/3} is internal.
 *
 * <p>Strict parsing rejects what parsers disagree on: whitespace, control and non-ASCII characters,
 * backslashes, malformed percent-escapes, percent-escapes in the host, empty or out-of-range ports.
 *
 * <p>With {@link Builder#resolveWith(HostResolver)} the check also resolves host names and rejects
 * the URL when <em>any</em> A/AAAA answer is internal. DNS can change between this check and the
 * request (DNS rebinding): to close that gap, connect to the addresses you checked.
 *
 * <pre>{@code
 * UrlPolicy policy = UrlPolicy.builder().resolveWith(HostResolver.system()).build();
 * ValidationResult r = policy.check("webhook", url);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #check} blocks only when a resolver is set.
 */
public final class UrlPolicy {

  private static final UrlPolicy DEFAULT = builder().build();

  private final Set<String> schemes;
  private final Set<String> hosts;
  private final boolean allowInternal;
  private final @Nullable HostResolver resolver;

  private UrlPolicy(Builder b) {
    this.schemes = Set.copyOf(b.schemes == null ? List.of("https", "http") : b.schemes);
    this.hosts = Set.copyOf(b.hosts == null ? List.of() : b.hosts);
    this.allowInternal = b.allowInternal;
    this.resolver = b.resolver;
  }

  /**
   * Returns the default policy: https and http, any public host, no resolving.
   *
   * @return the shared default policy
   */
  public static UrlPolicy defaults() {
    return DEFAULT;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks a URL, reporting violations under the field name "url".
   *
   * @param url the URL
   * @return the result
   * @throws NullPointerException if {@code url} is null
   */
  public ValidationResult check(String url) {
    return check("url", url);
  }

  /**
   * Checks a URL.
   *
   * @param field the field name used in violations
   * @param url the URL
   * @return the result; when valid, its value is the URL as given
   * @throws NullPointerException if an argument is null
   */
  public ValidationResult check(String field, String url) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(url, "url");
    UrlParser.Parsed p = UrlParser.parse(url);
    Violation v = judge(field, p);
    if (v != null) {
      return ValidationResult.of(List.of(v), Map.of());
    }
    return ValidationResult.of(List.of(), Map.of(field, List.of(url)));
  }

  private @Nullable Violation judge(String field, UrlParser.Parsed p) {
    // The scheme is judged first: "javascript:alert(1)" is a forbidden scheme, not a bad URL.
    if (!p.scheme.isEmpty() && !schemes.contains(p.scheme)) {
      return new Violation(Violation.Code.URL_SCHEME_NOT_ALLOWED, field,
          "scheme not allowed: " + p.scheme, 0);
    }
    Violation.Code error = p.error;
    if (error != null) {
      return new Violation(error, field, p.message, p.offset);
    }
    if (!hosts.isEmpty() && !hostAllowed(p.host)) {
      return new Violation(Violation.Code.URL_HOST_NOT_ALLOWED, field, "host not allowed: " + p.host, -1);
    }
    if (allowInternal) {
      return null;
    }
    byte[] literal = p.address;
    if (literal != null) {
      return IpAddresses.isInternal(literal)
          ? internal(field, p.host + " is an internal address")
          : null;
    }
    if (internalName(p.host)) {
      return internal(field, p.host + " is an internal host name");
    }
    return resolver == null ? null : resolve(field, p.host, resolver);
  }

  private static @Nullable Violation resolve(String field, String host, HostResolver resolver) {
    List<InetAddress> answers;
    try {
      answers = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new Violation(Violation.Code.URL_UNRESOLVABLE, field, "host does not resolve: " + host, -1);
    }
    if (answers == null || answers.isEmpty()) {
      return new Violation(Violation.Code.URL_UNRESOLVABLE, field, "host has no addresses: " + host, -1);
    }
    for (InetAddress a : answers) {
      if (IpAddresses.isInternal(a.getAddress())) {
        return internal(field, host + " resolves to internal address " + a.getHostAddress());
      }
    }
    return null;
  }

  private static Violation internal(String field, String message) {
    return new Violation(Violation.Code.URL_INTERNAL_ADDRESS, field, message, -1);
  }

  private static boolean internalName(String host) {
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("local")
        || host.endsWith(".local") || host.equals("internal") || host.endsWith(".internal")
        || host.equals("localhost.localdomain") || host.equals("ip6-localhost")
        || host.equals("ip6-loopback") || host.equals("metadata") || host.equals("instance-data");
  }

  private boolean hostAllowed(String host) {
    if (hosts.contains(host)) {
      return true;
    }
    for (String pattern : hosts) {
      if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "UrlPolicy[schemes=" + schemes + ", hosts=" + hosts + ", allowInternal=" + allowInternal
        + ", resolving=" + (resolver != null) + "]";
  }

  /** Builds a {@link UrlPolicy}. Each setting may be made once. Not thread-safe. */
  public static final class Builder {
    private @Nullable List<String> schemes;
    private @Nullable List<String> hosts;
    private boolean allowInternal;
    private boolean allowInternalSet;
    private @Nullable HostResolver resolver;

    private Builder() {}

    /**
     * Sets the allowed schemes (default {@code https}, {@code http}).
     *
     * @param allowed one or more schemes, compared ignoring case
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if none is given or one is not a valid scheme
     * @throws IllegalStateException if already set
     */
    public Builder allowSchemes(String... allowed) {
      Objects.requireNonNull(allowed, "allowed");
      if (schemes != null) {
        throw new IllegalStateException("schemes were already set to " + schemes);
      }
      if (allowed.length == 0) {
        throw new IllegalArgumentException("allowed must name at least one scheme");
      }
      Set<String> out = new LinkedHashSet<>();
      for (String s : allowed) {
        Objects.requireNonNull(s, "scheme");
        if (s.isEmpty() || !s.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))
            || !Character.isLetter(s.charAt(0))) {
          throw new IllegalArgumentException("not a valid scheme: " + s);
        }
        out.add(s.toLowerCase(Locale.ROOT));
      }
      schemes = new ArrayList<>(out);
      return this;
    }

    /**
     * Restricts hosts to an allow-list: exact names ({@code api.example.com}) or subdomain patterns
     * ({@code *.example.com}, which does not match {@code example.com} itself). IP literals may be
     * listed too; internal addresses stay rejected unless {@link #allowInternalAddresses(boolean)}.
     *
     * @param allowed one or more hosts or patterns, compared ignoring case
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if none is given or one is empty
     * @throws IllegalStateException if already set
     */
    public Builder allowHosts(String... allowed) {
      Objects.requireNonNull(allowed, "allowed");
      if (hosts != null) {
        throw new IllegalStateException("hosts were already set to " + hosts);
      }
      if (allowed.length == 0) {
        throw new IllegalArgumentException("allowed must name at least one host");
      }
      List<String> out = new ArrayList<>();
      for (String h : allowed) {
        Objects.requireNonNull(h, "host");
        String host = h.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.equals("*.") || host.indexOf('*') > 0) {
          throw new IllegalArgumentException("not a valid host or pattern: " + h);
        }
        out.add(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
      }
      hosts = out;
      return this;
    }

    /**
     * Lets internal addresses and names through (for example for a service that may only call
     * its own network). Default false.
     *
     * @param allow whether to allow them
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder allowInternalAddresses(boolean allow) {
      if (allowInternalSet) {
        throw new IllegalStateException("allowInternalAddresses was already set to " + allowInternal);
      }
      allowInternalSet = true;
      allowInternal = allow;
      return this;
    }

    /**
     * Resolves host names during the check and rejects the URL if any answer is internal.
     *
     * @param hostResolver the resolver, for example {@link HostResolver#system()}
     * @return this builder
     * @throws NullPointerException if {@code hostResolver} is null
     * @throws IllegalStateException if already set
     */
    public Builder resolveWith(HostResolver hostResolver) {
      Objects.requireNonNull(hostResolver, "hostResolver");
      if (resolver != null) {
        throw new IllegalStateException("resolver was already set to " + resolver);
      }
      resolver = hostResolver;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     */
    public UrlPolicy build() {
      return new UrlPolicy(this);
    }
  }
}
