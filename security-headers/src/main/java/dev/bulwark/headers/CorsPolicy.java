package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderNameList;
import dev.bulwark.headers.internal.OriginSyntax;
import dev.bulwark.headers.internal.OriginTable;
import dev.bulwark.headers.internal.SubdomainPattern;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CORS policy that decides, per request, which {@code Access-Control-*} headers to send.
 * Immutable and thread-safe; build it once and share it.
 *
 * <pre>{@code
 * CorsPolicy cors = CorsPolicy.builder()
 *     .allowOrigins("https://app.example.com", "https://*.example.com")
 *     .allowMethods("GET", "POST", "PUT")
 *     .allowHeaders("Content-Type", "Authorization")
 *     .exposeHeaders("X-Request-Id")
 *     .allowCredentials()
 *     .maxAge(Duration.ofHours(1))
 *     .build();
 *
 * // per request (the adapter does this):
 * if (CorsPolicy.isPreflight(method, origin, acrm)) {
 *   PreflightDecision d = cors.preflight(origin, acrm, acrhLines);
 *   // answer d.status() with d.headers(); do not call the handler
 * } else {
 *   CorsDecision d = cors.actual(origin);
 *   // run the handler, then add d.headers() to its response
 * }
 * }</pre>
 *
 * <h2>Origins</h2>
 * The {@code Origin} header is parsed strictly (see {@link Origin}) and compared as a (scheme,
 * host, port) tuple with exact host equality, or against {@code https://*.example.com} patterns
 * on a label boundary. There is no substring, prefix, suffix or regex matching anywhere, so
 * {@code https://trusted.com.attacker.io}, {@code https://trustedXcom} and
 * {@code https://eviltrusted.com} never match {@code https://trusted.com}. The opaque origin
 * {@code null} is never allowed by a list of origins, and an allowed origin is echoed exactly as
 * the browser sent it.
 *
 * <h2>Vary</h2>
 * When the answer depends on the {@code Origin} (a list of origins), every decision, allowed or
 * not, and even for requests without an {@code Origin}, carries {@code Vary: Origin}, so a shared
 * cache never serves one origin's answer to another. Preflight answers also vary on
 * {@code Access-Control-Request-Method} and {@code -Headers}. A policy of
 * {@link CorsPolicyBuilder#allowAnyOrigin()} answers every actual request with the same
 * {@code Access-Control-Allow-Origin: *} and no {@code Vary}.
 *
 * <h2>Cost</h2>
 * Origin parsing and lookup allocate nothing; decisions for exact origins (as browsers send them)
 * and refusals are precomputed and shared. A pattern match or a non-canonical spelling such as
 * {@code HTTPS://TRUSTED.COM:443} allocates one small decision.
 */
public final class CorsPolicy {

  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

  /** {@link #match} result: allowed by a subdomain pattern (or by any-origin). */
  private static final int PATTERN_MATCH = -1;

  /** {@link #match} result: not allowed. */
  private static final int NO_MATCH = -2;

  private final List<Origin> origins;
  private final SubdomainPattern[] patterns;
  private final boolean anyOrigin;
  private final List<String> methods;
  private final List<String> allowedHeaders;
  private final List<String> exposedHeaders;
  private final boolean credentials;
  private final long maxAgeSeconds;
  private final boolean privateNetwork;

  private final OriginTable table;
  private final String[] canonical;
  private final CorsDecision[] actualAllowed;
  private final PreflightDecision[] preflightAllowed;
  private final PreflightDecision[] preflightAllowedPrivate;
  private final Map<CorsRefusal, CorsDecision> actualRefused = new EnumMap<>(CorsRefusal.class);
  private final Map<CorsRefusal, PreflightDecision> preflightRefused =
      new EnumMap<>(CorsRefusal.class);
  private final CorsDecision anyActual;
  private final ResponseHeader varyPreflight;

  CorsPolicy(CorsPolicyBuilder b) {
    this.origins = List.copyOf(b.origins);
    this.patterns = b.patterns.toArray(new SubdomainPattern[0]);
    this.anyOrigin = b.anyOrigin;
    this.methods = b.methods;
    this.allowedHeaders = b.allowedHeaders;
    this.exposedHeaders = b.exposedHeaders;
    this.credentials = b.credentials;
    this.maxAgeSeconds = b.maxAgeSeconds;
    this.privateNetwork = b.privateNetwork;

    String vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
        + (privateNetwork ? ", Access-Control-Request-Private-Network" : "");
    this.varyPreflight = new ResponseHeader("Vary", vary);

    List<String> schemes = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    int n = origins.size();
    this.canonical = new String[n];
    this.actualAllowed = new CorsDecision[n];
    this.preflightAllowed = new PreflightDecision[n];
    this.preflightAllowedPrivate = new PreflightDecision[n];
    for (int i = 0; i < n; i++) {
      Origin origin = origins.get(i);
      schemes.add(origin.scheme());
      hosts.add(origin.host());
      ports.add(origin.port());
      canonical[i] = origin.toString();
      actualAllowed[i] = allowedActual(canonical[i]);
      preflightAllowed[i] = allowedPreflight(canonical[i], false);
      preflightAllowedPrivate[i] = allowedPreflight(canonical[i], true);
    }
    this.table = new OriginTable(schemes, hosts, ports);
    this.anyActual = allowedActual("*");
    List<ResponseHeader> varyOrigin =
        anyOrigin ? List.of() : List.of(new ResponseHeader("Vary", "Origin"));
    for (CorsRefusal refusal : CorsRefusal.values()) {
      actualRefused.put(refusal, new CorsDecision(varyOrigin, refusal));
      preflightRefused.put(refusal, new PreflightDecision(List.of(varyPreflight), refusal, null));
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static CorsPolicyBuilder builder() {
    return new CorsPolicyBuilder();
  }

  /**
   * Returns whether a request is a CORS preflight: {@code OPTIONS} with both an {@code Origin}
   * and an {@code Access-Control-Request-Method} header. Any other {@code OPTIONS} request is an
   * ordinary request for the handler.
   *
   * @param method the request method, case-sensitive
   * @param origin the {@code Origin} header, or null if absent
   * @param accessControlRequestMethod the {@code Access-Control-Request-Method} header, or null
   * @return true for a preflight
   * @throws NullPointerException if {@code method} is null
   */
  public static boolean isPreflight(
      String method, @Nullable String origin, @Nullable String accessControlRequestMethod) {
    Objects.requireNonNull(method, "method");
    return method.equals("OPTIONS") && origin != null && accessControlRequestMethod != null;
  }

  /**
   * Decides a preflight that does not ask for private network access.
   *
   * @param origin the {@code Origin} header, or null if absent
   * @param requestMethod the {@code Access-Control-Request-Method} header
   * @param requestHeaders the {@code Access-Control-Request-Headers} header lines; each may hold
   *     a comma-separated list; empty if absent
   * @return the decision: 204 with headers, or 403 with a reason
   * @throws NullPointerException if {@code requestMethod} or {@code requestHeaders} is null
   */
  public PreflightDecision preflight(
      @Nullable String origin, String requestMethod, List<String> requestHeaders) {
    return preflight(origin, requestMethod, requestHeaders, false);
  }

  /**
   * Decides a preflight. Checks, in order: the origin, the method (exact, case-sensitive), every
   * requested header (ignoring case), then private network access.
   *
   * @param origin the {@code Origin} header, or null if absent
   * @param requestMethod the {@code Access-Control-Request-Method} header
   * @param requestHeaders the {@code Access-Control-Request-Headers} header lines; each may hold
   *     a comma-separated list; empty if absent
   * @param privateNetworkRequested whether {@code Access-Control-Request-Private-Network: true} was
   *     sent
   * @return the decision: 204 with headers, or 403 with a reason
   * @throws NullPointerException if {@code requestMethod} or {@code requestHeaders} is null
   */
  public PreflightDecision preflight(
      @Nullable String origin,
      String requestMethod,
      List<String> requestHeaders,
      boolean privateNetworkRequested) {
    Objects.requireNonNull(requestMethod, "requestMethod");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    if (origin == null) {
      return refusedPreflight(CorsRefusal.ORIGIN_MISSING);
    }
    int match = PATTERN_MATCH;
    if (!anyOrigin) {
      long scan = OriginSyntax.scan(origin);
      if (!OriginSyntax.isValid(scan)) {
        return refusedPreflight(invalid(scan));
      }
      match = match(origin, scan);
      if (match == NO_MATCH) {
        return refusedPreflight(CorsRefusal.ORIGIN_NOT_ALLOWED);
      }
    }
    if (!methods.contains(requestMethod)) {
      return new PreflightDecision(
          List.of(varyPreflight), CorsRefusal.METHOD_NOT_ALLOWED, requestMethod);
    }
    String header = HeaderNameList.firstNotListed(requestHeaders, allowedHeaders);
    if (header != null) {
      return new PreflightDecision(List.of(varyPreflight), CorsRefusal.HEADER_NOT_ALLOWED, header);
    }
    if (privateNetworkRequested && !privateNetwork) {
      return refusedPreflight(CorsRefusal.PRIVATE_NETWORK_NOT_ALLOWED);
    }
    if (match >= 0 && origin.equals(canonical[match])) {
      return privateNetworkRequested ? preflightAllowedPrivate[match] : preflightAllowed[match];
    }
    return allowedPreflight(anyOrigin ? "*" : origin, privateNetworkRequested);
  }

  /**
   * Decides an actual (non-preflight) request: which CORS headers to add to the handler's
   * response.
   *
   * @param origin the {@code Origin} header, or null if absent
   * @return the decision; when refused its headers are only {@code Vary: Origin}
   */
  public CorsDecision actual(@Nullable String origin) {
    if (anyOrigin) {
      return anyActual;
    }
    if (origin == null) {
      return refusedActual(CorsRefusal.ORIGIN_MISSING);
    }
    long scan = OriginSyntax.scan(origin);
    if (!OriginSyntax.isValid(scan)) {
      return refusedActual(invalid(scan));
    }
    int match = match(origin, scan);
    if (match == NO_MATCH) {
      return refusedActual(CorsRefusal.ORIGIN_NOT_ALLOWED);
    }
    return match >= 0 && origin.equals(canonical[match]) ? actualAllowed[match] : allowedActual(origin);
  }

  /**
   * Returns whether an {@code Origin} header value is allowed.
   *
   * @param origin the header value, or null if absent
   * @return true if allowed; always true for {@link CorsPolicyBuilder#allowAnyOrigin()} except
   *     for a missing origin
   */
  public boolean isOriginAllowed(@Nullable String origin) {
    if (origin == null) {
      return false;
    }
    if (anyOrigin) {
      return true;
    }
    long scan = OriginSyntax.scan(origin);
    return OriginSyntax.isValid(scan) && match(origin, scan) != NO_MATCH;
  }

  private CorsDecision refusedActual(CorsRefusal refusal) {
    return Objects.requireNonNull(actualRefused.get(refusal));
  }

  private PreflightDecision refusedPreflight(CorsRefusal refusal) {
    return Objects.requireNonNull(preflightRefused.get(refusal));
  }

  /**
   * Matches a validly scanned origin against the list.
   *
   * @return the index of the exact origin, {@link #PATTERN_MATCH} or {@link #NO_MATCH}
   */
  private int match(String origin, long scan) {
    int index = table.indexOf(origin, scan);
    if (index >= 0) {
      return index;
    }
    for (int i = 0; i < patterns.length; i++) {
      if (patterns[i].matches(origin, scan)) {
        return PATTERN_MATCH;
      }
    }
    return NO_MATCH;
  }

  private static CorsRefusal invalid(long scan) {
    return OriginSyntax.problem(scan) == OriginSyntax.Problem.NULL_ORIGIN
        ? CorsRefusal.ORIGIN_NULL
        : CorsRefusal.ORIGIN_MALFORMED;
  }

  private CorsDecision allowedActual(String allowOrigin) {
    List<ResponseHeader> headers = new ArrayList<>(4);
    headers.add(new ResponseHeader(ALLOW_ORIGIN, allowOrigin));
    if (credentials) {
      headers.add(new ResponseHeader("Access-Control-Allow-Credentials", "true"));
    }
    if (!exposedHeaders.isEmpty()) {
      headers.add(new ResponseHeader("Access-Control-Expose-Headers", String.join(", ", exposedHeaders)));
    }
    if (!anyOrigin) {
      headers.add(new ResponseHeader("Vary", "Origin"));
    }
    return new CorsDecision(headers, null);
  }

  private PreflightDecision allowedPreflight(String allowOrigin, boolean privateNetworkRequested) {
    List<ResponseHeader> headers = new ArrayList<>(7);
    headers.add(new ResponseHeader(ALLOW_ORIGIN, allowOrigin));
    if (credentials) {
      headers.add(new ResponseHeader("Access-Control-Allow-Credentials", "true"));
    }
    headers.add(new ResponseHeader("Access-Control-Allow-Methods", String.join(", ", methods)));
    if (!allowedHeaders.isEmpty()) {
      headers.add(new ResponseHeader("Access-Control-Allow-Headers", String.join(", ", allowedHeaders)));
    }
    if (maxAgeSeconds >= 0) {
      headers.add(new ResponseHeader("Access-Control-Max-Age", Long.toString(maxAgeSeconds)));
    }
    if (privateNetworkRequested) {
      headers.add(new ResponseHeader("Access-Control-Allow-Private-Network", "true"));
    }
    headers.add(varyPreflight);
    return new PreflightDecision(headers, null, null);
  }

  /**
   * Returns the configuration, for logs.
   *
   * @return a description
   */
  @Override
  public String toString() {
    List<String> allowed = new ArrayList<>();
    origins.forEach(o -> allowed.add(o.toString()));
    for (SubdomainPattern p : patterns) {
      allowed.add(p.toString());
    }
    return "CorsPolicy{origins=" + (anyOrigin ? "*" : allowed)
        + ", methods=" + methods
        + ", allowHeaders=" + allowedHeaders
        + ", exposeHeaders=" + exposedHeaders
        + ", credentials=" + credentials
        + ", maxAgeSeconds=" + (maxAgeSeconds < 0 ? "unset" : maxAgeSeconds)
        + ", privateNetwork=" + privateNetwork + "}";
  }
}
