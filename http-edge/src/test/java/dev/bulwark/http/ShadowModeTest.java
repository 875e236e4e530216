package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.DecisionCounts;
import dev.bulwark.validation.InputPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode: a shadowed gate decides as usual, reports the refusal it would have made and never
 * changes a response; its decisions on a traffic are exactly those of the enforcing gate.
 */
class ShadowModeTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String ORIGIN = "https://app.example.com";

  private final ManualTicker enforcedTicker = new ManualTicker();
  private final ManualTicker shadowTicker = new ManualTicker();
  private final ManualTicker bareTicker = new ManualTicker();
  private final List<EdgeEvent> enforcedEvents = new ArrayList<>();
  private final List<EdgeEvent> shadowEvents = new ArrayList<>();

  /** What a client sees: the status and every header and the body, or "admitted" and the headers. */
  private record Seen(String how, int status, Map<String, List<String>> headers, String body) {}

  private static Edge edge(ManualTicker ticker, List<EdgeEvent> events, UnaryOperator<EdgeBuilder> settings,
      Route route) {
    EdgeBuilder b = Edge.builder().ticker(ticker).clock(CLOCK).securityHeaders(SecurityHeaders.api())
        .listener(events::add).route(route);
    return settings.apply(b).build();
  }

  /** Runs a request to its end; admitted requests complete with {@code handlerStatus}. */
  private static Seen send(Edge edge, FakeRequest request, int handlerStatus) {
    EdgeExchange exchange = edge.begin(request);
    if (!exchange.admitted()) {
      EdgeRejection r = exchange.rejection();
      assertThat(r).isNotNull();
      Map<String, List<String>> headers = new TreeMap<>();
      for (dev.bulwark.headers.ResponseHeader h : r.headers()) {
        headers.computeIfAbsent(h.name().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(h.value());
      }
      return new Seen("rejected", r.status(), headers, new String(r.body(), StandardCharsets.UTF_8));
    }
    Recorder response = new Recorder();
    exchange.writeHeaders(response);
    exchange.complete(handlerStatus);
    return new Seen("admitted", handlerStatus, response.headers, "");
  }

  private static FakeRequest client(int n) {
    return FakeRequest.get("/api/search?q=x").peer("198.51.100." + n);
  }

  private static long shadowRejections(List<EdgeEvent> events, EdgeGate gate) {
    return events.stream().filter(e -> e instanceof EdgeEvent.ShadowRejected s && s.gate() == gate).count();
  }

  /** The indices of the requests a gate refused (enforced) or would have refused (shadow). */
  private static List<Integer> refusedIndices(List<List<EdgeEvent>> perRequest, EdgeGate gate) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < perRequest.size(); i++) {
      for (EdgeEvent e : perRequest.get(i)) {
        if ((e instanceof EdgeEvent.RequestFinished f && f.gate() == gate)
            || (e instanceof EdgeEvent.ShadowRejected s && s.gate() == gate)) {
          out.add(i);
        }
      }
    }
    return out;
  }

  @Test
  void aShadowedRateLimitCountsLikeTheEnforcedOneAndNeverChangesAResponse() {
    Edge enforced = edge(enforcedTicker, enforcedEvents, b -> b,
        Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("3/minute; 5/hour")).build());
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b,
        Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("3/minute; 5/hour"))
            .shadow(EdgeGate.RATE_LIMIT).build());
    Edge bare = edge(bareTicker, new ArrayList<>(), b -> b, Route.builder("/api/search").name("search").build());
    List<List<EdgeEvent>> enforcedPer = new ArrayList<>();
    List<List<EdgeEvent>> shadowPer = new ArrayList<>();
    int[] clients = {1, 1, 2, 1, 1, 1, 2, 2, 1, 3, 1, 2, 2, 2, 1, 1, 1, 1};
    long[] advanceSeconds = {0, 5, 0, 10, 0, 50, 1, 0, 30, 0, 60, 0, 2, 0, 0, 3600, 0, 1};
    int refusedByEnforced = 0;
    for (int i = 0; i < clients.length; i++) {
      for (ManualTicker t : List.of(enforcedTicker, shadowTicker, bareTicker)) {
        t.advance(Duration.ofSeconds(advanceSeconds[i]));
      }
      int before = enforcedEvents.size();
      int shadowBefore = shadowEvents.size();
      Seen e = send(enforced, client(clients[i]), 200);
      Seen s = send(shadow, client(clients[i]), 200);
      Seen plain = send(bare, client(clients[i]), 200);
      assertThat(s).as("request %s", i).isEqualTo(plain);
      refusedByEnforced += e.status() == 429 ? 1 : 0;
      enforcedPer.add(List.copyOf(enforcedEvents.subList(before, enforcedEvents.size())));
      shadowPer.add(List.copyOf(shadowEvents.subList(shadowBefore, shadowEvents.size())));
    }
    assertThat(refusedByEnforced).isGreaterThan(3);
    assertThat(refusedIndices(shadowPer, EdgeGate.RATE_LIMIT)).isEqualTo(refusedIndices(enforcedPer, EdgeGate.RATE_LIMIT));
    assertThat(shadowRejections(shadowEvents, EdgeGate.RATE_LIMIT)).isEqualTo(refusedByEnforced);
    DecisionCounts shadowCounts = shadow.routes().get(0).rateLimiter().stats().orElseThrow();
    DecisionCounts enforcedCounts = enforced.routes().get(0).rateLimiter().stats().orElseThrow();
    assertThat(shadowCounts.permitted()).isEqualTo(enforcedCounts.permitted());
    assertThat(shadowCounts.rejected()).isEqualTo(enforcedCounts.rejected()).isEqualTo(refusedByEnforced);
    // every shadowed request was admitted and reported as such
    assertThat(shadowEvents).filteredOn(ev -> ev instanceof EdgeEvent.RequestFinished f && f.outcome() != EdgeOutcome.ADMITTED)
        .isEmpty();
    EdgeEvent.ShadowRejected first = (EdgeEvent.ShadowRejected) shadowEvents.stream()
        .filter(ev -> ev instanceof EdgeEvent.ShadowRejected).findFirst().orElseThrow();
    assertThat(first).isEqualTo(new EdgeEvent.ShadowRejected("search", "198.51.100.1", "198.51.100.1", "GET",
        "/api/search", EdgeGate.RATE_LIMIT, 429));
  }

  @Test
  void theShadowEventComesBeforeTheRequestsOwnEnd() {
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b,
        Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).shadow().build());
    send(shadow, client(1), 200);
    send(shadow, client(1), 204);
    assertThat(shadowEvents).hasSize(3);
    assertThat(shadowEvents.get(1)).isInstanceOf(EdgeEvent.ShadowRejected.class);
    assertThat(shadowEvents.get(2)).isInstanceOfSatisfying(EdgeEvent.RequestFinished.class, f -> {
      assertThat(f.outcome()).isEqualTo(EdgeOutcome.ADMITTED);
      assertThat(f.status()).isEqualTo(204);
    });
  }

  @Test
  void aShadowedConcurrencyLimitAdmitsWithoutAPermitAndReportsLikeTheEnforcedOne() {
    Edge enforced = edge(enforcedTicker, enforcedEvents, b -> b,
        Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(2, 3)).build());
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b.shadow(EdgeGate.CONCURRENCY),
        Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(2, 3)).build());
    Edge bare = edge(bareTicker, new ArrayList<>(), b -> b, Route.builder("/slow").name("slow").build());
    List<EdgeExchange> enforcedOpen = new ArrayList<>();
    List<EdgeExchange> shadowOpen = new ArrayList<>();
    int[] clients = {1, 1, 1, 2, 2, 3};
    for (int n : clients) {
      FakeRequest request = FakeRequest.get("/slow").peer("192.0.2." + n);
      EdgeExchange e = enforced.begin(request);
      EdgeExchange s = shadow.begin(request);
      EdgeExchange plain = bare.begin(request);
      assertThat(s.admitted()).isTrue();
      Recorder sr = new Recorder();
      Recorder pr = new Recorder();
      s.writeHeaders(sr);
      plain.writeHeaders(pr);
      assertThat(sr.headers).isEqualTo(pr.headers);
      plain.complete(200);
      if (e.admitted()) {
        enforcedOpen.add(e);
      }
      shadowOpen.add(s);
    }
    long refused = enforcedEvents.stream()
        .filter(ev -> ev instanceof EdgeEvent.RequestFinished f && f.gate() == EdgeGate.CONCURRENCY).count();
    assertThat(refused).isEqualTo(3); // client 1's third, and the total of 3 reached by the fifth and sixth
    assertThat(shadowRejections(shadowEvents, EdgeGate.CONCURRENCY)).isEqualTo(refused);
    // the permits held are those the enforcing limiter holds: the shadow held none more
    assertThat(shadow.routes().get(0).concurrencyLimiter().inFlight("192.0.2.1")).isEqualTo(2);
    enforcedOpen.forEach(x -> x.complete(200));
    shadowOpen.forEach(x -> x.complete(200));
    assertThat(shadow.routes().get(0).concurrencyLimiter().inFlight("192.0.2.1")).isZero();
    assertThat(shadow.routes().get(0).concurrencyLimiter().inFlight("192.0.2.2")).isZero();
  }

  @Test
  void shadowedValidationNeverBlocksAndReportsTheStatusItWouldHaveSent() {
    RouteValidation validation = RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).maxBodyBytes(10)
        .bodyPolicy(InputPolicy.builder().maxBytes(10).build()).build();
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b,
        Route.builder("/form").name("form").validation(validation).shadow(EdgeGate.VALIDATION).build());
    Edge bare = edge(bareTicker, new ArrayList<>(), b -> b.maxBodyBytes(Long.MAX_VALUE),
        Route.builder("/form").name("form").build());
    FakeRequest xss = FakeRequest.get("/form?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertThat(send(shadow, xss, 200)).isEqualTo(send(bare, xss, 200));
    FakeRequest big = FakeRequest.of("POST", "/form").body("text/plain", 11);
    EdgeExchange exchange = shadow.begin(big);
    assertThat(exchange.admitted()).isTrue();
    assertThat(exchange.wantsBody()).isFalse();
    assertThat(exchange.bodyLimit()).isEqualTo(-1);
    assertThat(exchange.maxBodyBytes()).isEqualTo(-1);
    assertThat(exchange.checkBody("<script>alert(1)</script>")).isNull();
    exchange.complete(200);
    assertThat(shadowEvents).filteredOn(e -> e instanceof EdgeEvent.ShadowRejected)
        .extracting(e -> ((EdgeEvent.ShadowRejected) e).status())
        .containsExactly(400, 413, 413);
    assertThat(shadowEvents).filteredOn(e -> e instanceof EdgeEvent.ViolationFound).isEmpty();
  }

  @Test
  void aShadowedBreakerLetsRequestsThroughWhileOpenAndTrackesTheSameStates() {
    CircuitBreakerConfig config = CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2))
        .openDuration(Backoff.fixed(Duration.ofSeconds(30))).build();
    Edge enforced = edge(enforcedTicker, enforcedEvents, b -> b,
        Route.builder("/llm").name("llm").circuitBreaker(BreakerGate.of(config)).build());
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b,
        Route.builder("/llm").name("llm").circuitBreaker(BreakerGate.of(config)).shadow().build());
    Edge bare = edge(bareTicker, new ArrayList<>(), b -> b, Route.builder("/llm").name("llm").build());
    int[] handler = {500, 500, 200, 200, 200, 500, 500, 200, 200};
    long[] advance = {0, 0, 0, 10, 20, 0, 0, 0, 31};
    List<List<EdgeEvent>> enforcedPer = new ArrayList<>();
    List<List<EdgeEvent>> shadowPer = new ArrayList<>();
    for (int i = 0; i < handler.length; i++) {
      for (ManualTicker t : List.of(enforcedTicker, shadowTicker, bareTicker)) {
        t.advance(Duration.ofSeconds(advance[i]));
      }
      int status = handler[i];
      int before = enforcedEvents.size();
      int shadowBefore = shadowEvents.size();
      send(enforced, FakeRequest.get("/llm"), status);
      assertThat(send(shadow, FakeRequest.get("/llm"), status)).isEqualTo(send(bare, FakeRequest.get("/llm"), status));
      enforcedPer.add(List.copyOf(enforcedEvents.subList(before, enforcedEvents.size())));
      shadowPer.add(List.copyOf(shadowEvents.subList(shadowBefore, shadowEvents.size())));
      assertThat(shadow.routes().get(0).circuitBreaker().state()).as("request %s", i)
          .isEqualTo(enforced.routes().get(0).circuitBreaker().state());
    }
    assertThat(refusedIndices(enforcedPer, EdgeGate.CIRCUIT_BREAKER)).containsExactly(2, 3, 7);
    assertThat(refusedIndices(shadowPer, EdgeGate.CIRCUIT_BREAKER)).containsExactly(2, 3, 7);
  }

  @Test
  void aShadowedCorsGateAnswersLikeOneThatDoesNotRejectOrigins() {
    CorsPolicy policy = CorsPolicy.builder().allowOrigins(ORIGIN).allowMethods("GET").build();
    Edge shadow = edge(shadowTicker, shadowEvents, b -> b.shadow(EdgeGate.CORS),
        Route.builder("/api/search").name("search").cors(CorsGate.of(policy).rejectDisallowedOrigins()).build());
    Edge lenient = edge(bareTicker, new ArrayList<>(), b -> b,
        Route.builder("/api/search").name("search").cors(CorsGate.of(policy)).build());
    FakeRequest foreign = client(1).header("Origin", "https://evil.example").header("Host", "api.example.com");
    assertThat(send(shadow, foreign, 200)).isEqualTo(send(lenient, foreign, 200));
    assertThat(shadowRejections(shadowEvents, EdgeGate.CORS)).isEqualTo(1);
    FakeRequest allowed = client(1).header("Origin", ORIGIN).header("Host", "api.example.com");
    assertThat(send(shadow, allowed, 200)).isEqualTo(send(lenient, allowed, 200));
    assertThat(shadowRejections(shadowEvents, EdgeGate.CORS)).isEqualTo(1);
  }

  @Test
  void anEdgeWideShadowReachesEveryRouteAndTheDefaultRoute() {
    Edge shadow = Edge.builder().ticker(shadowTicker).clock(CLOCK).listener(shadowEvents::add)
        .route(Route.builder("/a").name("a").rateLimit(RateLimitGate.of("1/minute")).build())
        .defaultRoute(Route.builder("/**").name("default").rateLimit(RateLimitGate.of("1/minute")).build())
        .shadow()
        .build();
    for (String path : List.of("/a", "/a", "/b", "/b")) {
      assertThat(shadow.begin(FakeRequest.get(path)).admitted()).isTrue();
    }
    assertThat(shadowEvents).filteredOn(e -> e instanceof EdgeEvent.ShadowRejected)
        .extracting(EdgeEvent::route).containsExactly("a", "default");
    assertThat(shadow.routes()).extracting(EdgeRoute::shadowed)
        .containsOnly(Set.of(EdgeGate.CORS, EdgeGate.RATE_LIMIT, EdgeGate.CONCURRENCY, EdgeGate.VALIDATION,
            EdgeGate.CIRCUIT_BREAKER));
  }

  @Test
  void drainingCannotBeShadowed() {
    assertThatThrownBy(() -> Route.builder("/a").shadow(EdgeGate.RATE_LIMIT, EdgeGate.DRAINING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DRAINING");
    assertThatThrownBy(() -> Edge.builder().shadow(EdgeGate.DRAINING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void routeAndEdgeShadowSetsAddUp() {
    Edge edge = Edge.builder().ticker(shadowTicker).listener(shadowEvents::add).shadow(EdgeGate.CONCURRENCY)
        .route(Route.builder("/a").name("a").rateLimit(RateLimitGate.of("1/minute"))
            .concurrency(ConcurrencyGate.of(1, 1)).shadow(EdgeGate.RATE_LIMIT).build())
        .route(Route.builder("/b").name("b").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
    assertThat(edge.routes().get(0).shadowed()).containsExactlyInAnyOrder(EdgeGate.RATE_LIMIT, EdgeGate.CONCURRENCY);
    assertThat(edge.routes().get(1).shadowed()).containsExactly(EdgeGate.CONCURRENCY);
    EdgeExchange first = edge.begin(FakeRequest.get("/a"));
    assertThat(edge.begin(FakeRequest.get("/a")).admitted()).isTrue(); // both limits shadowed
    edge.begin(FakeRequest.get("/b")).complete(200);
    assertThat(edge.begin(FakeRequest.get("/b")).rejection().status()).isEqualTo(429); // /b enforces its limit
    first.complete(200);
    assertThat(shadowEvents).filteredOn(e -> e instanceof EdgeEvent.ShadowRejected)
        .extracting(e -> ((EdgeEvent.ShadowRejected) e).gate())
        .containsExactly(EdgeGate.RATE_LIMIT, EdgeGate.CONCURRENCY);
  }

  @Test
  void anEdgeWithoutAListenerStillShadowsAndRateLimitsItsLog() {
    Edge edge = Edge.builder().ticker(shadowTicker)
        .route(Route.builder("/a").name("a").rateLimit(RateLimitGate.of("1/hour")).shadow().build())
        .build();
    ShadowReports reports = edge.router().routes().get(0).shadowReports;
    assertThat(reports).isNotNull();
    for (int i = 0; i < 6; i++) {
      assertThat(edge.begin(FakeRequest.get("/a")).admitted()).isTrue();
    }
    assertThat(reports.suppressed(EdgeGate.RATE_LIMIT)).isEqualTo(4); // 5 refusals, the first logged
    shadowTicker.advance(Duration.ofNanos(ShadowReports.LOG_INTERVAL_NANOS - 1));
    edge.begin(FakeRequest.get("/a"));
    assertThat(reports.suppressed(EdgeGate.RATE_LIMIT)).isEqualTo(5);
    shadowTicker.advance(Duration.ofNanos(1));
    edge.begin(FakeRequest.get("/a"));
    assertThat(reports.suppressed(EdgeGate.RATE_LIMIT)).isZero(); // logged, with suppressed=5
    assertThat(Edge.builder().route(Route.builder("/a").build()).build().router().routes().get(0).shadowReports)
        .isNull();
  }

  @Test
  void shadowSettingsAreValidatedEagerly() {
    assertThatThrownBy(() -> Route.builder("/a").shadow(EdgeGate.CORS).shadow())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shadow");
    assertThatThrownBy(() -> Edge.builder().shadow().shadow(EdgeGate.CORS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shadow");
    assertThatThrownBy(() -> Route.builder("/a").shadow(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("gate");
    assertThatThrownBy(() -> Edge.builder().shadow(EdgeGate.CORS, (EdgeGate) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("gate");
    assertThat(Route.builder("/a").shadow(EdgeGate.CORS, EdgeGate.CORS).build().shadowed())
        .containsExactly(EdgeGate.CORS);
    assertThat(Route.builder("/a").build().shadowed()).isEmpty();
    assertThatThrownBy(() -> Route.builder("/a").shadow().build().shadowed().add(EdgeGate.CORS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Records headers by lower-case name, every value in order. */
  private static final class Recorder implements EdgeResponse {
    final Map<String, List<String>> headers = new TreeMap<>();

    @Override
    public void setHeader(String name, String value) {
      List<String> list = new ArrayList<>();
      list.add(value);
      headers.put(name.toLowerCase(java.util.Locale.ROOT), list);
    }

    @Override
    public void addHeader(String name, String value) {
      headers.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(value);
    }

    @Override
    public void removeHeader(String name) {
      headers.remove(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean containsHeader(String name) {
      return headers.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
