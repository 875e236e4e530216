package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Edge#routes()} shows the primitives the edge runs: the ones it built and the ones given. */
class EdgeRoutesTest {

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void routesListTheLivePrimitivesInMatchingOrderThenTheDefaultRoute() {
    KeyedRateLimiter<String> given = KeyedRateLimiter.builder(RateLimit.perMinute(5)).name("shared").build();
    HierarchicalRateLimiter<String> tiers = HierarchicalRateLimiter.builder()
        .global(RateLimit.perSecond(100)).perClient(RateLimit.perSecond(10)).build();
    KeyedConcurrencyLimiter<String> pool = KeyedConcurrencyLimiter.builder(2, 20).name("pool").build();
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("upstream");
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/built").name("built").rateLimit(RateLimitGate.of("10/second")).concurrency(ConcurrencyGate.of(1, 3))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())).build())
        .route(Route.builder("/given").name("given").rateLimit(RateLimitGate.of(given)).concurrency(ConcurrencyGate.of(pool))
            .circuitBreaker(BreakerGate.of(breaker)).build())
        .route(Route.builder("/tiers").name("tiers").rateLimit(RateLimitGate.of(tiers)).build())
        .build();

    List<EdgeRoute> routes = edge.routes();
    assertThat(routes).extracting(EdgeRoute::name).containsExactly("built", "given", "tiers", "default");
    assertThat(routes.get(0).toString()).isEqualTo("Route[built * /built]");

    EdgeRoute built = routes.get(0);
    assertThat(built.rateLimiter().name()).isEqualTo("built");
    assertThat(built.rateLimiter().limits()).containsExactly(RateLimit.perSecond(10));
    assertThat(built.hierarchicalRateLimiter()).isNull();
    assertThat(built.concurrencyLimiter().name()).isEqualTo("built");
    assertThat(built.concurrencyLimiter().maxTotal()).isEqualTo(3);
    assertThat(built.circuitBreaker().name()).isEqualTo("built");

    EdgeRoute ready = routes.get(1);
    assertThat(ready.rateLimiter()).isSameAs(given);
    assertThat(ready.concurrencyLimiter()).isSameAs(pool);
    assertThat(ready.circuitBreaker()).isSameAs(breaker);

    assertThat(routes.get(2).rateLimiter()).isNull();
    assertThat(routes.get(2).hierarchicalRateLimiter()).isSameAs(tiers);

    EdgeRoute fallback = routes.get(3);
    assertThat(fallback.rateLimiter()).isNull();
    assertThat(fallback.concurrencyLimiter()).isNull();
    assertThat(fallback.circuitBreaker()).isNull();

    // The views are live: the built limiter is the one the gate uses.
    EdgeExchange exchange = edge.begin(FakeRequest.get("/built"));
    assertThat(built.concurrencyLimiter().inFlight()).isEqualTo(1);
    exchange.complete(200);
    assertThat(built.concurrencyLimiter().inFlight()).isZero();
    assertThat(edge.routes()).isSameAs(routes);
  }
}
