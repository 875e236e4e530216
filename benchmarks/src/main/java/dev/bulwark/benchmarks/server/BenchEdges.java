package dev.bulwark.benchmarks.server;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteBuilder;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.InputPolicy;
import java.util.Objects;

/** The edges of the Bulwark variants, built only through the public builder API. */
final class BenchEdges {

  /**
   * Per client IP; far above what one client can send here (wrk from one address reaches about
   * 100k requests per second on this machine), so that no request is refused.
   */
  static final long NEVER_REFUSING_PER_SECOND = 10_000_000;

  /** The name of the one route, which its rate-limit fields carry as their policy's name. */
  static final String ROUTE_NAME = "hello";

  /** {@link #NEVER_REFUSING_PER_SECOND} in the {@code Limits} syntax. */
  static final String NEVER_REFUSING_LIMIT = NEVER_REFUSING_PER_SECOND + "/second";

  /** The strict profile with a per-response nonce for scripts, as SecurityHeadersExample. */
  static final SecurityHeaders STRICT_WITH_NONCE = SecurityHeaders.strict().toBuilder()
      .contentSecurityPolicy(Objects.requireNonNull(SecurityHeaders.strict().contentSecurityPolicy())
          .toBuilder().nonce(CspDirective.SCRIPT_SRC).build())
      .build();

  private BenchEdges() {}

  /**
   * Returns the edge of a Bulwark variant.
   *
   * @param variant {@link Variant#BULWARK}, {@link Variant#STRICT} or {@link Variant#RATELIMIT}
   * @return a new edge with one route for {@link HelloApp#PATH}
   * @throws IllegalArgumentException for a variant without Bulwark
   */
  static Edge forVariant(Variant variant) {
    RouteBuilder route = Route.builder(HelloApp.PATH)
        .name(ROUTE_NAME)
        .methods("GET")
        .key(RateLimitKey.ip())
        .rateLimit(RateLimitGate.of(NEVER_REFUSING_LIMIT));
    switch (variant) {
      case BULWARK:
        return protectedEdge(route, SecurityHeaders.api());
      case STRICT:
        return protectedEdge(route, STRICT_WITH_NONCE);
      case RATELIMIT:
        SecurityHeaders none = SecurityHeaders.builder().build();
        return Edge.builder().securityHeaders(none).route(route.securityHeaders(none).build()).build();
      default:
        throw new IllegalArgumentException(variant.id() + " has no Bulwark edge");
    }
  }

  private static Edge protectedEdge(RouteBuilder route, SecurityHeaders headers) {
    return Edge.builder()
        .securityHeaders(headers)
        .route(route
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.defaults()))
            .build())
        .build();
  }
}
