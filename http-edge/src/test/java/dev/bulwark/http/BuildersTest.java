package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.validation.InputPolicy;
import org.junit.jupiter.api.Test;

class BuildersTest {

  @Test
  void routeDefaults() {
    Route route = Route.builder("/api/users/{id}").build();
    assertThat(route.name()).isEqualTo("/api/users/{id}");
    assertThat(route.pattern()).isEqualTo("/api/users/{id}");
    assertThat(route.methods()).isEmpty();
    assertThat(route.toString()).isEqualTo("Route[/api/users/{id} * /api/users/{id}]");
    assertThat(Route.builder("/a").name("a").methods("GET", "POST", "GET").build().methods())
        .containsExactly("GET", "POST");
  }

  @Test
  void nullsAreRefusedWithTheParameterName() {
    RouteBuilder b = Route.builder("/a");
    assertThatThrownBy(() -> Route.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("pattern");
    assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> b.cors(null)).isInstanceOf(NullPointerException.class).hasMessage("cors");
    assertThatThrownBy(() -> b.rateLimit((String) null)).isInstanceOf(NullPointerException.class).hasMessage("spec");
    assertThatThrownBy(() -> b.key(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> b.queryPolicy(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("queryPolicy");
    assertThatThrownBy(() -> Edge.builder().route(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("route");
    assertThatThrownBy(() -> Edge.builder().ticker(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThatThrownBy(() -> Edge.builder().build().begin(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("request");
  }

  @Test
  void badValuesAreRefusedNamingTheValue() {
    RouteBuilder b = Route.builder("/a");
    assertThatThrownBy(() -> b.name(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be printable ASCII and not blank but was \" \"");
    assertThatThrownBy(() -> b.name("caf\u00e9")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be printable ASCII and not blank but was \"caf\u00e9\"");
    assertThatThrownBy(() -> b.methods()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one method is required");
    assertThatThrownBy(() -> b.methods("GET", "BAD METHOD")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method must be a token but was \"BAD METHOD\"");
    assertThatThrownBy(() -> b.rateLimit("5 per fortnight")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fortnight");
    assertThatThrownBy(() -> b.rateLimitMaximumKeys(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rateLimitMaximumKeys must be >= 1 but was 0");
    assertThatThrownBy(() -> b.concurrencyLimit(0, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPerClient must be >= 1 but was 0");
    assertThatThrownBy(() -> b.concurrencyLimit(5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTotal must be >= maxPerClient (5) but was 4");
    assertThatThrownBy(() -> b.maxBodyBytes(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes must be >= 0 but was -1");
  }

  @Test
  void settingsMayBeMadeOnce() {
    RouteBuilder b = Route.builder("/a").name("a").rateLimit("1/second").concurrencyLimit(1, 2)
        .circuitBreaker(CircuitBreakerConfig.defaults());
    assertThatThrownBy(() -> b.name("b")).isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> b.rateLimiter(KeyedRateLimiter.builder(RateLimit.perSecond(1)).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rate limit was already set to [1/second]");
    assertThatThrownBy(() -> b.concurrencyLimit(1, 2)).isInstanceOf(IllegalStateException.class)
        .hasMessage("concurrency limit was already set to 1 per client, 2 in total");
    assertThatThrownBy(() -> b.circuitBreaker(CircuitBreakerConfig.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("circuit breaker was already set to ");
    assertThatThrownBy(() -> Edge.builder().errorFormat(ErrorFormat.ENVELOPE).errorFormat(ErrorFormat.ENVELOPE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errorFormat was already set to ENVELOPE");
    assertThatThrownBy(() -> Edge.builder().legacyRateLimitHeaders(false).legacyRateLimitHeaders(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("legacyRateLimitHeaders was already set to false");
    assertThatThrownBy(() -> Edge.builder().securityHeaders(SecurityHeaders.api())
        .securityHeaders(SecurityHeaders.api())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void crossSettingRulesRunInBuild() {
    assertThatThrownBy(() -> Route.builder("/a").rejectDisallowedOrigins().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route /a: rejectDisallowedOrigins needs cors(...)");
    assertThatThrownBy(() -> Route.builder("/a").rateLimitAlgorithm(RateLimitAlgorithm.FIXED_WINDOW)
            .rateLimiter(KeyedRateLimiter.builder(RateLimit.perSecond(1)).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route /a: rateLimitAlgorithm and rateLimitMaximumKeys apply only to rateLimit(...) limits");
    assertThatThrownBy(() -> Route.builder("/a").key(RateLimitKey.route()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route /a: key(...) needs a rate or concurrency limit");
    Route ok = Route.builder("/a").cors(CorsPolicy.builder().allowAnyOrigin().build())
        .rejectDisallowedOrigins().rateLimit(RateLimit.perSecond(1))
        .rateLimitAlgorithm(RateLimitAlgorithm.FIXED_WINDOW).rateLimitMaximumKeys(10)
        .queryPolicy(InputPolicy.forQueries()).build();
    assertThat(ok.name()).isEqualTo("/a");
  }

  @Test
  void edgeRulesForRouteNamesAndTheDefaultRoute() {
    EdgeBuilder b = Edge.builder().route(Route.builder("/a").name("x").build());
    assertThatThrownBy(() -> b.route(Route.builder("/b").name("x").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a route named \"x\" was already added");
    assertThatThrownBy(() -> b.defaultRoute(Route.builder("/api/**").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the default route must have the pattern /** and no methods but was Route[/api/** * /api/**]");
    assertThatThrownBy(() -> b.defaultRoute(Route.builder("/**").methods("GET").build()))
        .isInstanceOf(IllegalArgumentException.class);
    b.defaultRoute(Route.builder("/**").name("rest").build());
    assertThatThrownBy(() -> b.defaultRoute(Route.builder("/**").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("defaultRoute was already set to Route[rest");
  }
}
