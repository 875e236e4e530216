package dev.bulwark.http;

import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.InputPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateOrderTest {

  private static final String PROBE = "/api/search?q=1%27+OR+%271%27%3D%271";

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void anInjectionProberRunsIntoItsRateLimitBeforeValidation() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("3/minute"))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .build();

    List<Integer> statuses = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      EdgeRejection r = rejection(edge.begin(FakeRequest.get(PROBE)));
      statuses.add(r.status());
      remaining.add(Responses.header(r, "RateLimit"));
    }

    assertThat(statuses).containsExactly(400, 400, 400, 429, 429);
    assertThat(remaining).containsExactly(
        "\"search\";r=2;t=20", "\"search\";r=1;t=40", "\"search\";r=0;t=60",
        "\"search\";r=0;t=20", "\"search\";r=0;t=20");
    // The bad requests spent the quota: a clean one from the same client is limited too.
    assertThat(rejection(edge.begin(FakeRequest.get("/api/search?q=hello"))).status()).isEqualTo(429);
  }

  @Test
  void aValidationRefusalReleasesTheConcurrencyPermit() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(1, 1).build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").concurrency(ConcurrencyGate.of(limiter))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .build();

    assertThat(rejection(edge.begin(FakeRequest.get(PROBE))).status()).isEqualTo(400);
    assertThat(limiter.inFlight()).isZero();
    EdgeExchange ok = edge.begin(FakeRequest.get("/api/search?q=hello"));
    assertThat(ok.admitted()).isTrue();
    assertThat(limiter.inFlight()).isEqualTo(1);
    ok.complete(200);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void anOpenBreakerRefusalReleasesTheConcurrencyPermit() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(1, 1).build();
    CircuitBreaker breaker = CircuitBreaker.builder("b").ticker(ticker).build();
    breaker.forceOpen();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/x").concurrency(ConcurrencyGate.of(limiter)).circuitBreaker(BreakerGate.of(breaker)).build())
        .build();

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/x")));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.gate()).isEqualTo(EdgeGate.CIRCUIT_BREAKER);
    assertThat(r.retryAfterSeconds()).isEqualTo(1);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void aBadRequestNeverTakesTheHalfOpenTrialSlot() {
    CircuitBreaker breaker = CircuitBreaker.builder("b")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(1))).build())
        .ticker(ticker).build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .circuitBreaker(BreakerGate.of(breaker)).build())
        .build();
    edge.begin(FakeRequest.get("/api/search")).complete(500);
    ticker.advance(Duration.ofSeconds(1));

    assertThat(rejection(edge.begin(FakeRequest.get(PROBE))).status()).isEqualTo(400);
    assertThat(edge.begin(FakeRequest.get("/api/search?q=ok")).admitted()).isTrue();
  }

  @Test
  void laterRefusalsCarryTheRateLimitFields() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/slow").name("slow").rateLimit(RateLimitGate.of("10/minute")).concurrency(ConcurrencyGate.of(1, 1)).build())
        .build();
    edge.begin(FakeRequest.get("/slow"));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/slow")));
    assertThat(Responses.headers(r)).endsWith(
        "Retry-After: 1", "RateLimit-Policy: \"slow\";q=10;w=60", "RateLimit: \"slow\";r=8;t=12");
  }

  @Test
  void firstMatchingRouteWinsAndTheDefaultRouteTakesTheRest() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").name("search").methods("GET").build())
        .route(Route.builder("/api/**").name("api").build())
        .defaultRoute(Route.builder("/**").name("rest").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();

    assertThat(edge.begin(FakeRequest.get("/api/search")).routeName()).isEqualTo("search");
    assertThat(edge.begin(FakeRequest.of("HEAD", "/api/search")).routeName()).isEqualTo("search");
    assertThat(edge.begin(FakeRequest.of("POST", "/api/search")).routeName()).isEqualTo("api");
    assertThat(edge.begin(FakeRequest.get("/api/%73earch;v=1")).routeName()).isEqualTo("search");
    assertThat(edge.begin(FakeRequest.get("/api/x/../search/")).routeName()).isEqualTo("search");
    assertThat(edge.begin(FakeRequest.get("/index.html")).routeName()).isEqualTo("rest");
    assertThat(edge.begin(FakeRequest.get("/other")).admitted()).isFalse();
    assertThat(edge.toString()).isEqualTo(
        "Edge[Route[search GET /api/search], Route[api * /api/**], default=Route[rest * /**], PROBLEM_JSON]");
  }
}
