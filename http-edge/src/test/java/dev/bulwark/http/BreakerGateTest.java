package dev.bulwark.http;

import static dev.bulwark.http.Responses.body;
import static dev.bulwark.http.Responses.headers;
import static dev.bulwark.http.Responses.json;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerGateTest {

  private final ManualTicker ticker = new ManualTicker();

  private Edge edge(CircuitBreaker breaker) {
    return Edge.builder()
        .ticker(ticker)
        .securityHeaders(SecurityHeaders.api())
        .route(Route.builder("/api/llm").name("llm").circuitBreaker(BreakerGate.of(breaker)).build())
        .build();
  }

  private CircuitBreaker breaker(int failures) {
    return CircuitBreaker.builder("llm")
        .config(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(failures))
            .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
            .build())
        .ticker(ticker)
        .build();
  }

  @Test
  void serverErrorsOpenTheBreakerAndOpenMeans503WithTheRemainingTime() {
    CircuitBreaker breaker = breaker(3);
    Edge edge = edge(breaker);
    for (int i = 0; i < 3; i++) {
      EdgeExchange e = edge.begin(FakeRequest.get("/api/llm"));
      assertThat(e.admitted()).isTrue();
      e.complete(502);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

    ticker.advance(Duration.ofMillis(10_500));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/llm")));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.gate()).isEqualTo(EdgeGate.CIRCUIT_BREAKER);
    assertThat(r.retryAfterSeconds()).isEqualTo(20);
    assertThat(headers(r)).endsWith("Retry-After: 20");
    assertThat(body(r)).isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
        + "\"status\":503,\"detail\":\"The service is temporarily unavailable; retry after 20 seconds.\","
        + "\"instance\":\"/api/llm\",\"retryAfter\":20}"));
  }

  @Test
  void clientErrorsAndSuccessesDoNotTrip() {
    CircuitBreaker breaker = breaker(2);
    Edge edge = edge(breaker);
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    edge.begin(FakeRequest.get("/api/llm")).complete(404);
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    edge.begin(FakeRequest.get("/api/llm")).complete(200);
    edge.begin(FakeRequest.get("/api/llm")).complete(599);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    edge.begin(FakeRequest.get("/api/llm")).complete(503);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void exceptionsAreFailuresAndCancelRecordsNothing() {
    CircuitBreaker breaker = breaker(2);
    Edge edge = edge(breaker);
    edge.begin(FakeRequest.get("/api/llm")).fail(new IOException("reset"));
    edge.begin(FakeRequest.get("/api/llm")).cancel();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    edge.begin(FakeRequest.get("/api/llm")).fail(new IllegalStateException("bug"));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void halfOpenAdmitsOneProbeWhoseOutcomeDecides() {
    CircuitBreaker breaker = breaker(1);
    Edge edge = edge(breaker);
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    ticker.advance(Duration.ofSeconds(30));

    EdgeExchange probe = edge.begin(FakeRequest.get("/api/llm"));
    assertThat(probe.admitted()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    EdgeRejection second = rejection(edge.begin(FakeRequest.get("/api/llm")));
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.retryAfterSeconds()).isEqualTo(1);

    probe.complete(500);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(30));
    EdgeExchange probe2 = edge.begin(FakeRequest.get("/api/llm"));
    probe2.complete(200);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void cancelledProbeFreesTheTrialSlot() {
    CircuitBreaker breaker = breaker(1);
    Edge edge = edge(breaker);
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    ticker.advance(Duration.ofSeconds(30));

    edge.begin(FakeRequest.get("/api/llm")).cancel();

    EdgeExchange next = edge.begin(FakeRequest.get("/api/llm"));
    assertThat(next.admitted()).isTrue();
    next.complete(204);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void durationIsMeasuredWithTheEdgeTickerAndFiveHundredsAreServerErrorExceptions() {
    List<CircuitBreakerEvent> events = new ArrayList<>();
    CircuitBreaker breaker = CircuitBreaker.builder("llm")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
        .listener(events::add)
        .ticker(ticker)
        .build();
    Edge edge = edge(breaker);

    EdgeExchange failed = edge.begin(FakeRequest.get("/api/llm"));
    ticker.advance(Duration.ofMillis(3_250));
    failed.complete(504);
    EdgeExchange succeeded = edge.begin(FakeRequest.get("/api/llm"));
    ticker.advance(Duration.ofMillis(40));
    succeeded.complete(200);

    List<CircuitBreakerEvent> outcomes = events.stream()
        .filter(e -> !(e instanceof CircuitBreakerEvent.CallPermitted))
        .toList();
    assertThat(outcomes).hasSize(2);
    CircuitBreakerEvent.CallFailed failure = (CircuitBreakerEvent.CallFailed) outcomes.get(0);
    assertThat(failure.durationNanos()).isEqualTo(3_250_000_000L);
    assertThat(failure.error()).isInstanceOf(ServerErrorException.class)
        .hasMessage("the handler answered 504");
    assertThat(((ServerErrorException) failure.error()).status()).isEqualTo(504);
    assertThat(((CircuitBreakerEvent.CallSucceeded) outcomes.get(1)).durationNanos())
        .isEqualTo(40_000_000L);
  }

  @Test
  void ignoredExceptionPredicatesSeeTheServerErrorType() {
    CircuitBreaker breaker = CircuitBreaker.builder("llm")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1))
            .ignoreExceptions(e -> e instanceof ServerErrorException).build())
        .ticker(ticker)
        .build();
    Edge edge = edge(breaker);
    edge.begin(FakeRequest.get("/api/llm")).complete(500);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    edge.begin(FakeRequest.get("/api/llm")).fail(new IOException("down"));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void breakerBuiltFromAConfigRunsOnTheEdgeTicker() {
    Edge edge = Edge.builder()
        .ticker(ticker)
        .route(Route.builder("/x").name("x")
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1))
                .openDuration(Backoff.fixed(Duration.ofSeconds(5))).build()))
            .build())
        .build();
    edge.begin(FakeRequest.get("/x")).complete(500);
    assertThat(rejection(edge.begin(FakeRequest.get("/x"))).retryAfterSeconds()).isEqualTo(5);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(edge.begin(FakeRequest.get("/x")).admitted()).isTrue();
  }
}
