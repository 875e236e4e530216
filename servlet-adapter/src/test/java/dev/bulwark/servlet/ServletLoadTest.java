package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.InFlightTracker;
import dev.bulwark.http.contract.KeepAliveClient;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent clients against the filter on a real Jetty, with exact accounting. Run with
 * {@code ./mvnw -B -pl http-edge,servlet-adapter -Pload verify}.
 *
 * <p>10 clients send 5,000 requests each, as fast as they can, every client under its own key
 * ({@code X-Client-Id}) limited to 1,000 per hour on a ticker that never moves: exactly 1,000 of
 * each client's requests may pass and 4,000 must get 429. Half of the admitted requests are
 * answered asynchronously from another thread, so both ways of finishing an exchange run under
 * contention. Afterwards nothing may be in flight.
 */
@Tag("load")
class ServletLoadTest {

  private static final int CLIENTS = 10;
  private static final int REQUESTS_PER_CLIENT = 5_000;
  private static final int LIMIT_PER_CLIENT = 1_000;

  @Test
  void everyRequestIsAccountedForExactly() throws Exception {
    InFlightTracker inFlight = new InFlightTracker(1_000, 10_000);
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/api/load").name("load")
            .rateLimit(RateLimitGate.of(LIMIT_PER_CLIENT + "/hour"))
            .key(RateLimitKey.header("X-Client-Id"))
            .concurrency(ConcurrencyGate.of(inFlight))
            .build())
        .build();
    AtomicInteger handled = new AtomicInteger();
    ExecutorService completer = Executors.newFixedThreadPool(2);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (EmbeddedJetty jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new LambdaServlet((req, res) -> {
        handled.incrementAndGet();
        if ("async".equals(req.getQueryString())) {
          AsyncContext async = req.startAsync();
          completer.execute(async::complete);
        } else {
          res.setStatus(200);
        }
      }));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    })) {
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<Future<int[]>> perClient = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < CLIENTS; c++) {
        String id = "client-" + c;
        perClient.add(clients.submit(() -> {
          int[] counts = new int[2]; // allowed, rejected
          // One keep-alive connection per client; not HttpClient (see KeepAliveClient: JDK-8336655).
          try (KeepAliveClient client = new KeepAliveClient(jetty.port())) {
            for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
              int status = client.send("GET", "/api/load" + (i % 2 == 0 ? "?async" : ""),
                  Map.of("X-Client-Id", id), null, false).status();
              statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
              if (status == 200) {
                counts[0]++;
              } else if (status == 429) {
                counts[1]++;
              }
            }
          }
          return counts;
        }));
      }
      int allowed = 0;
      int rejected = 0;
      for (Future<int[]> f : perClient) {
        int[] counts = f.get(120, TimeUnit.SECONDS);
        assertThat(counts[0]).as("allowed for one client").isEqualTo(LIMIT_PER_CLIENT);
        assertThat(counts[1]).as("rejected for one client").isEqualTo(REQUESTS_PER_CLIENT - LIMIT_PER_CLIENT);
        allowed += counts[0];
        rejected += counts[1];
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      int sent = CLIENTS * REQUESTS_PER_CLIENT;
      Map<Integer, Integer> byStatus = new TreeMap<>();
      statuses.forEach((status, count) -> byStatus.put(status, count.get()));
      assertThat(byStatus).containsOnlyKeys(200, 429);
      assertThat(allowed + rejected).isEqualTo(sent);
      assertThat(allowed).isEqualTo(CLIENTS * LIMIT_PER_CLIENT);
      assertThat(handled).as("the servlet saw exactly the allowed requests").hasValue(allowed);
      assertThat(inFlight.awaitIdle(Duration.ofSeconds(30))).as("no permit leaked").isTrue();
      assertThat(inFlight.trackedKeys()).isZero();
      System.out.printf("ServletLoadTest: %d requests (%d allowed, %d rejected, statuses %s) in %.2f s,"
          + " %.0f requests/s%n", sent, allowed, rejected, byStatus, seconds, sent / seconds);
    } finally {
      clients.shutdownNow();
      completer.shutdownNow();
    }
  }
}
