package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CallOutcome;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerStats;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The breaker's start of an admitted request is the reading its route's rate limit decided at,
 * when the edge built that limit on its own ticker: one reading before the handler, one at
 * completion. Otherwise the edge reads its ticker once the breaker has permitted the request.
 */
class BreakerStartReadingTest {

  private final ManualTicker manual = new ManualTicker();
  private final AtomicInteger reads = new AtomicInteger();
  /** The manual ticker, counting its readings and moving 1 microsecond after each. */
  private final Ticker counting = () -> {
    reads.incrementAndGet();
    long now = manual.read();
    manual.advanceNanos(1_000);
    return now;
  };

  private Edge edge(RateLimitGate rate) {
    return Edge.builder().ticker(counting)
        .route(Route.builder("/a").name("a").rateLimit(rate)
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.defaults())).build())
        .build();
  }

  private static CircuitBreakerStats stats(Edge edge) {
    CircuitBreaker breaker = Objects.requireNonNull(edge.routeFor("GET", "/a").circuitBreaker());
    return breaker.stats().orElseThrow();
  }

  @Test
  void theEdgesOwnLimitAndTheBreakerShareOneReading() {
    Edge edge = edge(RateLimitGate.of("100/second"));
    edge.begin(FakeRequest.get("/a")).complete(200); // the key's first request creates its bucket
    long before = stats(edge).totalDurationNanos(CallOutcome.SUCCESS);
    int readsBefore = reads.get();

    EdgeExchange exchange = edge.begin(FakeRequest.get("/a"));
    manual.advanceNanos(5_000); // the handler
    exchange.complete(200);

    assertThat(reads.get() - readsBefore).isEqualTo(2); // the limit's and breaker's, the completion's
    // From the limit's reading t to the completion's: t + 1 us (the tick after it) + 5 us.
    assertThat(stats(edge).totalDurationNanos(CallOutcome.SUCCESS) - before).isEqualTo(6_000);
  }

  @Test
  void aKeysFirstRequestStartsAtTheSharedReadingToo() {
    Edge edge = edge(RateLimitGate.of("100/second"));
    reads.set(0); // building read it too

    EdgeExchange exchange = edge.begin(FakeRequest.get("/a"));
    exchange.complete(200);

    // The shared reading, the limiter's own for the new bucket and its decision, the completion's.
    assertThat(reads.get()).isEqualTo(4);
    assertThat(stats(edge).totalDurationNanos(CallOutcome.SUCCESS)).isEqualTo(3_000);
  }

  @Test
  void aLimiterOfTheUsersOwnKeepsItsClockAndTheBreakerReadsTheEdges() {
    ManualTicker limiterTicker = new ManualTicker();
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.builder(RateLimit.perSecond(100)).ticker(limiterTicker).build();
    Edge edge = edge(RateLimitGate.of(limiter));
    reads.set(0); // building read it too

    EdgeExchange exchange = edge.begin(FakeRequest.get("/a"));
    manual.advanceNanos(5_000);
    exchange.complete(200);

    assertThat(reads.get()).isEqualTo(2); // the breaker's start and the completion, on the edge's ticker
    assertThat(stats(edge).totalDurationNanos(CallOutcome.SUCCESS)).isEqualTo(6_000);
  }
}
