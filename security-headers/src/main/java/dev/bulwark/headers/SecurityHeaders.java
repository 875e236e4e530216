package dev.bulwark.headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The security headers for every response: a profile or a custom set, with HSTS sent only on
 * secure requests and the Content-Security-Policy nonce filled in per response. Immutable and
 * thread-safe; build it once and share it.
 *
 * <pre>{@code
 * SecurityHeaders headers = SecurityHeaders.strict().toBuilder()
 *     .contentSecurityPolicy(csp)                                   // replaces the profile's CSP
 *     .header("Cross-Origin-Embedder-Policy", "require-corp")       // COEP is opt-in
 *     .build();
 *
 * // per response (the adapter does this):
 * String nonce = headers.usesNonce() ? headers.newNonce() : null;   // hand it to the page
 * for (ResponseHeader h : headers.headersFor(request.isSecure(), nonce)) {
 *   response.setHeader(h.name(), h.value());
 * }
 * headers.headersToRemove().forEach(response::removeHeader);
 * }</pre>
 *
 * <h2>Profiles</h2>
 * Listed in the order the headers are emitted. HSTS is sent only when {@code secure} is true.
 * <table>
 *   <caption>{@link #strict()}: an HTML application</caption>
 *   <tr><td>X-Frame-Options</td><td>{@code DENY}</td></tr>
 *   <tr><td>X-Content-Type-Options</td><td>{@code nosniff}</td></tr>
 *   <tr><td>Referrer-Policy</td><td>{@code no-referrer}</td></tr>
 *   <tr><td>Strict-Transport-Security</td><td>{@code max-age=63072000; includeSubDomains}</td></tr>
 *   <tr><td>Content-Security-Policy</td><td>{@code default-src 'self'; object-src 'none';
 *       base-uri 'self'; frame-ancestors 'none'; form-action 'self'}</td></tr>
 *   <tr><td>Cross-Origin-Opener-Policy</td><td>{@code same-origin}</td></tr>
 *   <tr><td>Cross-Origin-Resource-Policy</td><td>{@code same-origin}</td></tr>
 *   <tr><td>X-XSS-Protection</td><td>{@code 0}</td></tr>
 *   <tr><td>X-Permitted-Cross-Domain-Policies</td><td>{@code none}</td></tr>
 *   <tr><td>X-DNS-Prefetch-Control</td><td>{@code off}</td></tr>
 *   <tr><td>Origin-Agent-Cluster</td><td>{@code ?1}</td></tr>
 *   <tr><td>Permissions-Policy</td><td>{@link #DENY_ALL_PERMISSIONS}</td></tr>
 * </table>
 * and removes {@code X-Powered-By} and {@code Server}.
 * <table>
 *   <caption>{@link #api()}: a JSON API</caption>
 *   <tr><td>X-Frame-Options</td><td>{@code DENY}</td></tr>
 *   <tr><td>X-Content-Type-Options</td><td>{@code nosniff}</td></tr>
 *   <tr><td>Referrer-Policy</td><td>{@code no-referrer}</td></tr>
 *   <tr><td>Strict-Transport-Security</td><td>{@code max-age=63072000; includeSubDomains}</td></tr>
 *   <tr><td>Content-Security-Policy</td><td>{@code default-src 'none'; frame-ancestors 'none'}</td></tr>
 *   <tr><td>Cache-Control</td><td>{@code no-store}</td></tr>
 *   <tr><td>Cross-Origin-Resource-Policy</td><td>{@code same-origin}</td></tr>
 * </table>
 * and removes {@code X-Powered-By} and {@code Server}. For {@link #legacy()} see its Javadoc.
 * Cross-Origin-Embedder-Policy is in no profile: it breaks every cross-origin resource that does
 * not opt in, so it is opt-in here too.
 */
public final class SecurityHeaders {

  /**
   * The strict profile's Permissions-Policy: every listed powerful feature disabled for the page
   * and all its frames.
   */
  public static final String DENY_ALL_PERMISSIONS =
      "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(),"
          + " fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(),"
          + " magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(),"
          + " publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(),"
          + " xr-spatial-tracking=()";

  private static final SecurityHeaders STRICT = Profiles.strict();
  private static final SecurityHeaders API = Profiles.api();
  private static final SecurityHeaders LEGACY = Profiles.legacy();

  /** A syntactically valid nonce, used only to fill templates at build time. */
  private static final String PLACEHOLDER_NONCE = "AAAAAAAAAAAAAAAAAAAAAA==";

  private final List<HeaderSlot> slots;
  private final List<String> headersToRemove;
  private final @Nullable ContentSecurityPolicy nonceSource;
  private final ResponseHeader[] secureTemplate;
  private final ResponseHeader[] plainTemplate;
  /** Parallel to the templates: the nonce-using policy whose header sits at that index. */
  private final @Nullable ContentSecurityPolicy[] secureNoncePolicies;
  private final @Nullable ContentSecurityPolicy[] plainNoncePolicies;
  private final List<ResponseHeader> secureHeaders;
  private final List<ResponseHeader> plainHeaders;
  /** The headers without a nonce, for secure and for plain responses; see fixedHeadersFor. */
  private final List<ResponseHeader> secureFixed;
  private final List<ResponseHeader> plainFixed;
  /** The nonce-using policies, for secure and for plain responses; see noncePoliciesFor. */
  private final List<ContentSecurityPolicy> secureNonced;
  private final List<ContentSecurityPolicy> plainNonced;

  SecurityHeaders(List<HeaderSlot> slots, List<String> headersToRemove) {
    this.slots = List.copyOf(slots);
    this.headersToRemove = List.copyOf(headersToRemove);
    ContentSecurityPolicy source = null;
    List<ResponseHeader> secure = new ArrayList<>();
    List<ResponseHeader> plain = new ArrayList<>();
    List<@Nullable ContentSecurityPolicy> securePolicies = new ArrayList<>();
    List<@Nullable ContentSecurityPolicy> plainPolicies = new ArrayList<>();
    for (HeaderSlot slot : this.slots) {
      ContentSecurityPolicy policy = slot.policy();
      ContentSecurityPolicy noncePolicy = policy != null && policy.usesNonce() ? policy : null;
      if (noncePolicy != null && source == null) {
        source = noncePolicy;
      }
      // A nonce policy's entry is a placeholder here; headersFor replaces it on every response.
      ResponseHeader header = policy != null ? policy.header(PLACEHOLDER_NONCE) : slot.header();
      secure.add(header);
      securePolicies.add(noncePolicy);
      if (!slot.secureOnly()) {
        plain.add(header);
        plainPolicies.add(noncePolicy);
      }
    }
    this.nonceSource = source;
    this.secureTemplate = secure.toArray(new ResponseHeader[0]);
    this.plainTemplate = plain.toArray(new ResponseHeader[0]);
    this.secureNoncePolicies = securePolicies.toArray(new ContentSecurityPolicy[0]);
    this.plainNoncePolicies = plainPolicies.toArray(new ContentSecurityPolicy[0]);
    this.secureHeaders = List.of(secureTemplate);
    this.plainHeaders = List.of(plainTemplate);
    this.secureFixed = source == null ? secureHeaders : fixed(secureTemplate, secureNoncePolicies);
    this.plainFixed = source == null ? plainHeaders : fixed(plainTemplate, plainNoncePolicies);
    this.secureNonced = nonced(secureNoncePolicies);
    this.plainNonced = nonced(plainNoncePolicies);
  }

  /** The headers of a template whose policy uses no nonce. */
  private static List<ResponseHeader> fixed(
      ResponseHeader[] template, @Nullable ContentSecurityPolicy[] noncePolicies) {
    List<ResponseHeader> fixed = new ArrayList<>(template.length);
    for (int i = 0; i < template.length; i++) {
      if (noncePolicies[i] == null) {
        fixed.add(template[i]);
      }
    }
    return List.copyOf(fixed);
  }

  private static List<ContentSecurityPolicy> nonced(@Nullable ContentSecurityPolicy[] noncePolicies) {
    List<ContentSecurityPolicy> nonced = new ArrayList<>(2);
    for (ContentSecurityPolicy policy : noncePolicies) {
      if (policy != null) {
        nonced.add(policy);
      }
    }
    return List.copyOf(nonced);
  }

  /**
   * Returns the strict profile for HTML applications (see the class Javadoc for every value).
   *
   * @return the shared strict profile
   */
  public static SecurityHeaders strict() {
    return STRICT;
  }

  /**
   * Returns the profile for JSON APIs: nothing may be loaded or framed, nothing cached (see the
   * class Javadoc for every value).
   *
   * @return the shared API profile
   */
  public static SecurityHeaders api() {
    return API;
  }

  /**
   * Returns a widely deployed legacy configuration, reproduced exactly, in this order:
   * {@code X-Frame-Options: DENY}, {@code X-Content-Type-Options: nosniff},
   * {@code X-XSS-Protection: 1; mode=block}, {@code Referrer-Policy:
   * strict-origin-when-cross-origin}, {@code Strict-Transport-Security: max-age=31536000;
   * includeSubDomains} (secure requests only, the "production only" rule) and
   * {@code Content-Security-Policy: default-src 'self'}. It removes no response header.
   *
   * <p><b>Warning:</b> {@code X-XSS-Protection: 1; mode=block} is kept only to match existing
   * deployments. Modern guidance (OWASP, MDN) is {@code 0}: the browser XSS auditors it switched on
   * are gone from every current browser, and where they survive they can be abused to blank out
   * parts of a page or leak data across origins. Prefer {@link #strict()}, or override it with
   * {@code legacy().toBuilder().header("X-XSS-Protection", "0")}.
   *
   * @return the shared legacy profile
   */
  public static SecurityHeaders legacy() {
    return LEGACY;
  }

  /**
   * Returns an empty builder.
   *
   * @return a new builder
   */
  public static SecurityHeadersBuilder builder() {
    return new SecurityHeadersBuilder();
  }

  /**
   * Returns a builder holding these headers; each may be replaced or omitted once.
   *
   * @return a new builder
   */
  public SecurityHeadersBuilder toBuilder() {
    return new SecurityHeadersBuilder(this);
  }

  /**
   * Returns the headers to set on one response, in configuration order. Allocation-free when no
   * policy uses a nonce: the same list instance is returned for every secure (or plain) response.
   *
   * @param secure whether the request arrived over HTTPS (directly, or as stated by a trusted
   *     proxy); Strict-Transport-Security is included only when true
   * @param nonce this response's nonce from {@link #newNonce()}; required if {@link #usesNonce()},
   *     ignored otherwise
   * @return an immutable list of headers
   * @throws IllegalArgumentException if a nonce is required and missing or malformed
   */
  public List<ResponseHeader> headersFor(boolean secure, @Nullable String nonce) {
    if (nonceSource == null) {
      return secure ? secureHeaders : plainHeaders;
    }
    ResponseHeader[] headers = (secure ? secureTemplate : plainTemplate).clone();
    @Nullable ContentSecurityPolicy[] policies = secure ? secureNoncePolicies : plainNoncePolicies;
    for (int i = 0; i < headers.length; i++) {
      ContentSecurityPolicy policy = policies[i];
      if (policy != null) {
        headers[i] = policy.header(nonce);
      }
    }
    return Collections.unmodifiableList(Arrays.asList(headers));
  }

  /**
   * Returns the headers of {@link #headersFor} that are the same on every response: all of them
   * when no policy uses a nonce, otherwise all but the headers of the policies that carry the nonce
   * ({@link #noncePoliciesFor}), in configuration order. Together the two give the headers of
   * {@code headersFor(secure, nonce)}: these, then {@code policy.header(nonce)} for each nonce
   * policy. For writers that convert constant headers once (an adapter's pre-encoded fields):
   * the same list instance is returned on every call with the same {@code secure}.
   *
   * @param secure whether the request arrived over HTTPS, as for {@link #headersFor}
   * @return an immutable list of headers, the same instance on every call
   */
  public List<ResponseHeader> fixedHeadersFor(boolean secure) {
    return secure ? secureFixed : plainFixed;
  }

  /**
   * Returns the Content-Security-Policy (and report-only) policies whose headers carry the
   * per-response nonce, in configuration order: the part of {@link #headersFor} that
   * {@link #fixedHeadersFor} leaves out. Empty when {@link #usesNonce()} is false.
   *
   * @param secure whether the request arrived over HTTPS, as for {@link #headersFor}
   * @return an immutable list, the same instance on every call with the same {@code secure}
   */
  public List<ContentSecurityPolicy> noncePoliciesFor(boolean secure) {
    return secure ? secureNonced : plainNonced;
  }

  /**
   * Returns whether a Content-Security-Policy of these headers needs a per-request nonce.
   *
   * @return true if {@link #headersFor} needs a nonce
   */
  public boolean usesNonce() {
    return nonceSource != null;
  }

  /**
   * Returns a fresh nonce for one response (128 bits, 24 base64 characters), drawn from the
   * SecureRandom of the first policy that uses nonces. Thread-safe.
   *
   * @return the nonce
   * @throws IllegalStateException if no policy uses a nonce
   */
  public String newNonce() {
    ContentSecurityPolicy source = nonceSource;
    if (source == null) {
      throw new IllegalStateException("no Content-Security-Policy of these headers uses a nonce");
    }
    return source.newNonce();
  }

  /**
   * Returns the headers the adapter must remove from every response, such as {@code X-Powered-By}
   * and {@code Server}.
   *
   * @return an immutable list of header names, possibly empty
   */
  public List<String> headersToRemove() {
    return headersToRemove;
  }

  /**
   * Returns the enforced Content-Security-Policy.
   *
   * @return the policy, or null if none is set
   */
  public @Nullable ContentSecurityPolicy contentSecurityPolicy() {
    for (HeaderSlot slot : slots) {
      ContentSecurityPolicy policy = slot.policy();
      if (policy != null && !policy.reportOnly()) {
        return policy;
      }
    }
    return null;
  }

  List<HeaderSlot> slots() {
    return slots;
  }

  /**
   * Returns the headers of a secure response, one per line, with {@code {nonce}} placeholders.
   *
   * @return a description
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (HeaderSlot slot : slots) {
      sb.append(slot.header()).append(slot.secureOnly() ? " (secure only)" : "").append('\n');
    }
    return sb.append("remove: ").append(headersToRemove).toString();
  }
}
