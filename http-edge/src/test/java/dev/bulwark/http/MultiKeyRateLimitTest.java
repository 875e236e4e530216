package dev.bulwark.http;

import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several rate limits with different keys on one route, all-or-nothing; principal and attribute keys. */
class MultiKeyRateLimitTest {

  private final ManualTicker ticker = new ManualTicker();

  /** Seed A: 3 per minute per IP and 3 per minute per user (60 in the seed; 3 keeps it short). */
  private Edge perIpAndPerUser() {
    return Edge.builder().ticker(ticker).route(Route.builder("/query").name("query")
        .rateLimit(RateLimitGate.allOf(
            RateLimitGate.of("3/minute").key(RateLimitKey.ip()),
            RateLimitGate.of("3/minute").key(RateLimitKey.principal())))
        .build()).build();
  }

  private static int status(EdgeExchange exchange) {
    EdgeRejection r = exchange.rejection();
    if (r != null) {
      return r.status();
    }
    exchange.complete(200);
    return 200;
  }

  private static FakeRequest as(String user, String ip) {
    return FakeRequest.get("/query").principal(user).peer(ip);
  }

  @Test
  void oneUserFromTwoAddressesSharesOneBudget() {
    Edge edge = perIpAndPerUser();
    assertThat(status(edge.begin(as("u", "192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(as("u", "192.0.2.2")))).isEqualTo(200);
    assertThat(status(edge.begin(as("u", "192.0.2.1")))).isEqualTo(200);
    EdgeRejection r = rejection(edge.begin(as("u", "192.0.2.3")));
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.retryAfterSeconds()).isEqualTo(20);
    // the refusal named the user's part, and listed both
    assertThat(r.headers()).anyMatch(h -> h.toString().equals("RateLimit: \"query-principal\";r=0;t=20"));
    assertThat(r.headers()).anyMatch(h -> h.toString()
        .equals("RateLimit-Policy: \"query-ip\";q=3;w=60, \"query-principal\";q=3;w=60"));
  }

  @Test
  void oneAddressSharesOneBudgetAcrossUsers() {
    Edge edge = perIpAndPerUser();
    assertThat(status(edge.begin(as("a", "192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(as("b", "192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(as("c", "192.0.2.1")))).isEqualTo(200);
    assertThat(status(edge.begin(as("d", "192.0.2.1")))).isEqualTo(429);
    assertThat(status(edge.begin(as("d", "192.0.2.9")))).isEqualTo(200);
  }

  @Test
  void aRefusalTakesNothingFromTheOtherParts() {
    Edge edge = perIpAndPerUser();
    for (int i = 0; i < 3; i++) {
      assertThat(status(edge.begin(as("u", "192.0.2." + (i + 1))))).isEqualTo(200);
    }
    // user u is out of permits: its requests from 192.0.2.50 must not spend that address's budget
    for (int i = 0; i < 5; i++) {
      assertThat(status(edge.begin(as("u", "192.0.2.50")))).isEqualTo(429);
    }
    KeyedRateLimiter<String> perIp = edge.routes().get(0).rateLimiters().get(0);
    assertThat(perIp.name()).isEqualTo("query-ip");
    assertThat(perIp.peek("192.0.2.50", 3).allowed()).isTrue();
    for (String user : List.of("v", "w", "x")) {
      assertThat(status(edge.begin(as(user, "192.0.2.50")))).isEqualTo(200);
    }
  }

  @Test
  void anAnonymousRequestFallsBackToTheAddressForItsUserKey() {
    Edge edge = perIpAndPerUser();
    FakeRequest anonymous = FakeRequest.get("/query").peer("192.0.2.1");
    assertThat(RateLimitKey.principal().resolve(anonymous, "192.0.2.1", "r:query")).isEqualTo("192.0.2.1");
    assertThat(RateLimitKey.principal().resolve(as("alice", "192.0.2.1"), "192.0.2.1", "r:query"))
        .isEqualTo("u=alice");
    for (int i = 0; i < 3; i++) {
      assertThat(status(edge.begin(anonymous))).isEqualTo(200);
    }
    assertThat(status(edge.begin(anonymous))).isEqualTo(429);
    ticker.advance(Duration.ofSeconds(20));
    assertThat(status(edge.begin(anonymous))).isEqualTo(200);
  }

  @Test
  void anAttributeKeyReadsWhatTheApplicationSet() {
    Edge edge = Edge.builder().ticker(ticker).route(Route.builder("/t").rateLimit(
        RateLimitGate.of("1/minute").key(RateLimitKey.attribute("tenant"))).build()).build();
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "acme")))).isEqualTo(200);
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "acme").peer("192.0.2.8"))))
        .isEqualTo(429);
    assertThat(status(edge.begin(FakeRequest.get("/t").attribute("tenant", "other")))).isEqualTo(200);
    assertThat(RateLimitKey.attribute("tenant").resolve(FakeRequest.get("/t").attribute("tenant", "acme"),
        "192.0.2.1", "r:t")).isEqualTo("a:tenant=acme");
    assertThat(RateLimitKey.attribute("tenant").resolve(FakeRequest.get("/t").attribute("tenant", " "),
        "192.0.2.1", "r:t")).isEqualTo("192.0.2.1");
  }

  @Test
  void partsAreValidated() {
    HierarchicalRateLimiter<String> shared = HierarchicalRateLimiter.builder()
        .perClient(RateLimit.perMinute(1)).build();
    assertThatThrownBy(() -> RateLimitGate.allOf(RateLimitGate.of("1/s"), RateLimitGate.of(shared)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a part of allOf must be limits or a keyed limiter but was");
    RateLimitGate both = RateLimitGate.allOf(RateLimitGate.of("1/s"), RateLimitGate.of("2/s"));
    assertThatThrownBy(() -> both.key(RateLimitKey.ip())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RateLimitGate.of("1/s").key(RateLimitKey.ip()).key(RateLimitKey.route()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RateLimitKey.attribute(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(RateLimitGate.of("1/s").key(RateLimitKey.principal()).toString())
        .isEqualTo("RateLimitGate[[1/second], key=principal]");
  }

  @Test
  void manyThreadsNeverAdmitMoreThanEitherLimit() throws Exception {
    Edge edge = Edge.builder().ticker(ticker).route(Route.builder("/query").rateLimit(RateLimitGate.allOf(
        RateLimitGate.of("100/minute").key(RateLimitKey.ip()),
        RateLimitGate.of("50/minute").key(RateLimitKey.principal()))).build()).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 100; i++) {
            if (status(edge.begin(as("u", "192.0.2.1"))) == 200) {
              admitted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(admitted.get()).isEqualTo(50);
  }
}
