package dev.bulwark.http;

import static dev.bulwark.http.Responses.headers;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainAndConnectionsTest {

  private static final Duration LONG = Duration.ofMinutes(1);

  private final ManualTicker ticker = new ManualTicker();
  private final KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(5, 1_000).build();
  private final Edge edge = Edge.builder().ticker(ticker)
      .route(Route.builder("/ws").name("ws").concurrency(ConcurrencyGate.of(limiter))
          .connections(ConnectionPolicy.none().withIdleTimeout(Duration.ofHours(1))
              .withHeartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)))
          .build())
      .build();

  @Test
  void anUpgradedConnectionHoldsItsPermitUntilItClosesOnce() {
    List<EdgeConnection> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(edge.begin(FakeRequest.get("/ws")).upgrade(() -> { }));
    }
    assertThat(limiter.inFlight()).isEqualTo(5);
    EdgeRejection sixth = rejection(edge.begin(FakeRequest.get("/ws")));
    assertThat(sixth.status()).isEqualTo(503);
    assertThat(sixth.gate()).isEqualTo(EdgeGate.CONCURRENCY);

    open.get(0).close();
    open.get(0).close();
    assertThat(open.get(0).isOpen()).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(4);
    assertThat(edge.inFlight()).isEqualTo(4);
    assertThat(edge.begin(FakeRequest.get("/ws")).admitted()).isTrue();
    assertThat(open.get(1).policy().pingIntervalNanos()).isEqualTo(30_000_000_000L);
    assertThat(open.get(1).routeName()).isEqualTo("ws");
  }

  @Test
  void upgradingAFinishedExchangeHoldsNothingAndARejectedOneThrows() {
    EdgeExchange exchange = edge.begin(FakeRequest.get("/ws"));
    exchange.cancel();
    EdgeConnection late = exchange.upgrade(() -> { });
    assertThat(late.isOpen()).isFalse();
    late.close();
    assertThat(limiter.inFlight()).isZero();
    assertThat(edge.inFlight()).isZero();

    EdgeExchange admitted = edge.begin(FakeRequest.get("/ws"));
    EdgeConnection connection = admitted.upgrade(() -> { });
    admitted.complete(200);
    admitted.cancel();
    assertThat(limiter.inFlight()).isEqualTo(1);
    connection.close();
    assertThat(limiter.inFlight()).isZero();

    for (int i = 0; i < 5; i++) {
      edge.begin(FakeRequest.get("/ws")).upgrade(() -> { });
    }
    EdgeExchange refused = edge.begin(FakeRequest.get("/ws"));
    assertThatThrownBy(() -> refused.upgrade(() -> { })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void connectionPolicyValidatesAndDescribesItself() {
    assertThat(ConnectionPolicy.none().watches()).isFalse();
    assertThat(ConnectionPolicy.none().withIdleTimeout(Duration.ofHours(1)))
        .hasToString("ConnectionPolicy[idle=PT1H, ping=none, pong=none]")
        .isEqualTo(ConnectionPolicy.none().withIdleTimeout(Duration.ofMinutes(60)));
    assertThatThrownBy(() -> ConnectionPolicy.none().withIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> ConnectionPolicy.none().withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pongTimeout");
    assertThatThrownBy(() -> Route.builder("/x").connections(ConnectionPolicy.none()).connections(ConnectionPolicy.none()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void drainRefusesNewRequestsWith503AndReturnsWhenTheLastOneEnds() throws Exception {
    EdgeExchange first = edge.begin(FakeRequest.get("/ws"));
    EdgeExchange second = edge.begin(FakeRequest.get("/other"));
    CompletableFuture<DrainResult> drain = CompletableFuture.supplyAsync(() -> drain(LONG));
    while (!edge.isDraining()) {
      Thread.onSpinWait();
    }

    EdgeRejection refused = rejection(edge.begin(FakeRequest.get("/other")));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.gate()).isEqualTo(EdgeGate.DRAINING);
    assertThat(headers(refused)).contains("Retry-After: 1", "Connection: close");
    assertThat(Responses.body(refused).get("detail").asText())
        .isEqualTo("The server is shutting down; retry after 1 second.");
    first.complete(200);
    assertThat(drain).isNotDone();
    second.complete(200);

    assertThat(drain.get(1, TimeUnit.MINUTES)).isEqualTo(new DrainResult(true, 0, 0));
    assertThat(edge.drain(Duration.ZERO)).isEqualTo(new DrainResult(true, 0, 0));
  }

  @Test
  void aConnectionThatOpensAfterTheDrainDeadlinePassedIsToldToGoAwayAtOnceAndOnlyOnce() throws Exception {
    AtomicInteger goneAway = new AtomicInteger();
    EdgeExchange upgrading = edge.begin(FakeRequest.get("/ws")); // its 101 is on the way

    assertThat(edge.drain(Duration.ZERO)).isEqualTo(new DrainResult(false, 1, 0));
    EdgeConnection connection = upgrading.upgrade(goneAway::incrementAndGet);
    assertThat(goneAway).hasValue(1);
    assertThat(edge.drain(Duration.ZERO)).isEqualTo(new DrainResult(false, 1, 0)); // told already
    assertThat(goneAway).hasValue(1);
    connection.close();
    assertThat(edge.drain(Duration.ZERO).drained()).isTrue();
  }

  @Test
  void drainTellsOpenConnectionsToGoAwayWhenTheDeadlinePasses() throws Exception {
    AtomicInteger goneAway = new AtomicInteger();
    EdgeConnection connection = edge.begin(FakeRequest.get("/ws")).upgrade(goneAway::incrementAndGet);
    EdgeExchange request = edge.begin(FakeRequest.get("/other"));

    assertThat(edge.drain(Duration.ZERO)).isEqualTo(new DrainResult(false, 1, 1));
    assertThat(goneAway).hasValue(1);

    CompletableFuture<DrainResult> again = CompletableFuture.supplyAsync(() -> drain(LONG));
    connection.close();
    assertThat(again).isNotDone();
    request.complete(200);
    assertThat(again.get(1, TimeUnit.MINUTES).drained()).isTrue();
    assertThat(limiter.inFlight()).isZero();
    assertThatThrownBy(() -> edge.drain(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noAdmissionSlipsPastADrainThatStartsMeanwhile() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger admittedAfterDrain = new AtomicInteger();
      AtomicBoolean returned = new AtomicBoolean();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String peer = "10.0.1." + t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 20_000; i++) {
            EdgeExchange e = edge.begin(FakeRequest.get("/other").peer(peer));
            if (e.admitted()) {
              // Not finished yet, so a drain that returned "drained" must not have returned.
              if (returned.get()) {
                admittedAfterDrain.incrementAndGet();
              }
              e.complete(200);
            }
          }
          return null;
        }));
      }
      go.countDown();
      DrainResult result = edge.drain(LONG);
      returned.set(true);
      assertThat(result.drained()).isTrue();
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
      assertThat(edge.inFlight()).isZero();
      assertThat(admittedAfterDrain).hasValue(0);
      assertThat(edge.begin(FakeRequest.get("/other")).admitted()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  private DrainResult drain(Duration deadline) {
    try {
      return edge.drain(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
