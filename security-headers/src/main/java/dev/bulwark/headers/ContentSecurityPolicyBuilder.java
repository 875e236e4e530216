package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ContentSecurityPolicy}. Not thread-safe; the built policy is.
 *
 * <p>Every argument is validated when passed: null gives {@link NullPointerException} naming the
 * parameter, a bad source gives {@link IllegalArgumentException} quoting it and saying what is
 * wrong (an unquoted keyword such as {@code self} is rejected with "write 'self'"), and a setting
 * made twice gives {@link IllegalStateException}. A builder from
 * {@link ContentSecurityPolicy#toBuilder()} starts with the policy's settings, and each of those
 * may be replaced once. Rules that involve several settings are checked by {@link #build()}.
 */
public final class ContentSecurityPolicyBuilder {

  private static final Set<String> SANDBOX_FLAGS =
      Set.of(
          "allow-downloads",
          "allow-forms",
          "allow-modals",
          "allow-orientation-lock",
          "allow-pointer-lock",
          "allow-popups",
          "allow-popups-to-escape-sandbox",
          "allow-presentation",
          "allow-same-origin",
          "allow-scripts",
          "allow-storage-access-by-user-activation",
          "allow-top-navigation",
          "allow-top-navigation-by-user-activation",
          "allow-top-navigation-to-custom-protocols");

  final Map<CspDirective, List<String>> sources = new EnumMap<>(CspDirective.class);
  final Set<CspDirective> nonces = EnumSet.noneOf(CspDirective.class);
  final Map<CspDirective, List<String>> hashes = new EnumMap<>(CspDirective.class);
  @Nullable List<String> sandbox;
  boolean upgradeInsecureRequests;
  List<String> reportUris = List.of();
  @Nullable String reportTo;
  boolean reportOnly;
  @Nullable SecureRandom random;

  /** Settings made on this builder, to reject a second one. */
  private final Set<String> madeHere = new HashSet<>();

  ContentSecurityPolicyBuilder() {}

  ContentSecurityPolicyBuilder(ContentSecurityPolicy prototype) {
    prototype.sourceMap().forEach((k, v) -> sources.put(k, new ArrayList<>(v)));
    nonces.addAll(prototype.nonceDirectives());
    prototype.hashMap().forEach((k, v) -> hashes.put(k, new ArrayList<>(v)));
    sandbox = prototype.sandbox();
    upgradeInsecureRequests = prototype.upgradeInsecureRequests();
    reportUris = prototype.reportUris();
    reportTo = prototype.reportTo();
    reportOnly = prototype.reportOnly();
    random = prototype.injectedRandom();
  }

  /**
   * Sets the sources of a directive, replacing any from a prototype policy.
   *
   * <p>Keywords must carry their single quotes ({@code 'self'}, {@code 'none'},
   * {@code 'unsafe-inline'}, {@code 'strict-dynamic'}...) and are case-insensitive; hashes are
   * written {@code 'sha256-<base64>'} (or sha384, sha512); scheme sources end with a colon
   * ({@code https:}, {@code data:}); host sources follow
   * {@code [scheme://]host[:port][/path]} with an optional leading {@code *.} label or a lone
   * {@code *}. A fixed {@code 'nonce-...'} is rejected: use {@link #nonce(CspDirective)}.
   *
   * @param directive the directive
   * @param sources one or more sources; {@code 'none'} must be the only one
   * @return this builder
   * @throws NullPointerException if an argument or a source is null
   * @throws IllegalArgumentException if there is no source, a source is invalid or not allowed in
   *     this directive, a source repeats, or {@code 'none'} is combined with another source
   * @throws IllegalStateException if this directive's sources were already set on this builder
   */
  public ContentSecurityPolicyBuilder directive(CspDirective directive, String... sources) {
    Objects.requireNonNull(directive, "directive");
    Objects.requireNonNull(sources, "sources");
    if (sources.length == 0) {
      throw new IllegalArgumentException(
          directive + " needs at least one source; use 'none' to allow nothing");
    }
    LinkedHashSet<String> normalized = new LinkedHashSet<>();
    for (String source : sources) {
      String canonical = CspSources.normalize(directive, Objects.requireNonNull(source, "source"));
      if (!normalized.add(canonical)) {
        throw new IllegalArgumentException(
            "source " + HeaderSyntax.quote(source) + " appears twice in " + directive);
      }
    }
    if (normalized.contains("'none'") && normalized.size() > 1) {
      throw new IllegalArgumentException(
          "'none' must be the only source of " + directive + " but was given with " + normalized);
    }
    requireFirst(directive.directiveName(), this.sources.get(directive));
    this.sources.put(directive, new ArrayList<>(normalized));
    return this;
  }

  /**
   * Puts the per-request nonce in a directive: the header gets {@code 'nonce-<value>'} with the
   * value passed to {@link ContentSecurityPolicy#headerValue(String)}, and only elements carrying
   * {@code nonce="<value>"} may run (scripts) or apply (styles).
   *
   * @param directive default-src, script-src, script-src-elem, style-src or style-src-elem
   * @return this builder
   * @throws NullPointerException if {@code directive} is null
   * @throws IllegalArgumentException if nonces do not apply to this directive
   * @throws IllegalStateException if the nonce was already requested for this directive
   */
  public ContentSecurityPolicyBuilder nonce(CspDirective directive) {
    Objects.requireNonNull(directive, "directive");
    if (!directive.acceptsNonce()) {
      throw new IllegalArgumentException(
          "nonces do not apply to " + directive
              + "; use default-src, script-src, script-src-elem, style-src or style-src-elem");
    }
    if (!madeHere.add("nonce " + directive)) {
      throw new IllegalStateException("nonce(" + directive.name() + ") was already called");
    }
    nonces.add(directive);
    return this;
  }

  /**
   * Allows one static inline script or style by its SHA-256 hash, computed here from the exact
   * text between its tags (see {@link ContentSecurityPolicy#sha256Source(String)}). May be called
   * for many scripts; adding the same content twice has no further effect.
   *
   * @param directive default-src or a script or style directive
   * @param inlineContent the exact inline text
   * @return this builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if hashes do not apply to this directive
   */
  public ContentSecurityPolicyBuilder hash(CspDirective directive, String inlineContent) {
    Objects.requireNonNull(directive, "directive");
    Objects.requireNonNull(inlineContent, "inlineContent");
    if (!directive.acceptsInlineSources()) {
      throw new IllegalArgumentException(
          "hashes do not apply to " + directive + "; use default-src or a script or style directive");
    }
    List<String> list = hashes.computeIfAbsent(directive, d -> new ArrayList<>());
    String source = CspSources.sha256Source(inlineContent);
    if (!list.contains(source)) {
      list.add(source);
    }
    return this;
  }

  /**
   * Removes a directive with its sources, nonce and hashes, as inherited from a prototype policy.
   *
   * @param directive the directive
   * @return this builder
   * @throws NullPointerException if {@code directive} is null
   */
  public ContentSecurityPolicyBuilder remove(CspDirective directive) {
    Objects.requireNonNull(directive, "directive");
    sources.remove(directive);
    nonces.remove(directive);
    hashes.remove(directive);
    return this;
  }

  /**
   * Sets the {@code sandbox} directive. With no flags the page is fully sandboxed: no scripts, no
   * forms, no popups, an opaque origin.
   *
   * @param flags the restrictions to lift, such as {@code allow-scripts} (case-insensitive)
   * @return this builder
   * @throws NullPointerException if a flag is null
   * @throws IllegalArgumentException if a flag is not a sandbox keyword
   * @throws IllegalStateException if the sandbox was already set on this builder
   */
  public ContentSecurityPolicyBuilder sandbox(String... flags) {
    Objects.requireNonNull(flags, "flags");
    LinkedHashSet<String> normalized = new LinkedHashSet<>();
    for (String flag : flags) {
      String lower = Objects.requireNonNull(flag, "flag").toLowerCase(Locale.ROOT);
      if (!SANDBOX_FLAGS.contains(lower)) {
        throw new IllegalArgumentException(
            "sandbox flag " + HeaderSyntax.quote(flag) + " is not one of " + new TreeSet<>(SANDBOX_FLAGS));
      }
      normalized.add(lower);
    }
    requireFirst("sandbox", sandbox);
    sandbox = List.copyOf(normalized);
    return this;
  }

  /**
   * Sets whether to send {@code upgrade-insecure-requests}: the browser fetches every http: URL
   * of the page over https instead.
   *
   * @param enabled true to send the directive
   * @return this builder
   * @throws IllegalStateException if this was already set on this builder
   */
  public ContentSecurityPolicyBuilder upgradeInsecureRequests(boolean enabled) {
    requireFirst("upgrade-insecure-requests", null);
    upgradeInsecureRequests = enabled;
    return this;
  }

  /**
   * Sets the {@code report-uri} endpoints that receive violation reports (deprecated in CSP3 but
   * still the only reporting Firefox and Safari support; set {@link #reportTo(String)} as well).
   *
   * @param uris absolute http(s) URLs or paths starting with {@code /}
   * @return this builder
   * @throws NullPointerException if a URI is null
   * @throws IllegalArgumentException if there is no URI or one has whitespace, a control
   *     character, {@code ';'} or {@code ','}, or is neither an http(s) URL nor a path
   * @throws IllegalStateException if the URIs were already set on this builder
   */
  public ContentSecurityPolicyBuilder reportUri(String... uris) {
    Objects.requireNonNull(uris, "uris");
    if (uris.length == 0) {
      throw new IllegalArgumentException("reportUri needs at least one URI");
    }
    for (String uri : uris) {
      requireReportUri(Objects.requireNonNull(uri, "uri"));
    }
    requireFirst("report-uri", reportUris.isEmpty() ? null : reportUris);
    reportUris = List.of(uris);
    return this;
  }

  /**
   * Sets the {@code report-to} endpoint name, defined by a {@code Reporting-Endpoints} response
   * header (add it with {@link SecurityHeadersBuilder#header(String, String)}).
   *
   * @param endpointName the endpoint's name, an HTTP token such as {@code csp-endpoint}
   * @return this builder
   * @throws NullPointerException if {@code endpointName} is null
   * @throws IllegalArgumentException if the name is not a token
   * @throws IllegalStateException if the name was already set on this builder
   */
  public ContentSecurityPolicyBuilder reportTo(String endpointName) {
    Objects.requireNonNull(endpointName, "endpointName");
    HeaderSyntax.requireToken("report-to endpoint name", endpointName);
    requireFirst("report-to", reportTo);
    reportTo = endpointName;
    return this;
  }

  /**
   * Sets whether the policy only reports ({@code Content-Security-Policy-Report-Only}): the
   * browser enforces nothing and reports what it would have blocked. Useful to trial a policy.
   *
   * @param enabled true for report-only
   * @return this builder
   * @throws IllegalStateException if this was already set on this builder
   */
  public ContentSecurityPolicyBuilder reportOnly(boolean enabled) {
    requireFirst("report-only", null);
    reportOnly = enabled;
    return this;
  }

  /**
   * Sets the random source for nonces, asked for 16 bytes per nonce; by default nonces come from
   * a DRBG shared by all policies and read in blocks (see {@link ContentSecurityPolicy}). Tests
   * inject a deterministic subclass.
   *
   * @param secureRandom the source; used concurrently, so it must be thread-safe
   * @return this builder
   * @throws NullPointerException if {@code secureRandom} is null
   * @throws IllegalStateException if the source was already set on this builder
   */
  public ContentSecurityPolicyBuilder secureRandom(SecureRandom secureRandom) {
    Objects.requireNonNull(secureRandom, "secureRandom");
    requireFirst("secureRandom", null);
    random = secureRandom;
    return this;
  }

  /**
   * Builds the policy.
   *
   * @return the immutable policy
   * @throws IllegalStateException if the policy is empty, if {@code 'none'} is combined with a
   *     nonce or hash, if {@code 'strict-dynamic'} is in a directive without a nonce or hash (no
   *     script could ever start), or if a report-only policy has a sandbox (browsers ignore it)
   */
  public ContentSecurityPolicy build() {
    boolean empty =
        sources.isEmpty() && nonces.isEmpty() && hashes.isEmpty() && sandbox == null
            && !upgradeInsecureRequests;
    if (empty) {
      throw new IllegalStateException("the policy has no directive");
    }
    for (CspDirective directive : CspDirective.values()) {
      List<String> given = sources.getOrDefault(directive, List.of());
      boolean trusted = nonces.contains(directive) || !hashes.getOrDefault(directive, List.of()).isEmpty();
      if (given.contains("'none'") && trusted) {
        throw new IllegalStateException(
            directive + " is 'none' but also has a nonce or hash; 'none' must stand alone");
      }
      if (given.contains("'strict-dynamic'") && !trusted) {
        throw new IllegalStateException(
            "'strict-dynamic' in " + directive + " only trusts scripts loaded by a nonced or hashed"
                + " script, and there is none: add nonce(" + directive.name() + ") or a hash");
      }
    }
    if (reportOnly && sandbox != null) {
      throw new IllegalStateException(
          "browsers ignore sandbox in a report-only policy; enforce it or leave it out");
    }
    return new ContentSecurityPolicy(this);
  }

  private void requireFirst(String setting, @Nullable Object previous) {
    if (!madeHere.add(setting)) {
      throw new IllegalStateException(
          setting + " was already set" + (previous == null ? "" : " to " + previous));
    }
  }

  private static void requireReportUri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == ';' || c == ',') {
        throw new IllegalArgumentException(
            "report URI " + HeaderSyntax.quote(uri)
                + " must not contain whitespace, control characters, non-ASCII, ';' or ','");
      }
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    boolean absolute = lower.startsWith("https://") || lower.startsWith("http://");
    if (!absolute && !(uri.startsWith("/") && !uri.startsWith("//"))) {
      throw new IllegalArgumentException(
          "report URI " + HeaderSyntax.quote(uri) + " must be an http(s) URL or a path starting with /");
    }
  }
}
