package dev.bulwark.headers;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.headers.internal.HeaderSyntax;
import dev.bulwark.headers.internal.KnownHeaderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
/**
 * Builds a {@link SecurityHeaders}. Not thread-safe; the built object is.
 *
 * <p>Headers keep the order in which they were first added; replacing a header inherited from a
 * profile keeps its place. Names compare case-insensitively. Every value is checked when passed:
 * control characters (CR, LF, TAB, NUL...) and non-ASCII are rejected, and the headers that take
 * keywords (X-Frame-Options, Referrer-Policy, Cross-Origin-*-Policy...) only accept their
 * keywords. A header may be set or omitted once per builder; a second time throws
 * {@link IllegalStateException}.
 */
public final class SecurityHeadersBuilder {

  private static final String HSTS = "Strict-Transport-Security";
  private static final long PRELOAD_MIN_SECONDS = 31_536_000L;

  /** Keyed by lower-case header name. */
  final Map<String, HeaderSlot> slots = new LinkedHashMap<>();

  List<String> headersToRemove = List.of();

  private final Set<String> madeHere = new HashSet<>();
  private boolean removalsSet;
  private @Nullable HstsMode hstsMode;

  SecurityHeadersBuilder() {}

  SecurityHeadersBuilder(SecurityHeaders prototype) {
    for (HeaderSlot slot : prototype.slots()) {
      slots.put(key(slot.name()), slot);
    }
    headersToRemove = prototype.headersToRemove();
  }

  /**
   * Adds a header, or replaces the one of the same name inherited from a profile.
   *
   * <p>For example {@code header("Cross-Origin-Embedder-Policy", "require-corp")} opts in to COEP,
   * and {@code header("Referrer-Policy", "strict-origin-when-cross-origin")} relaxes the strict
   * profile's {@code no-referrer}.
   *
   * @param name the header name, an HTTP token
   * @param value the value: visible ASCII, no leading or trailing space
   * @return this builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is not a token; if it is
   *     Content-Security-Policy(-Report-Only), Strict-Transport-Security or an Access-Control-*
   *     header (they have their own methods or class); if the value has a control or non-ASCII
   *     character; or if the header takes keywords and the value is not one
   * @throws IllegalStateException if this header was already set or omitted on this builder
   */
  public SecurityHeadersBuilder header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    HeaderSyntax.requireToken("header name", name);
    String key = key(name);
    if (key.equals("content-security-policy") || key.equals("content-security-policy-report-only")) {
      throw new IllegalArgumentException(
          name + " is validated and rendered by contentSecurityPolicy(ContentSecurityPolicy)");
    }
    if (key.equals("strict-transport-security")) {
      throw new IllegalArgumentException(
          name + " is set with strictTransportSecurity(Duration, boolean, boolean)");
    }
    if (key.startsWith("access-control-")) {
      throw new IllegalArgumentException(name + " depends on the request; it comes from CorsPolicy");
    }
    HeaderSyntax.requireValue(name, value);
    String problem = KnownHeaderValues.problem(name, value);
    if (problem != null) {
      throw new IllegalArgumentException(
          "value " + HeaderSyntax.quote(value) + " of header " + name + " " + problem);
    }
    put(HeaderSlot.fixed(new ResponseHeader(name, value)));
    return this;
  }

  /**
   * Sets Strict-Transport-Security, which is sent only on secure requests (browsers ignore it over
   * plain HTTP, and sending it from a development server on localhost would pin that host).
   *
   * @param maxAge how long browsers remember to use HTTPS only, in whole seconds; zero tells them
   *     to forget
   * @param includeSubDomains whether every subdomain is covered too
   * @param preload whether to ask for inclusion in browsers' preload lists (requires
   *     includeSubDomains and at least one year; hard to undo)
   * @return this builder
   * @throws NullPointerException if {@code maxAge} is null
   * @throws IllegalArgumentException if {@code maxAge} is negative, or {@code preload} is asked
   *     without includeSubDomains and a max-age of at least 31536000 seconds
   * @throws IllegalStateException if HSTS was already set or omitted on this builder
   */
  public SecurityHeadersBuilder strictTransportSecurity(
      Duration maxAge, boolean includeSubDomains, boolean preload) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must be >= 0 but was " + maxAge);
    }
    long seconds = maxAge.toSeconds();
    if (preload && (!includeSubDomains || seconds < PRELOAD_MIN_SECONDS)) {
      throw new IllegalArgumentException(
          "preload requires includeSubDomains and a maxAge of at least 365 days but was "
              + maxAge + (includeSubDomains ? "" : " without includeSubDomains"));
    }
    String value =
        "max-age=" + seconds + (includeSubDomains ? "; includeSubDomains" : "")
            + (preload ? "; preload" : "");
    put(HeaderSlot.secureOnly(new ResponseHeader(HSTS, value)));
    return this;
  }

  /**
   * Chooses when Strict-Transport-Security is sent. {@link HstsMode#SECURE_ONLY} (the default)
   * sends it on secure requests only; {@link HstsMode#ALWAYS} on every response (for a service
   * behind a TLS-terminating proxy that does not state the protocol); {@link HstsMode#NEVER}
   * drops the header set by {@link #strictTransportSecurity} or inherited from a profile (for a
   * development deployment). Applied by {@link #build()}, whatever the order of the calls.
   *
   * @param mode the mode
   * @return this builder
   * @throws NullPointerException if {@code mode} is null
   * @throws IllegalStateException if the mode was already set on this builder
   */
  public SecurityHeadersBuilder hsts(HstsMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (hstsMode != null) {
      throw new IllegalStateException("hsts was already set to " + hstsMode);
    }
    hstsMode = mode;
    return this;
  }

  /**
   * Sets the Content-Security-Policy, or the Content-Security-Policy-Report-Only header if the
   * policy is report-only. An enforced and a report-only policy may be set side by side (to trial
   * a stricter policy); both then get the same per-request nonce.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalStateException if a policy of the same mode was already set or omitted on this
   *     builder
   */
  public SecurityHeadersBuilder contentSecurityPolicy(ContentSecurityPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    put(HeaderSlot.policy(policy));
    return this;
  }

  /**
   * Leaves a header out, such as one a profile sets ({@code omit("X-XSS-Protection")},
   * {@code omit("Strict-Transport-Security")}, {@code omit("Content-Security-Policy")}). Omitting
   * a header that is not there does nothing. This only shapes what {@link SecurityHeaders} adds;
   * to strip a header the server or application sets, see {@link #removeFromResponse}.
   *
   * @param name the header name, any case
   * @return this builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not a token
   * @throws IllegalStateException if this header was already set or omitted on this builder
   */
  public SecurityHeadersBuilder omit(String name) {
    Objects.requireNonNull(name, "name");
    HeaderSyntax.requireToken("header name", name);
    String key = key(name);
    requireFirst(key);
    slots.remove(key);
    return this;
  }

  /**
   * Sets the headers the adapter must strip from every response, replacing the profile's list
   * ({@code X-Powered-By} and {@code Server} in {@link SecurityHeaders#strict()} and
   * {@link SecurityHeaders#api()}): they tell an attacker which software and version to target.
   * Call with no names to strip nothing.
   *
   * @param names header names, any case; duplicates are ignored
   * @return this builder
   * @throws NullPointerException if a name is null
   * @throws IllegalArgumentException if a name is not a token
   * @throws IllegalStateException if the list was already set on this builder
   */
  public SecurityHeadersBuilder removeFromResponse(String... names) {
    Objects.requireNonNull(names, "names");
    Map<String, String> unique = new LinkedHashMap<>();
    for (String name : names) {
      HeaderSyntax.requireToken("header name", Objects.requireNonNull(name, "name"));
      unique.putIfAbsent(key(name), name);
    }
    Preconditions.requireUnset("removeFromResponse", removalsSet, headersToRemove);
    removalsSet = true;
    headersToRemove = List.copyOf(unique.values());
    return this;
  }

  /**
   * Builds the headers.
   *
   * @return the immutable headers
   * @throws IllegalStateException if a header is both set and listed in
   *     {@link #removeFromResponse}, or {@link #hsts} is {@link HstsMode#ALWAYS} and there is no
   *     Strict-Transport-Security header to send
   */
  public SecurityHeaders build() {
    Set<String> removed = new LinkedHashSet<>();
    for (String name : headersToRemove) {
      removed.add(key(name));
    }
    for (HeaderSlot slot : slots.values()) {
      if (removed.contains(key(slot.name()))) {
        throw new IllegalStateException(
            slot.name() + " is both set and listed in removeFromResponse");
      }
    }
    List<HeaderSlot> built = new ArrayList<>(slots.size());
    boolean hasHsts = false;
    for (HeaderSlot slot : slots.values()) {
      if (!key(slot.name()).equals(key(HSTS))) {
        built.add(slot);
        continue;
      }
      hasHsts = true;
      if (hstsMode == HstsMode.ALWAYS) {
        built.add(HeaderSlot.fixed(slot.header()));
      } else if (hstsMode != HstsMode.NEVER) {
        built.add(slot);
      }
    }
    if (hstsMode == HstsMode.ALWAYS && !hasHsts) {
      throw new IllegalStateException("hsts ALWAYS needs a Strict-Transport-Security header: "
          + "set strictTransportSecurity(...) or start from a profile that has one");
    }
    return new SecurityHeaders(built, headersToRemove);
  }

  private void put(HeaderSlot slot) {
    String key = key(slot.name());
    requireFirst(key);
    slots.put(key, slot);
  }

  private void requireFirst(String key) {
    if (!madeHere.add(key)) {
      HeaderSlot previous = slots.get(key);
      throw new IllegalStateException(
          key + " was already " + (previous == null ? "omitted" : "set to " + previous.header()));
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
