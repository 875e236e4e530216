package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import dev.bulwark.headers.internal.SubdomainPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link CorsPolicy}. Not thread-safe; the built policy is.
 *
 * <p>Arguments are validated when passed (NPE naming a null parameter, IAE quoting a bad value,
 * ISE for a setting made twice); {@link #build()} checks the rules between settings. Defaults:
 * methods GET, HEAD and POST; no request headers beyond the CORS-safelisted ones; nothing exposed;
 * no credentials; no max-age (browsers then cache a preflight for 5 seconds); no private network
 * access.
 */
public final class CorsPolicyBuilder {

  /** Methods Fetch upper-cases before sending, so configuration may use any case for them. */
  private static final Set<String> NORMALIZED_METHODS =
      Set.of("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT");

  private static final Set<String> FORBIDDEN_METHODS = Set.of("CONNECT", "TRACE", "TRACK");

  final List<Origin> origins = new ArrayList<>();
  final List<SubdomainPattern> patterns = new ArrayList<>();
  boolean anyOrigin;
  List<String> methods = List.of("GET", "HEAD", "POST");
  List<String> allowedHeaders = List.of();
  List<String> exposedHeaders = List.of();
  boolean credentials;
  long maxAgeSeconds = -1;
  boolean privateNetwork;

  private boolean originsSet;
  private boolean methodsSet;
  private boolean allowedHeadersSet;
  private boolean exposedHeadersSet;
  private boolean credentialsSet;
  private boolean maxAgeSet;
  private boolean privateNetworkSet;

  CorsPolicyBuilder() {}

  /**
   * Sets the allowed origins: exact origins such as {@code https://app.example.com} or
   * {@code http://localhost:8080}, and subdomain patterns of the single form
   * {@code https://*.example.com}. Exact origins compare as (scheme, host, port) tuples: letter case
   * does not matter and a default port may be written or not, but nothing else is normalised. A
   * pattern matches one or more labels before the domain, never the domain itself and never a
   * look-alike such as {@code https://evilexample.com}.
   *
   * @param origins one or more origins or patterns
   * @return this builder
   * @throws NullPointerException if an origin is null
   * @throws IllegalArgumentException if there is none; if one is {@code null}, {@code *} (use
   *     {@link #allowAnyOrigin()}), has userinfo, a path or a trailing slash, or is otherwise not an
   *     origin or pattern; or if two are the same origin
   * @throws IllegalStateException if origins were already set on this builder
   */
  public CorsPolicyBuilder allowOrigins(String... origins) {
    Objects.requireNonNull(origins, "origins");
    if (origins.length == 0) {
      throw new IllegalArgumentException("allowOrigins needs at least one origin");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    List<Origin> exact = new ArrayList<>();
    List<SubdomainPattern> wildcards = new ArrayList<>();
    for (String origin : origins) {
      Objects.requireNonNull(origin, "origin");
      if (origin.equals("*")) {
        throw new IllegalArgumentException("use allowAnyOrigin() to allow every origin with *");
      }
      String canonical;
      if (SubdomainPattern.isPattern(origin)) {
        SubdomainPattern pattern = SubdomainPattern.parse(origin);
        wildcards.add(pattern);
        canonical = pattern.toString();
      } else {
        Origin parsed = Origin.parse(origin);
        exact.add(parsed);
        canonical = parsed.scheme() + "://" + parsed.host() + ":" + parsed.port();
      }
      String previous = seen.putIfAbsent(canonical, origin);
      if (previous != null) {
        throw new IllegalArgumentException(
            "origin " + HeaderSyntax.quote(origin) + " is the same as " + HeaderSyntax.quote(previous));
      }
    }
    requireOnce(originsSet, "allowOrigins or allowAnyOrigin");
    originsSet = true;
    this.origins.addAll(exact);
    this.patterns.addAll(wildcards);
    return this;
  }

  /**
   * Allows every origin with {@code Access-Control-Allow-Origin: *}: the resource is public. The
   * response is then the same for every caller (including opaque {@code null} origins, which is
   * harmless because {@code *} never carries credentials), so no {@code Vary: Origin} is sent.
   *
   * @return this builder
   * @throws IllegalStateException if origins were already set on this builder
   */
  public CorsPolicyBuilder allowAnyOrigin() {
    requireOnce(originsSet, "allowOrigins or allowAnyOrigin");
    originsSet = true;
    anyOrigin = true;
    return this;
  }

  /**
   * Sets the methods a preflight may ask for. DELETE, GET, HEAD, OPTIONS, POST and PUT are
   * upper-cased (browsers upper-case them too); any other method is compared exactly as written,
   * as browsers send it exactly as the page wrote it ({@code PATCH} is not {@code patch}).
   *
   * @param methods one or more method tokens; duplicates are ignored
   * @return this builder
   * @throws NullPointerException if a method is null
   * @throws IllegalArgumentException if there is none, or one is {@code *}, not a token, or
   *     CONNECT, TRACE or TRACK (browsers never send those)
   * @throws IllegalStateException if methods were already set on this builder
   */
  public CorsPolicyBuilder allowMethods(String... methods) {
    Objects.requireNonNull(methods, "methods");
    if (methods.length == 0) {
      throw new IllegalArgumentException("allowMethods needs at least one method");
    }
    List<String> normalized = new ArrayList<>();
    for (String method : methods) {
      Objects.requireNonNull(method, "method");
      if (method.equals("*")) {
        throw new IllegalArgumentException("list the methods: '*' is not supported");
      }
      HeaderSyntax.requireToken("method", method);
      String upper = method.toUpperCase(Locale.ROOT);
      if (FORBIDDEN_METHODS.contains(upper)) {
        throw new IllegalArgumentException("method " + method + " is forbidden by Fetch");
      }
      String m = NORMALIZED_METHODS.contains(upper) ? upper : method;
      if (!normalized.contains(m)) {
        normalized.add(m);
      }
    }
    requireOnce(methodsSet, "allowMethods");
    methodsSet = true;
    this.methods = List.copyOf(normalized);
    return this;
  }

  /**
   * Sets the request headers a preflight may ask for (compared ignoring case), such as
   * {@code Content-Type} for JSON bodies or {@code Authorization}.
   *
   * @param headers header names; duplicates (ignoring case) are ignored
   * @return this builder
   * @throws NullPointerException if a header is null
   * @throws IllegalArgumentException if one is {@code *} or not a token
   * @throws IllegalStateException if the headers were already set on this builder
   */
  public CorsPolicyBuilder allowHeaders(String... headers) {
    List<String> list = headerList("allowHeaders", headers);
    requireOnce(allowedHeadersSet, "allowHeaders");
    allowedHeadersSet = true;
    this.allowedHeaders = list;
    return this;
  }

  /**
   * Sets the response headers the calling page may read beyond the CORS-safelisted ones
   * (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified,
   * Pragma), such as {@code X-Request-Id}.
   *
   * @param headers header names; duplicates (ignoring case) are ignored
   * @return this builder
   * @throws NullPointerException if a header is null
   * @throws IllegalArgumentException if one is {@code *} or not a token
   * @throws IllegalStateException if the headers were already set on this builder
   */
  public CorsPolicyBuilder exposeHeaders(String... headers) {
    List<String> list = headerList("exposeHeaders", headers);
    requireOnce(exposedHeadersSet, "exposeHeaders");
    exposedHeadersSet = true;
    this.exposedHeaders = list;
    return this;
  }

  /**
   * Allows credentials (cookies, HTTP authentication, client certificates): responses carry
   * {@code Access-Control-Allow-Credentials: true}, so pages of the allowed origins may make
   * requests as the user. Cannot be combined with {@link #allowAnyOrigin()}.
   *
   * @return this builder
   * @throws IllegalStateException if credentials were already allowed on this builder
   */
  public CorsPolicyBuilder allowCredentials() {
    requireOnce(credentialsSet, "allowCredentials");
    credentialsSet = true;
    credentials = true;
    return this;
  }

  /**
   * Sets how long browsers may cache a preflight answer ({@code Access-Control-Max-Age}), in whole
   * seconds. Browsers cap it: Chromium at 2 hours, Firefox at 24 hours.
   *
   * @param maxAge the duration, such as {@code Duration.ofHours(1)}
   * @return this builder
   * @throws NullPointerException if {@code maxAge} is null
   * @throws IllegalArgumentException if {@code maxAge} is negative
   * @throws IllegalStateException if max-age was already set on this builder
   */
  public CorsPolicyBuilder maxAge(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must be >= 0 but was " + maxAge);
    }
    requireOnce(maxAgeSet, "maxAge");
    maxAgeSet = true;
    maxAgeSeconds = maxAge.toSeconds();
    return this;
  }

  /**
   * Opts in to Private Network Access: a preflight carrying
   * {@code Access-Control-Request-Private-Network: true} (a public page calling a server on a
   * private or loopback address) is answered with {@code Access-Control-Allow-Private-Network:
   * true}. Without this opt-in such a preflight is refused.
   *
   * @return this builder
   * @throws IllegalStateException if this was already set on this builder
   */
  public CorsPolicyBuilder allowPrivateNetwork() {
    requireOnce(privateNetworkSet, "allowPrivateNetwork");
    privateNetworkSet = true;
    privateNetwork = true;
    return this;
  }

  /**
   * Builds the policy.
   *
   * @return the immutable policy
   * @throws IllegalStateException if no origin was allowed, or credentials are combined with
   *     {@link #allowAnyOrigin()} (browsers reject {@code *} with credentials, and reflecting every
   *     origin instead would let any site act as the user)
   */
  public CorsPolicy build() {
    if (!originsSet) {
      throw new IllegalStateException("no origin is allowed: call allowOrigins(...) or allowAnyOrigin()");
    }
    if (anyOrigin && credentials) {
      throw new IllegalStateException(
          "allowCredentials() cannot be combined with allowAnyOrigin(): browsers reject * with"
              + " credentials, and reflecting every origin instead would let any site act as the"
              + " user; list the trusted origins with allowOrigins(...)");
    }
    return new CorsPolicy(this);
  }

  private static List<String> headerList(String what, String[] headers) {
    Objects.requireNonNull(headers, "headers");
    Map<String, String> unique = new LinkedHashMap<>();
    for (String header : headers) {
      Objects.requireNonNull(header, "header");
      if (header.equals("*")) {
        throw new IllegalArgumentException(
            what + ": list the header names; '*' is not supported (with credentials it would mean"
                + " a header literally named *)");
      }
      HeaderSyntax.requireToken("header name", header);
      unique.putIfAbsent(header.toLowerCase(Locale.ROOT), header);
    }
    return List.copyOf(unique.values());
  }

  private static void requireOnce(boolean alreadySet, String call) {
    if (alreadySet) {
      throw new IllegalStateException(call + " was already called");
    }
  }
}
