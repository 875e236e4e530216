package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.http.contract.KeepAliveClient;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.InFlightTracker;
import dev.bulwark.validation.InputPolicy;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load with exact accounting: 10 clients send 5,000 requests each, each client over one keep-alive
 * HTTP/1.1 connection ({@link KeepAliveClient}), to a real Netty server behind
 * {@link BulwarkHandler}. Half the requests are {@code GET /api/search}, half are body-checked
 * {@code POST /echo} (every other one with a chunked body, which the handler gathers itself). Each
 * client has its own rate-limit key ({@code X-Client}), and the edge's {@link ManualTicker} never
 * advances, so no limit refills: each client is allowed exactly 1,500 searches and 1,000 echoes,
 * and the rest are refused with 429.
 *
 * <p>Run with {@code ./mvnw -B -pl http-edge,netty-adapter -Pload verify}; it prints the counts
 * and the elapsed time.
 */
@Tag("load")
class NettyLoadTest {

  private static final int CLIENTS = 10;
  private static final int REQUESTS_PER_CLIENT = 5_000;
  private static final int SEARCH_LIMIT = 1_500;
  private static final int ECHO_LIMIT = 1_000;

  @Test
  void everyRequestIsAccountedForAndNoPermitLeaks() throws Exception {
    InFlightTracker searchInFlight = new InFlightTracker(4, 64);
    InFlightTracker echoInFlight = new InFlightTracker(4, 64);
    Edge edge = Edge.builder()
        .ticker(new ManualTicker())
        .route(Route.builder("/api/search").name("search").methods("GET")
            .rateLimit(RateLimitGate.of(SEARCH_LIMIT + "/hour")).key(RateLimitKey.header("X-Client"))
            .concurrency(ConcurrencyGate.of(searchInFlight)).validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .route(Route.builder("/echo").name("echo").methods("POST")
            .rateLimit(RateLimitGate.of(ECHO_LIMIT + "/hour")).key(RateLimitKey.header("X-Client"))
            .concurrency(ConcurrencyGate.of(echoInFlight)).validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()).build())
        .build();
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    ContractAppHandler app = new ContractAppHandler(new ContractApp());
    Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    LongAdder echoedIntact = new LongAdder();
    LongAdder refusalsWithRetryAfter = new LongAdder();

    long started;
    long elapsedNanos;
    try (NettyServer server = NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(), bulwark, new HttpObjectAggregator(1 << 16), app})) {
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          String id = "client-" + c;
          clients.add(pool.submit(() -> {
            try (KeepAliveClient client = new KeepAliveClient(server.port())) {
              go.await();
              for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                boolean post = i % 2 == 1;
                String body = id + "#" + i;
                KeepAliveClient.Response r = post
                    ? client.send("POST", "/echo", Map.of("X-Client", id), body, i % 4 == 3)
                    : client.send("GET", "/api/search?q=load+test", Map.of("X-Client", id), null, false);
                statuses.computeIfAbsent((post ? "echo " : "search ") + r.status(), k -> new LongAdder())
                    .increment();
                if (post && r.status() == 200 && r.body().equals(body)) {
                  echoedIntact.increment();
                }
                if (r.status() == 429 && r.headers().containsKey("retry-after")) {
                  refusalsWithRetryAfter.increment();
                }
              }
            }
            return null;
          }));
        }
        started = System.nanoTime();
        go.countDown();
        for (Future<?> f : clients) {
          f.get(5, TimeUnit.MINUTES);
        }
        elapsedNanos = System.nanoTime() - started;
      } finally {
        pool.shutdownNow();
      }
      assertThat(searchInFlight.awaitIdle(Duration.ofSeconds(10))).as("search permits returned").isTrue();
      assertThat(echoInFlight.awaitIdle(Duration.ofSeconds(10))).as("echo permits returned").isTrue();
    }

    Map<String, Long> counts = new TreeMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.sum()));
    int sent = CLIENTS * REQUESTS_PER_CLIENT;
    int allowed = CLIENTS * (SEARCH_LIMIT + ECHO_LIMIT);
    System.out.printf("NettyLoadTest: %d requests from %d clients in %.1f s (%.0f requests/s): %s%n",
        sent, CLIENTS, elapsedNanos / 1e9, sent / (elapsedNanos / 1e9), counts);
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
        "search 200", (long) CLIENTS * SEARCH_LIMIT,
        "search 429", (long) CLIENTS * (REQUESTS_PER_CLIENT / 2 - SEARCH_LIMIT),
        "echo 200", (long) CLIENTS * ECHO_LIMIT,
        "echo 429", (long) CLIENTS * (REQUESTS_PER_CLIENT / 2 - ECHO_LIMIT)));
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as("allowed + rejected = sent")
        .isEqualTo(sent);
    assertThat(counts.get("search 200") + counts.get("echo 200")).isEqualTo(allowed);
    assertThat(echoedIntact.sum()).as("echoed bodies intact").isEqualTo((long) CLIENTS * ECHO_LIMIT);
    assertThat(refusalsWithRetryAfter.sum()).isEqualTo((long) sent - allowed);
    assertThat(searchInFlight.inFlight()).isZero();
    assertThat(echoInFlight.inFlight()).isZero();
    assertThat(searchInFlight.trackedKeys()).isZero();
    assertThat(echoInFlight.trackedKeys()).isZero();
  }
}
