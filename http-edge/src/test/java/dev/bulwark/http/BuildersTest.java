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
    assertThatThrownBy(() -> RateLimitGate.of((String) null)).isInstanceOf(NullPointerException.class).hasMessage("spec");
    assertThatThrownBy(() -> b.rateLimit(null)).isInstanceOf(NullPointerException.class).hasMessage("rateLimit");
    assertThatThrownBy(() -> b.key(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> RouteValidation.builder().queryPolicy(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("queryPolicy");
    assertThatThrownBy(() -> b.validation(null)).isInstanceOf(NullPointerException.class).hasMessage("validation");
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
    assertThatThrownBy(() -> RateLimitGate.of("5 per fortnight")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fortnight");
    assertThatThrownBy(() -> RateLimitGate.of("1/second").maximumKeys(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumKeys must be >= 1 but was 0");
    assertThatThrownBy(() -> ConcurrencyGate.of(0, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPerClient must be >= 1 but was 0");
    assertThatThrownBy(() -> ConcurrencyGate.of(5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTotal must be >= maxPerClient (5) but was 4");
    assertThatThrownBy(() -> RouteValidation.builder().maxBodyBytes(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes must be >= 0 but was -1");
  }

  @Test
  void settingsMayBeMadeOnce() {
    RouteBuilder b = Route.builder("/a").name("a").rateLimit(RateLimitGate.of("1/second")).concurrency(ConcurrencyGate.of(1, 2))
        .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.defaults()));
    assertThatThrownBy(() -> b.name("b")).isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> b.rateLimit(RateLimitGate.of(KeyedRateLimiter.builder(RateLimit.perSecond(1)).build())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rateLimit was already set to RateLimitGate[[1/second]]");
    assertThatThrownBy(() -> b.concurrency(ConcurrencyGate.of(1, 2))).isInstanceOf(IllegalStateException.class)
        .hasMessage("concurrency was already set to 1 per client, 2 in total");
    assertThatThrownBy(() -> b.circuitBreaker(BreakerGate.of(CircuitBreakerConfig.defaults())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("circuitBreaker was already set to ");
    assertThatThrownBy(() -> RateLimitGate.of("1/second").algorithm(RateLimitAlgorithm.FIXED_WINDOW)
        .algorithm(RateLimitAlgorithm.TOKEN_BUCKET)).isInstanceOf(IllegalStateException.class)
        .hasMessage("algorithm was already set to FIXED_WINDOW");
    assertThatThrownBy(() -> RouteValidation.builder().maxBodyBytes(1).maxBodyBytes(2))
        .isInstanceOf(IllegalStateException.class).hasMessage("maxBodyBytes was already set to 1");
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
    KeyedRateLimiter<String> ready = KeyedRateLimiter.builder(RateLimit.perSecond(1)).name("ready").build();
    assertThatThrownBy(() -> RateLimitGate.of(ready).algorithm(RateLimitAlgorithm.FIXED_WINDOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("algorithm applies only to limits the edge builds, not to the ready-made limiter ");
    assertThatThrownBy(() -> RateLimitGate.of(ready).maximumKeys(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("maximumKeys applies only to limits the edge builds, not to the ready-made limiter ");
    assertThatThrownBy(() -> Route.builder("/a").key(RateLimitKey.route()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route /a: key(...) needs a rate or concurrency limit");
    Route ok = Route.builder("/a").cors(CorsGate.of(CorsPolicy.builder().allowAnyOrigin().build()).rejectDisallowedOrigins()).rateLimit(RateLimitGate.of(RateLimit.perSecond(1)).algorithm(RateLimitAlgorithm.FIXED_WINDOW).maximumKeys(10))
        .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build();
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
