package dev.bulwark.http;

import static dev.bulwark.http.Responses.headers;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExchangeLifecycleTest {

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void concurrencyLimitIs503WithRetryAfterOneAndReleasesOnComplete() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(1, 5)).build()).build();

    EdgeExchange first = edge.begin(FakeRequest.get("/slow"));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/slow")));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.gate()).isEqualTo(EdgeGate.CONCURRENCY);
    assertThat(headers(r)).endsWith("Retry-After: 1");
    assertThat(Responses.body(r).get("detail").asText())
        .isEqualTo("Too many requests in progress; retry after 1 second.");
    assertThat(edge.begin(FakeRequest.get("/slow").peer("10.0.0.2")).admitted()).isTrue();

    first.complete(200);
    assertThat(edge.begin(FakeRequest.get("/slow")).admitted()).isTrue();
  }

  @Test
  void totalBoundAppliesAcrossClients() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(2, 3).build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/slow").concurrency(ConcurrencyGate.of(limiter)).build()).build();
    for (int i = 0; i < 3; i++) {
      assertThat(edge.begin(FakeRequest.get("/slow").peer("10.0.0." + i)).admitted()).isTrue();
    }
    assertThat(edge.begin(FakeRequest.get("/slow").peer("10.0.0.9")).admitted()).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(3);
  }

  @Test
  void finishingIsIdempotentUnderManyThreadsAndLeaksNoPermit() throws Exception {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(1_000, 10_000).build();
    AtomicInteger recorded = new AtomicInteger();
    CircuitBreaker breaker = CircuitBreaker.builder("b")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1_000_000)).build())
        .listener(event -> {
          if (event instanceof CircuitBreakerEvent.CallFailed
              || event instanceof CircuitBreakerEvent.CallSucceeded) {
            recorded.incrementAndGet();
          }
        })
        .ticker(ticker).build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/x").concurrency(ConcurrencyGate.of(limiter)).circuitBreaker(BreakerGate.of(breaker)).build()).build();
    int exchanges = 500;
    int threads = 8;
    List<EdgeExchange> all = new ArrayList<>();
    for (int i = 0; i < exchanges; i++) {
      EdgeExchange e = edge.begin(FakeRequest.get("/x").peer("10.0." + (i % 7) + ".1"));
      assertThat(e.admitted()).isTrue();
      all.add(e);
    }
    assertThat(limiter.inFlight()).isEqualTo(exchanges);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (EdgeExchange e : all) {
            switch (id % 3) {
              case 0 -> e.complete(500);
              case 1 -> e.fail(new IllegalStateException("x"));
              default -> e.cancel();
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

    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.trackedKeys()).isZero();
    // complete(500) and fail(...) both record a failure; cancel records nothing. Each exchange is
    // recorded at most once, whichever thread won.
    assertThat(recorded.get()).isLessThanOrEqualTo(exchanges);
    assertThat(breaker.metrics().consecutiveFailures()).isEqualTo(recorded.get());
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void completingARejectedExchangeDoesNothing() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(1, 1).build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/x").concurrency(ConcurrencyGate.of(limiter)).build()).build();
    EdgeExchange held = edge.begin(FakeRequest.get("/x"));
    EdgeExchange rejected = edge.begin(FakeRequest.get("/x"));

    rejected.complete(200);
    rejected.fail(new RuntimeException());
    rejected.cancel();

    assertThat(limiter.inFlight()).isEqualTo(1);
    assertThat(rejected.cspNonce()).isNull();
    assertThat(rejected.wantsBody()).isFalse();
    held.complete(200);
    held.complete(200);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void completeRejectsImpossibleStatuses() {
    EdgeExchange e = Edge.builder().build().begin(FakeRequest.get("/"));
    assertThatThrownBy(() -> e.complete(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 100 to 599 but was 99");
    assertThatThrownBy(() -> e.complete(600)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.fail(null)).isInstanceOf(NullPointerException.class).hasMessage("error");
    assertThatThrownBy(() -> e.writeHeaders(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("response");
  }

  @Test
  void writeHeadersWritesTheSecurityHeadersWithThisRequestsNonce() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.builder()
        .directive(CspDirective.DEFAULT_SRC, "'self'")
        .nonce(CspDirective.SCRIPT_SRC)
        .build();
    SecurityHeaders headers = SecurityHeaders.strict().toBuilder().contentSecurityPolicy(csp).build();
    Edge edge = Edge.builder().securityHeaders(headers).build();

    EdgeExchange a = edge.begin(FakeRequest.get("/page").overTls());
    EdgeExchange b = edge.begin(FakeRequest.get("/page"));
    RecordingResponse ra = new RecordingResponse();
    RecordingResponse rb = new RecordingResponse();
    a.writeHeaders(ra);
    b.writeHeaders(rb);

    assertThat(a.cspNonce()).matches("[A-Za-z0-9+/]{22}==").isNotEqualTo(b.cspNonce());
    assertThat(ra.get("Content-Security-Policy")).isEqualTo(csp.headerValue(a.cspNonce()));
    assertThat(ra.get("Content-Security-Policy")).contains("'nonce-" + a.cspNonce() + "'");
    assertThat(ra.get("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(rb.containsHeader("Strict-Transport-Security")).isFalse();
    assertThat(ra.get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(a.routeName()).isEqualTo("default");
  }

  @Test
  void rejectionsCarryTheSecurityHeadersWithAFreshNonce() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.builder()
        .directive(CspDirective.DEFAULT_SRC, "'self'")
        .nonce(CspDirective.SCRIPT_SRC)
        .build();
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/x").rateLimit(RateLimitGate.of("1/minute"))
            .securityHeaders(SecurityHeaders.builder().contentSecurityPolicy(csp).build()).build())
        .build();
    edge.begin(FakeRequest.get("/x"));

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/x")));

    assertThat(Responses.header(r, "Content-Security-Policy"))
        .matches("default-src 'self'; script-src 'nonce-[A-Za-z0-9+/]{22}=='");
    RecordingResponse response = new RecordingResponse();
    edge.begin(FakeRequest.get("/x")).writeHeaders(response);
    assertThat(response.get("Retry-After")).isEqualTo("60");
  }
}
