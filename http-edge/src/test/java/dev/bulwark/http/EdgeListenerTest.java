package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request is reported once, with the outcome and status the listener's contract states. */
class EdgeListenerTest {

  private static final String APP = "https://app.example.com";

  private final ManualTicker ticker = new ManualTicker();

  /** Records each call as one line. */
  static final class Recording implements EdgeListener {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void requestFinished(String route, EdgeOutcome outcome, int status) {
      lines.add(route + " " + outcome + " " + status);
    }

    @Override
    public synchronized void violation(String route, Violation.Code code) {
      lines.add(route + " violation " + code);
    }
  }

  private Edge edge(EdgeListener listener) {
    return Edge.builder()
        .ticker(ticker)
        .listener(listener)
        .route(Route.builder("/api/search").name("search").methods("GET")
            .rateLimit(RateLimitGate.of("3/minute")).validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .route(Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(1, 5)).build())
        .route(Route.builder("/api/llm").name("llm").circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())).build())
        .route(Route.builder("/comments").name("comments")
            .validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()).build())
        .route(Route.builder("/cors").name("cors").cors(CorsGate.of(CorsPolicy.builder().allowOrigins(APP).allowMethods("GET").build()).rejectDisallowedOrigins()).build())
        .build();
  }

  @Test
  void eachRequestIsReportedOnceWithItsOutcomeAndStatus() {
    Recording listener = new Recording();
    Edge edge = edge(listener);

    EdgeExchange ok = edge.begin(FakeRequest.get("/api/search?q=hello"));
    ok.complete(200);
    ok.complete(200);
    ok.fail(new IllegalStateException("late"));
    ok.cancel();
    EdgeExchange probe = edge.begin(FakeRequest.get("/api/search?q=1'%20OR%20'1'%3D'1&x=%3Cscript%3E"));
    probe.complete(200); // a rejected exchange reports nothing more
    edge.begin(FakeRequest.get("/api/search?q=x")).fail(new IOException("reset"));
    edge.begin(FakeRequest.get("/api/search?q=x")); // the 4th of 3 per minute

    EdgeExchange held = edge.begin(FakeRequest.get("/slow"));
    edge.begin(FakeRequest.get("/slow"));
    held.cancel();
    held.cancel();

    edge.begin(FakeRequest.get("/api/llm")).complete(502);
    edge.begin(FakeRequest.get("/api/llm"));

    EdgeExchange comment = edge.begin(FakeRequest.of("POST", "/comments"));
    assertThat(comment.checkBody("<script>alert(1)</script>")).isNotNull();
    comment.complete(200);

    edge.begin(FakeRequest.of("OPTIONS", "/cors").header("Origin", APP)
        .header("Access-Control-Request-Method", "GET"));
    edge.begin(FakeRequest.get("/cors").header("Origin", "https://evil.example"));
    edge.begin(FakeRequest.get("/nowhere")).complete(404);

    assertThat(listener.lines).containsExactly(
        "search ADMITTED 200",
        "search violation SQL_INJECTION",
        "search violation XSS",
        "search VALIDATION 400",
        "search FAILED 500",
        "search RATE_LIMIT 429",
        "slow CONCURRENCY 503",
        "slow CANCELLED 0",
        "llm ADMITTED 502",
        "llm CIRCUIT_BREAKER 503",
        "comments violation XSS",
        "comments VALIDATION 400",
        "cors CORS 204",
        "cors CORS 403",
        "default ADMITTED 404");
  }

  @Test
  void outcomesAreNamedAfterTheGates() {
    assertThat(EdgeGate.values()).extracting(EdgeOutcome::of).containsExactly(
        EdgeOutcome.CORS, EdgeOutcome.RATE_LIMIT, EdgeOutcome.CONCURRENCY, EdgeOutcome.VALIDATION,
        EdgeOutcome.CIRCUIT_BREAKER);
  }

  @Test
  void aThrowingListenerNeitherFailsARequestNorLeaksAPermit() {
    EdgeListener throwing = new EdgeListener() {
      @Override
      public void requestFinished(String route, EdgeOutcome outcome, int status) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void violation(String route, Violation.Code code) {
        throw new IllegalStateException("listener bug");
      }
    };
    Edge edge = edge(throwing);

    EdgeExchange held = edge.begin(FakeRequest.get("/slow"));
    EdgeExchange refused = edge.begin(FakeRequest.get("/slow"));
    assertThat(refused.rejection()).isNotNull();
    held.complete(200);
    assertThat(edge.begin(FakeRequest.get("/slow")).admitted()).isTrue();

    assertThat(edge.begin(FakeRequest.get("/api/search?q=%3Cscript%3E")).rejection().status()).isEqualTo(400);

    EdgeExchange failing = edge.begin(FakeRequest.get("/api/llm"));
    failing.fail(new IOException("down"));
    assertThat(edge.routes().get(2).circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theListenerIsSetOnce() {
    EdgeBuilder builder = Edge.builder().listener(new Recording());
    assertThatThrownBy(() -> builder.listener(new Recording()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("listener was already set to ");
    assertThatThrownBy(() -> Edge.builder().listener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }
}
