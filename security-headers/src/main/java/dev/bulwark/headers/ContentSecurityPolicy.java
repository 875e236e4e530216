package dev.bulwark.headers;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated Content-Security-Policy (CSP Level 3), rendered once when built. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * ContentSecurityPolicy csp = ContentSecurityPolicy.builder()
 *     .directive(CspDirective.DEFAULT_SRC, "'self'")
 *     .nonce(CspDirective.SCRIPT_SRC)
 *     .directive(CspDirective.SCRIPT_SRC, "'strict-dynamic'")
 *     .directive(CspDirective.OBJECT_SRC, "'none'")
 *     .directive(CspDirective.BASE_URI, "'none'")
 *     .build();
 *
 * String nonce = csp.newNonce();                   // per response; put nonce="..." on scripts
 * ResponseHeader header = csp.header(nonce);
 * // Content-Security-Policy: default-src 'self'; object-src 'none';
 * //                          script-src 'nonce-...' 'strict-dynamic'; base-uri 'none'
 * }</pre>
 *
 * <h2>Rendering</h2>
 * Directives appear in the order of {@link CspDirective}, then {@code sandbox},
 * {@code upgrade-insecure-requests}, {@code report-uri} and {@code report-to}, separated by
 * {@code "; "}. Within a directive the per-request nonce comes first, then hashes in the order
 * added, then the sources in the order given. The text around the nonce is precomputed, so
 * {@link #headerValue(String)} only concatenates; a policy without nonces returns the same string
 * every time.
 *
 * <h2>Nonces</h2>
 * {@link #newNonce()} draws 128 bits from a cryptographically strong generator and encodes them
 * as 24 base64 characters: by default the JDK's {@code DRBG}, seeded from the operating system,
 * read a block of 64 nonces at a time so that a response takes no lock (one generator shared by
 * every policy); or, when the builder was given one, the policy's own {@link SecureRandom}, asked
 * for 16 bytes per nonce. Thread-safe either way. Use one fresh
 * nonce per response: the same value goes in the header and in every {@code nonce="..."} attribute
 * of that response, and must never be reused or cached with the page.
 */
public final class ContentSecurityPolicy {

  /** Header name of an enforced policy. */
  public static final String HEADER = "Content-Security-Policy";

  /** Header name of a report-only policy. */
  public static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";

  private final Map<CspDirective, List<String>> sources;
  private final Set<CspDirective> nonces;
  private final Map<CspDirective, List<String>> hashes;
  private final @Nullable List<String> sandbox;
  private final boolean upgradeInsecureRequests;
  private final List<String> reportUris;
  private final @Nullable String reportTo;
  private final boolean reportOnly;
  private final @Nullable SecureRandom injectedRandom;
  private final CspTemplate template;
  private final @Nullable ResponseHeader fixedHeader;

  ContentSecurityPolicy(ContentSecurityPolicyBuilder b) {
    this.sources = unmodifiable(b.sources);
    this.nonces = Set.copyOf(b.nonces);
    this.hashes = unmodifiable(b.hashes);
    this.sandbox = b.sandbox == null ? null : List.copyOf(b.sandbox);
    this.upgradeInsecureRequests = b.upgradeInsecureRequests;
    this.reportUris = List.copyOf(b.reportUris);
    this.reportTo = b.reportTo;
    this.reportOnly = b.reportOnly;
    this.injectedRandom = b.random;
    this.template =
        CspTemplate.render(
            sources, nonces, hashes, sandbox, upgradeInsecureRequests, reportUris, reportTo);
    this.fixedHeader = template.isFixed() ? new ResponseHeader(headerName(), template.fixed()) : null;
  }

  private static Map<CspDirective, List<String>> unmodifiable(Map<CspDirective, List<String>> m) {
    EnumMap<CspDirective, List<String>> copy = new EnumMap<>(CspDirective.class);
    m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns an empty builder.
   *
   * @return a new builder
   */
  public static ContentSecurityPolicyBuilder builder() {
    return new ContentSecurityPolicyBuilder();
  }

  /**
   * Returns a builder holding this policy's settings; each may be replaced once.
   *
   * @return a new builder
   */
  public ContentSecurityPolicyBuilder toBuilder() {
    return new ContentSecurityPolicyBuilder(this);
  }

  /**
   * Returns the CSP hash source of inline content: {@code 'sha256-<base64>'} of its UTF-8 bytes.
   * The content is everything between {@code <script>} and {@code </script>} (or the style
   * element's tags), byte for byte: whitespace and line endings count.
   *
   * @param inlineContent the script or style text
   * @return the quoted hash source, such as {@code 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='}
   * @throws NullPointerException if {@code inlineContent} is null
   */
  public static String sha256Source(String inlineContent) {
    return CspSources.sha256Source(Objects.requireNonNull(inlineContent, "inlineContent"));
  }

  /**
   * Returns a fresh nonce: 128 bits from a cryptographically strong generator (the shared
   * block-buffered DRBG, or this policy's injected {@link SecureRandom}; see "Nonces" above),
   * base64-encoded with padding (24 characters). Thread-safe; takes no lock on the default
   * generator except once per 64 nonces.
   *
   * @return the nonce, without the {@code 'nonce-'} prefix
   */
  public String newNonce() {
    SecureRandom injected = injectedRandom;
    if (injected == null) {
      return CspNonces.SHARED.next();
    }
    byte[] bytes = new byte[CspNonces.BYTES];
    injected.nextBytes(bytes);
    return CspNonces.encode(bytes, 0);
  }

  /**
   * Returns whether any directive carries the per-request nonce.
   *
   * @return true if {@link #headerValue(String)} needs a nonce
   */
  public boolean usesNonce() {
    return !nonces.isEmpty();
  }

  /**
   * Returns whether this policy only reports violations instead of enforcing them.
   *
   * @return true for {@code Content-Security-Policy-Report-Only}
   */
  public boolean reportOnly() {
    return reportOnly;
  }

  /**
   * Returns the header name: {@value #HEADER} or {@value #REPORT_ONLY_HEADER}.
   *
   * @return the header name
   */
  public String headerName() {
    return reportOnly ? REPORT_ONLY_HEADER : HEADER;
  }

  /**
   * Returns the header value for one response.
   *
   * @param nonce the response's nonce from {@link #newNonce()}; required if {@link #usesNonce()},
   *     ignored otherwise
   * @return the value; the same instance on every call when the policy uses no nonce
   * @throws IllegalArgumentException if a nonce is required and missing, or is not 22 to 256
   *     base64 characters
   */
  public String headerValue(@Nullable String nonce) {
    return template.value(nonce);
  }

  /**
   * Returns the header for one response.
   *
   * @param nonce as for {@link #headerValue(String)}
   * @return the header; the same instance on every call when the policy uses no nonce
   * @throws IllegalArgumentException as for {@link #headerValue(String)}
   */
  public ResponseHeader header(@Nullable String nonce) {
    ResponseHeader fixed = fixedHeader;
    return fixed != null ? fixed : new ResponseHeader(headerName(), template.value(nonce));
  }

  /**
   * Returns the sources given for a directive, in canonical form (keywords quoted and lower-case),
   * without the nonce and hashes.
   *
   * @param directive the directive
   * @return the sources, empty if none were given
   */
  public List<String> sources(CspDirective directive) {
    return sources.getOrDefault(Objects.requireNonNull(directive, "directive"), List.of());
  }

  /**
   * Returns the hash sources of a directive, quoted, in the order added.
   *
   * @param directive the directive
   * @return the hash sources, empty if none
   */
  public List<String> hashes(CspDirective directive) {
    return hashes.getOrDefault(Objects.requireNonNull(directive, "directive"), List.of());
  }

  /**
   * Returns the directives that carry the per-request nonce.
   *
   * @return the directives, possibly empty
   */
  public Set<CspDirective> nonceDirectives() {
    return nonces.isEmpty() ? Set.of() : EnumSet.copyOf(nonces);
  }

  /**
   * Returns the sandbox flags.
   *
   * @return the flags (empty for a full sandbox), or null if there is no sandbox directive
   */
  public @Nullable List<String> sandbox() {
    return sandbox;
  }

  /**
   * Returns whether {@code upgrade-insecure-requests} is set.
   *
   * @return true if set
   */
  public boolean upgradeInsecureRequests() {
    return upgradeInsecureRequests;
  }

  /**
   * Returns the {@code report-uri} endpoints.
   *
   * @return the URIs, possibly empty
   */
  public List<String> reportUris() {
    return reportUris;
  }

  /**
   * Returns the {@code report-to} endpoint name.
   *
   * @return the name, or null if unset
   */
  public @Nullable String reportTo() {
    return reportTo;
  }

  @Nullable SecureRandom injectedRandom() {
    return injectedRandom;
  }

  Map<CspDirective, List<String>> sourceMap() {
    return sources;
  }

  Map<CspDirective, List<String>> hashMap() {
    return hashes;
  }

  /**
   * Returns the header value with {@code {nonce}} where the per-request nonce goes.
   *
   * @return the policy text
   */
  @Override
  public String toString() {
    return template.describe();
  }
}
