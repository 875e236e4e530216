package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.internal.HttpTokens;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Configures one {@link Route}: which requests it matches and which gates they pass. Each gate is
 * one value set by one method: {@link #cors(CorsGate)}, {@link #rateLimit(RateLimitGate)},
 * {@link #concurrency(ConcurrencyGate)}, {@link #validation(RouteValidation)},
 * {@link #circuitBreaker(BreakerGate)} and {@link #securityHeaders(SecurityHeaders)}. Every setting
 * may be made once (a second call throws {@link IllegalStateException}); the one rule between
 * settings ({@link #key(RateLimitKey)} needs a limit) is checked by {@link #build()}. Not
 * thread-safe; the built route is immutable.
 *
 * <h2>Patterns</h2>
 * A pattern starts with {@code '/'} and lists segments separated by {@code '/'}:
 * <ul>
 *   <li>a literal, matched exactly and case-sensitively: {@code /api/search};
 *   <li>{@code {name}}, one non-empty segment of any value: {@code /api/users/{id}} (the name is
 *       documentation: a Java identifier, unique within the pattern);
 *   <li>{@code *}, one non-empty segment of any value: {@code /files/*};
 *   <li>a trailing {@code /**}, any number of further segments including none:
 *       {@code /static/**} matches {@code /static}, {@code /static/} and {@code /static/a/b};
 *       {@code /**} matches every path.
 * </ul>
 * Rejected with {@link IllegalArgumentException} naming the pattern: a pattern not starting with
 * {@code '/'}, an empty segment ({@code //}, a trailing {@code /} other than the pattern {@code /}
 * itself), {@code **} before the end, {@code .} or {@code ..} segments, a malformed or repeated
 * variable, and {@code { } * % ; ? # \}, spaces or control characters inside a literal.
 *
 * <p>Paths are matched the way a servlet container maps them (see the {@link Edge} description):
 * empty segments are ignored, so {@code /api//search/} matches {@code /api/search}; dot segments,
 * path parameters ({@code ;jsessionid=...}) and percent-encoding are resolved first.
 *
 * <h2>Defaults</h2>
 * Name: the pattern. Methods: any. Security headers and error body writer: the edge's. No CORS, no rate or concurrency
 * limit, no validation, no circuit breaker. Key: {@link RateLimitKey#ip()}.
 */
public final class RouteBuilder {

  final String pattern;
  final RoutePattern parsed;
  @Nullable String name;
  @Nullable List<String> methods;
  @Nullable SecurityHeaders securityHeaders;
  @Nullable CorsGate corsGate;
  @Nullable CorsPolicy cors;
  @Nullable Boolean rejectDisallowedOrigins;
  @Nullable RateLimitGate rateGate;
  @Nullable List<RateLimit> limits;
  @Nullable KeyedRateLimiter<String> keyedLimiter;
  @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter;
  @Nullable RateLimitAlgorithm algorithm;
  long maximumKeys = -1;
  @Nullable RateLimitKey key;
  @Nullable ConcurrencyGate concurrencyGate;
  int maxPerClient;
  int maxTotal;
  @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter;
  @Nullable ConnectionPolicy connectionPolicy;
  @Nullable InputPolicy queryPolicy;
  @Nullable InputPolicy headerPolicy;
  @Nullable InputPolicy bodyPolicy;
  @Nullable ContentTypePolicy contentTypePolicy;
  long maxBodyBytes = -1;
  @Nullable RouteValidation validationGate;
  @Nullable BreakerGate breakerGate;
  @Nullable Object breakerSource;
  @Nullable ErrorBodyWriter errorBodyWriter;
  @Nullable Set<EdgeGate> shadowed;

  RouteBuilder(String pattern) {
    this.parsed = RoutePattern.parse(pattern);
    this.pattern = pattern;
  }

  /**
   * Names the route, for logs, metrics, the {@code RateLimit} policy names and the route overrides
   * of a {@link HierarchicalRateLimiter}. Names are unique within an edge.
   *
   * @param name printable ASCII (space to {@code ~}), not blank
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank or has other characters
   * @throws IllegalStateException if the name was already set
   */
  public RouteBuilder name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || !isPrintableAscii(name)) {
      throw new IllegalArgumentException(
          "name must be printable ASCII and not blank but was \"" + Texts.truncate(name) + "\"");
    }
    this.name = Preconditions.setOnce("name", this.name, name);
    return this;
  }

  /**
   * Restricts the route to some methods, matched case-sensitively. A route allowing {@code GET}
   * also matches {@code HEAD}. A CORS preflight is matched by the method it asks for
   * ({@code Access-Control-Request-Method}), not by {@code OPTIONS}; see {@link Edge}.
   *
   * @param methods one or more method tokens, such as {@code "GET", "POST"}
   * @return this builder
   * @throws IllegalArgumentException if no method is given or one is not a token
   * @throws IllegalStateException if the methods were already set
   */
  public RouteBuilder methods(String... methods) {
    Objects.requireNonNull(methods, "methods");
    if (methods.length == 0) {
      throw new IllegalArgumentException("at least one method is required");
    }
    Set<String> set = new LinkedHashSet<>();
    for (String method : methods) {
      Objects.requireNonNull(method, "method");
      if (!HttpTokens.isToken(method)) {
        throw new IllegalArgumentException(
            "method must be a token but was \"" + Texts.truncate(method) + "\"");
      }
      set.add(method);
    }
    this.methods = Preconditions.setOnce("methods", this.methods, List.copyOf(set));
    return this;
  }

  /**
   * Sets the security headers of this route's responses (and rejections), replacing the edge's
   * default: {@code SecurityHeaders.strict()}, {@code api()}, {@code legacy()} or a custom set. A
   * Content-Security-Policy with nonces gets a fresh nonce per request.
   *
   * @param headers the headers
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder securityHeaders(SecurityHeaders headers) {
    this.securityHeaders = Preconditions.setOnce("securityHeaders", this.securityHeaders, headers);
    return this;
  }

  /**
   * Sets the CORS gate: {@code CorsGate.of(policy)}, or
   * {@code CorsGate.of(policy).rejectDisallowedOrigins()} to refuse disallowed origins.
   *
   * @param gate the gate
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder cors(CorsGate gate) {
    CorsGate g = Preconditions.setOnce("cors", this.corsGate, gate);
    this.corsGate = g;
    this.cors = g.policy;
    this.rejectDisallowedOrigins = g.rejectDisallowedOrigins ? Boolean.TRUE : null;
    return this;
  }

  /**
   * Sets the rate-limit gate: {@code RateLimitGate.of("100/minute")}, limits with an algorithm or
   * a key cap, a ready-made keyed limiter, or a hierarchical one.
   *
   * @param gate the gate
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder rateLimit(RateLimitGate gate) {
    RateLimitGate g = Preconditions.setOnce("rateLimit", this.rateGate, gate);
    this.rateGate = g;
    this.limits = g.limits;
    this.keyedLimiter = g.keyedLimiter;
    this.hierarchicalLimiter = g.hierarchicalLimiter;
    this.algorithm = g.algorithm;
    this.maximumKeys = g.maximumKeys;
    return this;
  }

  /**
   * Chooses the client key of the rate and concurrency limits (default {@link RateLimitKey#ip()}).
   *
   * @param key the strategy
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder key(RateLimitKey key) {
    this.key = Preconditions.setOnce("key", this.key, key);
    return this;
  }

  /**
   * Sets the concurrency gate: {@code ConcurrencyGate.of(maxPerClient, maxTotal)} or a ready-made
   * limiter.
   *
   * @param gate the gate
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder concurrency(ConcurrencyGate gate) {
    ConcurrencyGate g = Preconditions.setOnce("concurrency", this.concurrencyGate, gate);
    this.concurrencyGate = g;
    this.maxPerClient = g.maxPerClient;
    this.maxTotal = g.maxTotal;
    this.concurrencyLimiter = g.limiter;
    return this;
  }

  /**
   * Sets the validation gate: which parts of a request are checked (query, headers, declared body
   * size, content type, body).
   *
   * @param gate the gate, from {@link RouteValidation#builder()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder validation(RouteValidation gate) {
    RouteValidation g = Preconditions.setOnce("validation", this.validationGate, gate);
    this.validationGate = g;
    this.queryPolicy = g.queryPolicy;
    this.headerPolicy = g.headerPolicy;
    this.bodyPolicy = g.bodyPolicy;
    this.contentTypePolicy = g.contentTypePolicy;
    this.maxBodyBytes = g.maxBodyBytes;
    return this;
  }

  /**
   * Sets the circuit breaker that guards the handler: {@code BreakerGate.of(breaker)} or
   * {@code BreakerGate.of(config)}.
   *
   * @param gate the gate
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder circuitBreaker(BreakerGate gate) {
    BreakerGate g = Preconditions.setOnce("circuitBreaker", this.breakerGate, gate);
    this.breakerGate = g;
    CircuitBreaker breaker = g.breaker;
    this.breakerSource = breaker != null ? breaker : g.config;
    return this;
  }

  /**
   * Sets the writer of this route's rejection bodies, replacing the edge's
   * ({@link EdgeBuilder#errorBodyWriter(ErrorBodyWriter)}). A writer that fails is replaced by the
   * problem writer for that body; see {@link ErrorBodyWriter}.
   *
   * @param writer the writer, such as {@link ErrorBodyWriter#envelope()} or your own
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder errorBodyWriter(ErrorBodyWriter writer) {
    this.errorBodyWriter = Preconditions.setOnce("errorBodyWriter", this.errorBodyWriter, writer);
    return this;
  }

  /**
   * Puts some of this route's gates in shadow mode: each still decides every request as it would
   * (a shadowed rate limit counts the request, a shadowed concurrency limit takes a permit when one
   * is free, a shadowed breaker records outcomes), but instead of refusing it reports the refusal
   * it would have made, as an {@link EdgeEvent.ShadowRejected} to the edge's listener and a
   * rate-limited {@code edge_shadow_rejected} log line, and lets the request through. A shadowed
   * gate adds nothing to the response: no {@code RateLimit} fields, no {@code Retry-After}. The
   * edge-wide {@link EdgeBuilder#shadow(EdgeGate, EdgeGate...)} adds to these.
   *
   * <p>What shadow mode means per gate:
   * <ul>
   *   <li>{@link EdgeGate#RATE_LIMIT}: the limiter takes a permit for every request, as enforcing
   *       would, so its figures are what enforcement would see; also the edge's CORS preflight limit
   *       for the preflights this route answers.
   *   <li>{@link EdgeGate#CONCURRENCY}: a request finding no free permit runs without one.
   *   <li>{@link EdgeGate#VALIDATION}: query, headers, declared body size and content type are
   *       checked and reported; a streamed body is not cut off at the route's body limit, and body
   *       content ({@link RouteValidation.Builder#bodyPolicy}) is checked only when the adapter
   *       passes a body to {@link EdgeExchange#checkBody}, which then never refuses. Adapters do
   *       not buffer a body for a shadowed validation gate ({@link EdgeExchange#wantsBody()} is
   *       false), so shadowed validation never blocks a request.
   *   <li>{@link EdgeGate#CIRCUIT_BREAKER}: a request the open breaker refuses runs without a
   *       permission, and its outcome is not recorded (an enforcing breaker would not have seen it).
   *   <li>{@link EdgeGate#CORS}: a disallowed origin is not refused
   *       ({@link CorsGate#rejectDisallowedOrigins()}); the response is that of the same route
   *       without {@code rejectDisallowedOrigins}. Preflights are still answered by the CORS policy.
   * </ul>
   *
   * @param gate a gate
   * @param more more gates
   * @return this builder
   * @throws NullPointerException if a gate is null
   * @throws IllegalStateException if the shadowed gates were already set
   */
  public RouteBuilder shadow(EdgeGate gate, EdgeGate... more) {
    this.shadowed = Preconditions.setOnce("shadow", this.shadowed, ShadowMode.gates(gate, more));
    return this;
  }

  /**
   * Puts every gate of this route in shadow mode, as {@link #shadow(EdgeGate, EdgeGate...)} with all
   * the {@link EdgeGate} values does.
   *
   * @return this builder
   * @throws IllegalStateException if the shadowed gates were already set
   */
  public RouteBuilder shadow() {
    this.shadowed = Preconditions.setOnce("shadow", this.shadowed, ShadowMode.ALL);
    return this;
  }

  /**
   * Sets how the route's long-lived connections (WebSocket upgrades) are watched once open: idle
   * expiry and heartbeat. Whether or not this is set, an upgraded connection keeps the route's
   * concurrency permit until it closes ({@link EdgeExchange#upgrade}).
   *
   * @param policy the policy, such as
   *     {@code ConnectionPolicy.none().withIdleTimeout(Duration.ofHours(1))}
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalStateException if already set
   */
  public RouteBuilder connections(ConnectionPolicy policy) {
    this.connectionPolicy = Preconditions.setOnce("connections", this.connectionPolicy, policy);
    return this;
  }

  /**
   * Builds the route.
   *
   * @return the immutable route
   * @throws IllegalStateException if a key is set without a rate or concurrency limit
   */
  public Route build() {
    if (key != null && rateGate == null && concurrencyGate == null) {
      throw new IllegalStateException("route " + pattern + ": key(...) needs a rate or concurrency limit");
    }
    return new Route(this);
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
