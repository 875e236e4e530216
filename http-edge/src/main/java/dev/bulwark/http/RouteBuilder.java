package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.core.internal.HttpTokens;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Configures one {@link Route}: which requests it matches and which gates they pass. Every setting
 * may be made once (a second call throws {@link IllegalStateException}, and so does setting two
 * alternatives of one gate, such as a limit spec and a ready-made limiter); cross-setting rules are
 * checked by {@link #build()}. Not thread-safe; the built route is immutable.
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
  @Nullable CorsPolicy cors;
  @Nullable Boolean rejectDisallowedOrigins;
  @Nullable Object rateSource;
  @Nullable List<RateLimit> limits;
  @Nullable KeyedRateLimiter<String> keyedLimiter;
  @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter;
  @Nullable RateLimitAlgorithm algorithm;
  long maximumKeys = -1;
  @Nullable RateLimitKey key;
  @Nullable Object concurrencySource;
  int maxPerClient;
  int maxTotal;
  @Nullable KeyedConcurrencyLimiter<String> concurrencyLimiter;
  @Nullable InputPolicy queryPolicy;
  @Nullable InputPolicy headerPolicy;
  @Nullable InputPolicy bodyPolicy;
  @Nullable ContentTypePolicy contentTypePolicy;
  long maxBodyBytes = -1;
  @Nullable Object breakerSource;
  @Nullable ErrorBodyWriter errorBodyWriter;

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
   * Applies a CORS policy: preflights are answered by the edge (204, or 403 when refused) and
   * never reach the handler; actual requests get the CORS headers for their origin.
   *
   * @param policy the policy
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder cors(CorsPolicy policy) {
    this.cors = Preconditions.setOnce("cors", this.cors, policy);
    return this;
  }

  /**
   * Refuses (403) actual requests whose {@code Origin} the CORS policy does not allow, instead of
   * only withholding the CORS headers. Requests without {@code Origin}, and requests whose
   * {@code Origin} is the request's own ({@code http[s]://} + {@code Host}), always pass. Requires
   * {@link #cors(CorsPolicy)}.
   *
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder rejectDisallowedOrigins() {
    this.rejectDisallowedOrigins = Preconditions.setOnce("rejectDisallowedOrigins", this.rejectDisallowedOrigins, true);
    return this;
  }

  /**
   * Limits the request rate per client key with limits in the {@link Limits} syntax, such as
   * {@code "100/minute"} or {@code "200/minute; 1000/hour"}. The edge builds an in-memory keyed
   * limiter named after the route, on the edge's ticker.
   *
   * @param spec one or more limits
   * @return this builder
   * @throws IllegalArgumentException if {@code spec} does not parse (the message quotes it)
   * @throws IllegalStateException if a rate limit was already set
   */
  public RouteBuilder rateLimit(String spec) {
    return rateLimit(Limits.parse(Objects.requireNonNull(spec, "spec")).toArray(new RateLimit[0]));
  }

  /**
   * Limits the request rate per client key; several limits are enforced together. The edge builds
   * an in-memory keyed limiter named after the route, on the edge's ticker.
   *
   * @param limits one or more limits
   * @return this builder
   * @throws IllegalArgumentException if no limit is given
   * @throws IllegalStateException if a rate limit was already set
   */
  public RouteBuilder rateLimit(RateLimit... limits) {
    List<RateLimit> list = List.of(Objects.requireNonNull(limits, "limits"));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    this.rateSource = Preconditions.setOnce("rate limit", rateSource, list);
    this.limits = list;
    return this;
  }

  /**
   * Limits the request rate per client key with a ready-made limiter, which may be shared with
   * other routes (use a key that includes {@link RateLimitKey#route()} to keep their counts
   * apart) or live in Redis. Its own ticker measures time.
   *
   * @param limiter the limiter
   * @return this builder
   * @throws IllegalStateException if a rate limit was already set
   */
  public RouteBuilder rateLimiter(KeyedRateLimiter<String> limiter) {
    this.rateSource = Preconditions.setOnce("rate limit", rateSource, limiter);
    this.keyedLimiter = limiter;
    return this;
  }

  /**
   * Limits the request rate with a hierarchical limiter (global, per client, per route), asked
   * with this route's name as the route and the client key as the client.
   *
   * @param limiter the limiter, usually shared by several routes
   * @return this builder
   * @throws IllegalStateException if a rate limit was already set
   */
  public RouteBuilder rateLimiter(HierarchicalRateLimiter<String> limiter) {
    this.rateSource = Preconditions.setOnce("rate limit", rateSource, limiter);
    this.hierarchicalLimiter = limiter;
    return this;
  }

  /**
   * Chooses the algorithm of the limiter built from {@link #rateLimit(RateLimit...)} (default
   * {@link RateLimitAlgorithm#TOKEN_BUCKET}).
   *
   * @param algorithm the algorithm
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder rateLimitAlgorithm(RateLimitAlgorithm algorithm) {
    this.algorithm = Preconditions.setOnce("rateLimitAlgorithm", this.algorithm, algorithm);
    return this;
  }

  /**
   * Caps the keys held by the limiter built from {@link #rateLimit(RateLimit...)} (default
   * {@link dev.bulwark.ratelimit.KeyedRateLimiterBuilder#DEFAULT_MAXIMUM_KEYS}).
   *
   * @param maximumKeys at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumKeys < 1}
   * @throws IllegalStateException if already set
   */
  public RouteBuilder rateLimitMaximumKeys(long maximumKeys) {
    Preconditions.requireAtLeastOne("rateLimitMaximumKeys", maximumKeys);
    Preconditions.requireUnset("rateLimitMaximumKeys", this.maximumKeys != -1, this.maximumKeys);
    this.maximumKeys = maximumKeys;
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
   * Bounds the requests in flight on this route, per client key and in total; a request over
   * either bound gets 503 with {@code Retry-After: 1}.
   *
   * @param maxPerClient the most in flight for one client key, at least 1
   * @param maxTotal the most in flight in total, at least {@code maxPerClient}
   * @return this builder
   * @throws IllegalArgumentException if a bound is below 1 or {@code maxTotal < maxPerClient}
   * @throws IllegalStateException if a concurrency limit was already set
   */
  public RouteBuilder concurrencyLimit(int maxPerClient, int maxTotal) {
    Preconditions.requireAtLeastOne("maxPerClient", maxPerClient);
    if (maxTotal < maxPerClient) {
      throw new IllegalArgumentException(
          "maxTotal must be >= maxPerClient (" + maxPerClient + ") but was " + maxTotal);
    }
    this.concurrencySource = Preconditions.setOnce(
        "concurrency limit", concurrencySource, maxPerClient + " per client, " + maxTotal + " in total");
    this.maxPerClient = maxPerClient;
    this.maxTotal = maxTotal;
    return this;
  }

  /**
   * Bounds the requests in flight with a ready-made limiter, which may be shared with other routes.
   *
   * @param limiter the limiter
   * @return this builder
   * @throws IllegalStateException if a concurrency limit was already set
   */
  public RouteBuilder concurrencyLimiter(KeyedConcurrencyLimiter<String> limiter) {
    this.concurrencySource = Preconditions.setOnce("concurrency limit", concurrencySource, limiter);
    this.concurrencyLimiter = limiter;
    return this;
  }

  /**
   * Validates the query string: the number of parameters and each name against the policy's
   * limits, and each value (form-decoded once, {@code +} as space) with
   * {@link InputPolicy#validate(String, String)}. Violations give 400.
   *
   * @param policy the policy, such as {@link InputPolicy#forQueries()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder queryPolicy(InputPolicy policy) {
    this.queryPolicy = Preconditions.setOnce("queryPolicy", this.queryPolicy, policy);
    return this;
  }

  /**
   * Validates request headers: the number of header values against the policy's field limit, and
   * every value with {@link InputPolicy#validate(String, String)} under its header name.
   * Violations give 400. Detectors are usually off for headers (User-Agent and Cookie values are
   * full of punctuation).
   *
   * @param policy the policy
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder headerPolicy(InputPolicy policy) {
    this.headerPolicy = Preconditions.setOnce("headerPolicy", this.headerPolicy, policy);
    return this;
  }

  /**
   * Refuses (413) requests whose {@code Content-Length} exceeds a size. Bodies of unknown length
   * (chunked) pass this gate; bound them while reading, or with {@link #bodyPolicy}.
   *
   * @param maxBytes the largest declared body, at least 0
   * @return this builder
   * @throws IllegalArgumentException if {@code maxBytes < 0}
   * @throws IllegalStateException if already set
   */
  public RouteBuilder maxBodyBytes(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 0 but was " + maxBytes);
    }
    Preconditions.requireUnset("maxBodyBytes", this.maxBodyBytes != -1, this.maxBodyBytes);
    this.maxBodyBytes = maxBytes;
    return this;
  }

  /**
   * Checks the {@code Content-Type} of requests that have a body ({@code Content-Length} above 0,
   * or a {@code Transfer-Encoding}); violations give 415. Requests without a body are not checked.
   *
   * @param policy the policy
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder contentTypePolicy(ContentTypePolicy policy) {
    this.contentTypePolicy = Preconditions.setOnce("contentTypePolicy", this.contentTypePolicy, policy);
    return this;
  }

  /**
   * Asks for body content checks: {@link EdgeExchange#wantsBody()} becomes true, and
   * {@link EdgeExchange#checkBody} validates the body with this policy (413 for
   * {@code TOO_LARGE}, 400 for other violations).
   *
   * @param policy the policy, such as {@link InputPolicy#forDocuments()} with detectors on
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public RouteBuilder bodyPolicy(InputPolicy policy) {
    this.bodyPolicy = Preconditions.setOnce("bodyPolicy", this.bodyPolicy, policy);
    return this;
  }

  /**
   * Guards the handler with a ready-made circuit breaker, which may be shared with other routes.
   * Build it on the edge's ticker: the edge measures call durations with its own.
   *
   * @param breaker the breaker
   * @return this builder
   * @throws IllegalStateException if a circuit breaker was already set
   */
  public RouteBuilder circuitBreaker(CircuitBreaker breaker) {
    this.breakerSource = Preconditions.setOnce("circuit breaker", breakerSource, breaker);
    return this;
  }

  /**
   * Guards the handler with a circuit breaker that the edge builds from this configuration, named
   * after the route and running on the edge's ticker.
   *
   * @param config the configuration
   * @return this builder
   * @throws IllegalStateException if a circuit breaker was already set
   */
  public RouteBuilder circuitBreaker(CircuitBreakerConfig config) {
    this.breakerSource = Preconditions.setOnce("circuit breaker", breakerSource, config);
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
   * Builds the route.
   *
   * @return the immutable route
   * @throws IllegalStateException if {@link #rejectDisallowedOrigins()} is set without CORS, an
   *     algorithm or key cap is set without {@link #rateLimit(RateLimit...)} limits, or a key is set
   *     without any rate or concurrency limit
   */
  public Route build() {
    List<String> problems = new ArrayList<>();
    if (rejectDisallowedOrigins != null && cors == null) {
      problems.add("rejectDisallowedOrigins needs cors(...)");
    }
    if ((algorithm != null || maximumKeys != -1) && limits == null) {
      problems.add("rateLimitAlgorithm and rateLimitMaximumKeys apply only to rateLimit(...) limits");
    }
    if (key != null && rateSource == null && concurrencySource == null) {
      problems.add("key(...) needs a rate or concurrency limit");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("route " + pattern + ": " + String.join("; ", problems));
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
