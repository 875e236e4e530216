package dev.bulwark.validation;

import dev.bulwark.core.internal.Preconditions;
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
 * the URL when <em>any</em> A/AAAA answer is internal. DNS can change between {@link #check} and
 * the request (DNS rebinding), so a fetcher should use {@link #resolve(String, String)} instead
 * (resolve-and-pin): it resolves once, checks every answer and returns the checked addresses, and
 * the caller connects to those without resolving again.
 *
 * <pre>{@code
 * UrlPolicy policy = UrlPolicy.builder().resolveWith(HostResolver.system()).build();
 * PinnedUrl target = policy.resolve("webhook", url);
 * if (target.isValid()) {
 *   connect(target.addresses(), target.host(), target.port());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #check} and {@link #resolve} block only when they call the
 * resolver.
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
   * <p>With a resolver and internal addresses not allowed, a host name is resolved on every call:
   * any internal answer is {@link Violation.Code#URL_INTERNAL_ADDRESS}, and a resolver that throws
   * or answers nothing is {@link Violation.Code#URL_UNRESOLVABLE}. To connect to the checked
   * addresses, use {@link #resolve(String, String)}.
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
    HostResolver r = resolver;
    if (v == null && r != null && p.address == null && !allowInternal) {
      v = lookup(field, p.host, r, true).violation;
    }
    if (v != null) {
      return ValidationResult.of(List.of(v), Map.of());
    }
    return ValidationResult.of(List.of(), Map.of(field, List.of(url)));
  }

  /**
   * Checks a URL, reporting violations under the field name "url", and returns the addresses to
   * connect to. See {@link #resolve(String, String)}.
   *
   * @param url the URL
   * @return the checked URL and its addresses
   * @throws NullPointerException if {@code url} is null
   * @throws IllegalStateException if the policy has no resolver
   */
  public PinnedUrl resolve(String url) {
    return resolve("url", url);
  }

  /**
   * Checks a URL like {@link #check(String, String)}, resolves its host exactly once through the
   * policy's {@link HostResolver}, checks every address, and returns them to connect to
   * (resolve-and-pin). A DNS name that points inside is refused, and since the caller connects to
   * the returned addresses instead of resolving again, DNS cannot answer differently between the
   * check and the connection (DNS rebinding).
   *
   * <p>The URL is refused with {@link Violation.Code#URL_UNRESOLVABLE} when the resolver throws
   * (any exception) or returns no address, and with {@link Violation.Code#URL_INTERNAL_ADDRESS}
   * when <em>any</em> answer is internal, unless {@link Builder#allowInternalAddresses(boolean)}
   * let internal addresses through (then every answer is returned). An IP literal is not resolved:
   * its own address is checked and returned. All other checks and violations are those of
   * {@link #check(String, String)}.
   *
   * <pre>{@code
   * PinnedUrl target = policy.resolve("webhook", url);
   * if (!target.isValid()) {
   *   return target.result();
   * }
   * InetAddress connectTo = target.addresses().get(0); // never resolve target.host() again
   * }</pre>
   *
   * <p>Blocks for as long as the resolver does; thread-safe.
   *
   * @param field the field name used in violations
   * @param url the URL
   * @return the checked URL and its addresses; never null, also when the URL is refused
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the policy has no resolver (set one with
   *     {@link Builder#resolveWith(HostResolver)})
   */
  public PinnedUrl resolve(String field, String url) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(url, "url");
    HostResolver r = resolver;
    if (r == null) {
      throw new IllegalStateException("resolve needs a HostResolver: set one with UrlPolicy.Builder.resolveWith");
    }
    UrlParser.Parsed p = UrlParser.parse(url);
    Violation v = judge(field, p);
    List<InetAddress> addresses = List.of();
    if (v == null) {
      byte[] literal = p.address;
      if (literal != null) {
        addresses = List.of(toInetAddress(literal));
      } else {
        Answers answers = lookup(field, p.host, r, !allowInternal);
        v = answers.violation;
        addresses = answers.addresses;
      }
    }
    if (v != null) {
      return new PinnedUrl(ValidationResult.of(List.of(v), Map.of()), p.scheme, p.host, p.port, List.of());
    }
    return new PinnedUrl(ValidationResult.of(List.of(), Map.of(field, List.of(url))), p.scheme, p.host,
        p.port, addresses);
  }

  /** Judges everything but DNS answers. */
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
    return null;
  }

  /** The resolver's answers for a host, or the violation they amount to. */
  private static final class Answers {
    final @Nullable Violation violation;
    final List<InetAddress> addresses;

    Answers(@Nullable Violation violation, List<InetAddress> addresses) {
      this.violation = violation;
      this.addresses = addresses;
    }
  }

  /** Resolves once; refuses on failure, on no answer, and (if {@code judge}) on any internal answer. */
  private static Answers lookup(String field, String host, HostResolver resolver, boolean judge) {
    List<InetAddress> answers;
    try {
      answers = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return refused(Violation.Code.URL_UNRESOLVABLE, field, "host does not resolve: " + host);
    } catch (RuntimeException e) {
      // A failing resolver fails closed, like a name that does not resolve.
      return refused(Violation.Code.URL_UNRESOLVABLE, field,
          "host does not resolve: " + host + " (" + e.getClass().getSimpleName() + ")");
    }
    if (answers == null || answers.isEmpty()) {
      return refused(Violation.Code.URL_UNRESOLVABLE, field, "host has no addresses: " + host);
    }
    List<InetAddress> copy = new ArrayList<>(answers.size());
    for (InetAddress a : answers) {
      if (a == null) {
        return refused(Violation.Code.URL_UNRESOLVABLE, field, "resolver answered null for " + host);
      }
      if (judge && IpAddresses.isInternal(a.getAddress())) {
        return new Answers(internal(field, host + " resolves to internal address " + a.getHostAddress()),
            List.of());
      }
      copy.add(a);
    }
    return new Answers(null, List.copyOf(copy));
  }

  private static Answers refused(Violation.Code code, String field, String message) {
    return new Answers(new Violation(code, field, message, -1), List.of());
  }

  private static InetAddress toInetAddress(byte[] literal) {
    try {
      return InetAddress.getByAddress(literal); // no lookup: 4 or 16 bytes only
    } catch (UnknownHostException e) {
      throw new AssertionError("an IP literal is 4 or 16 bytes", e);
    }
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
      Preconditions.requireUnset("allowInternalAddresses", allowInternalSet, allowInternal);
      allowInternalSet = true;
      allowInternal = allow;
      return this;
    }

    /**
     * Resolves host names during {@link UrlPolicy#check(String, String)} and rejects the URL if any
     * answer is internal; required by {@link UrlPolicy#resolve(String, String)}, which also returns
     * the checked answers. IP literals are never resolved.
     *
     * @param hostResolver the resolver, for example {@link HostResolver#system()}
     * @return this builder
     * @throws NullPointerException if {@code hostResolver} is null
     * @throws IllegalStateException if already set
     */
    public Builder resolveWith(HostResolver hostResolver) {
      Objects.requireNonNull(hostResolver, "hostResolver");
      Preconditions.requireUnset("resolver", resolver);
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
