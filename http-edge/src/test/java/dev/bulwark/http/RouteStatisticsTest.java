package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-route statistics count exactly what the edge and the application answered. */
class RouteStatisticsTest {

  private static final String APP = "https://app.example.com";

  private final ManualTicker ticker = new ManualTicker();

  private Edge edge() {
    return Edge.builder()
        .ticker(ticker)
        .routeStatistics()
        .route(Route.builder("/api/search").name("search").methods("GET")
            .rateLimit(RateLimitGate.of("3/minute"))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .route(Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(1, 5)).build())
        .route(Route.builder("/api/llm").name("llm").circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())).build())
        .route(Route.builder("/comments").name("comments")
            .validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()).build())
        .route(Route.builder("/cors").name("cors").cors(CorsGate.of(CorsPolicy.builder().allowOrigins(APP)
            .allowMethods("GET").build()).rejectDisallowedOrigins()).build())
        .route(Route.builder("/ws").name("ws").build())
        .build();
  }

  private static RouteStatistics of(Edge edge, String route) {
    for (EdgeRoute r : edge.routes()) {
      if (r.name().equals(route)) {
        return r.statistics().orElseThrow();
      }
    }
    throw new AssertionError("no route " + route);
  }

  @Test
  void eachRouteCountsItsStatusesAdmissionsAndRefusalsByGate() {
    Edge edge = edge();

    EdgeExchange ok = edge.begin(FakeRequest.get("/api/search?q=hello"));
    ok.complete(200);
    ok.complete(200); // an exchange finishes once
    ok.fail(new IllegalStateException("late"));
    edge.begin(FakeRequest.get("/api/search?q=1'%20OR%20'1'%3D'1")).complete(200); // refused: stays refused
    edge.begin(FakeRequest.get("/api/search?q=x")).fail(new IOException("reset"));
    edge.begin(FakeRequest.get("/api/search?q=x")); // the 4th of 3 per minute

    EdgeExchange held = edge.begin(FakeRequest.get("/slow"));
    edge.begin(FakeRequest.get("/slow"));
    held.cancel();

    edge.begin(FakeRequest.get("/api/llm")).complete(502);
    edge.begin(FakeRequest.get("/api/llm"));

    EdgeExchange comment = edge.begin(FakeRequest.of("POST", "/comments"));
    assertThat(comment.checkBody("<script>alert(1)</script>")).isNotNull();
    comment.complete(200);

    edge.begin(FakeRequest.of("OPTIONS", "/cors").header("Origin", APP).header("Access-Control-Request-Method", "GET"));
    edge.begin(FakeRequest.get("/cors").header("Origin", "https://evil.example"));
    edge.begin(FakeRequest.get("/nowhere")).complete(404);
    edge.protocolError(431, "The request head is too large.", false);

    RouteStatistics search = of(edge, "search");
    assertThat(search.route()).isEqualTo("search");
    assertThat(search.statuses()).isEqualTo(Map.of(200, 1L, 400, 1L, 429, 1L, 500, 1L));
    assertThat(search.statuses().keySet()).containsExactly(200, 400, 429, 500);
    assertThat(search.edgeStatuses()).isEqualTo(Map.of(400, 1L, 429, 1L));
    assertThat(search.admitted()).isEqualTo(2);
    assertThat(search.refused()).isEqualTo(2);
    assertThat(search.refused(EdgeGate.VALIDATION)).isEqualTo(1);
    assertThat(search.refused(EdgeGate.RATE_LIMIT)).isEqualTo(1);
    assertThat(search.refused(EdgeGate.CONCURRENCY)).isZero();
    assertThat(search.responses(429)).isEqualTo(1);
    assertThat(search.responses(0)).isZero();
    assertThat(search.responses(600)).isZero();
    assertThat(search.inFlight()).isZero();

    RouteStatistics slow = of(edge, "slow");
    assertThat(slow.statuses()).isEqualTo(Map.of(503, 1L)); // a cancelled request has no status
    assertThat(slow.admitted()).isEqualTo(1);
    assertThat(slow.refused(EdgeGate.CONCURRENCY)).isEqualTo(1);

    RouteStatistics llm = of(edge, "llm");
    assertThat(llm.statuses()).isEqualTo(Map.of(502, 1L, 503, 1L));
    assertThat(llm.admitted()).isEqualTo(1);
    assertThat(llm.refused(EdgeGate.CIRCUIT_BREAKER)).isEqualTo(1);

    RouteStatistics comments = of(edge, "comments");
    assertThat(comments.statuses()).isEqualTo(Map.of(400, 1L));
    assertThat(comments.admitted()).isZero();
    assertThat(comments.refused(EdgeGate.VALIDATION)).isEqualTo(1);
    assertThat(comments.inFlight()).isZero();

    RouteStatistics cors = of(edge, "cors");
    assertThat(cors.statuses()).isEqualTo(Map.of(204, 1L, 403, 1L)); // the preflight is answered, not refused
    assertThat(cors.edgeStatuses()).isEqualTo(Map.of(204, 1L, 403, 1L));
    assertThat(cors.refused()).isEqualTo(1);
    assertThat(cors.refused(EdgeGate.CORS)).isEqualTo(1);
    assertThat(cors.admitted()).isZero();

    RouteStatistics fallback = of(edge, "default");
    assertThat(fallback.statuses()).isEqualTo(Map.of(404, 1L, 431, 1L));
    assertThat(fallback.edgeStatuses()).isEqualTo(Map.of(431, 1L));
    assertThat(fallback.admitted()).isEqualTo(1);
    assertThat(fallback.refused(EdgeGate.VALIDATION)).isEqualTo(1);
    assertThat(fallback.toString())
        .isEqualTo("RouteStatistics[default, admitted=1, refused=1, inFlight=0, statuses={404=1, 431=1}]");
  }

  @Test
  void inFlightCountsAdmittedRequestsUntilTheyFinishAndUpgradesUntilTheyClose() throws Exception {
    Edge edge = edge();
    RouteStatistics slow = of(edge, "slow");
    RouteStatistics ws = of(edge, "ws");

    EdgeExchange held = edge.begin(FakeRequest.get("/slow"));
    assertThat(slow.inFlight()).isEqualTo(1);
    assertThat(edge.inFlight()).isEqualTo(1); // the edge's own count goes on as before
    held.complete(200);
    assertThat(slow.inFlight()).isZero();

    EdgeConnection socket = edge.begin(FakeRequest.get("/ws")).upgrade(() -> { });
    assertThat(ws.inFlight()).isEqualTo(1);
    assertThat(ws.statuses()).isEqualTo(Map.of(101, 1L));
    assertThat(ws.admitted()).isEqualTo(1);
    assertThat(edge.inFlight()).isEqualTo(1);
    socket.close();
    socket.close();
    assertThat(ws.inFlight()).isZero();
    assertThat(edge.inFlight()).isZero();

    assertThat(edge.drain(Duration.ZERO).drained()).isTrue();
    edge.begin(FakeRequest.get("/slow"));
    assertThat(slow.refused(EdgeGate.DRAINING)).isEqualTo(1);
    assertThat(slow.statuses()).isEqualTo(Map.of(200, 1L, 503, 1L));
    assertThat(slow.inFlight()).isZero();
  }

  @Test
  void routeForNamesTheRouteThatServesAMethodAndPath() {
    Edge edge = edge();

    assertThat(edge.routeFor("GET", "/api/search").name()).isEqualTo("search");
    assertThat(edge.routeFor("GET", "/api/./search").name()).isEqualTo("search");
    assertThat(edge.routeFor("POST", "/api/search").name()).isEqualTo("default"); // GET only
    assertThat(edge.routeFor("GET", "/nowhere")).isSameAs(edge.routes().get(edge.routes().size() - 1));
    assertThat(edge.routeFor("GET", "/a%2Fb").name()).isEqualTo("default"); // a spelling the edge refuses
    assertThat(edge.routeFor("DELETE", "/ws").statistics().orElseThrow().route()).isEqualTo("ws");
    assertThatThrownBy(() -> edge.routeFor("GET", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withoutTheChoiceNoRouteKeepsStatisticsAndTheChoiceIsMadeOnce() {
    Edge plain = Edge.builder().route(Route.builder("/a").name("a").build()).build();
    assertThat(plain.routes()).allSatisfy(r -> assertThat(r.statistics()).isEmpty());

    EdgeBuilder builder = Edge.builder().routeStatistics();
    assertThatThrownBy(builder::routeStatistics)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("routeStatistics");
    assertThatThrownBy(() -> of(edge(), "search").refused(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void countsFromManyThreadsAddUpExactly() throws Exception {
    Edge edge = Edge.builder().ticker(ticker).routeStatistics()
        .route(Route.builder("/api").name("api").concurrency(ConcurrencyGate.of(1_000, 1_000)).build())
        .build();
    RouteStatistics api = of(edge, "api");
    int threads = 8;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            EdgeExchange e = edge.begin(FakeRequest.get("/api"));
            switch ((me + i) % 4) {
              case 0 -> e.complete(200);
              case 1 -> e.complete(404);
              case 2 -> e.fail(new IOException("reset"));
              default -> e.cancel();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long each = (long) threads * perThread / 4;
    assertThat(api.admitted()).isEqualTo((long) threads * perThread);
    assertThat(api.statuses()).isEqualTo(Map.of(200, each, 404, each, 500, each));
    assertThat(api.refused()).isZero();
    assertThat(api.inFlight()).isZero();
    assertThat(edge.inFlight()).isZero();
  }
}
