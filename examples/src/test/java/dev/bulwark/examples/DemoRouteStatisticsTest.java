package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.RouteStatistics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's edge keeps route statistics on both adapters: the handler's statuses, the edge's
 * refusals, nothing left in flight. An admitted request is counted when the adapter finishes its
 * exchange, which may follow the client's receipt by a moment, so those counts are awaited (an
 * event, not a duration); a refusal is there before the client has it.
 */
class DemoRouteStatisticsTest {

  /** A client per test, as each test starts its own demo: no pooled connection outlives its server. */
  private final HttpClient client = HttpClient.newHttpClient();

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  private int get(RunningDemo demo, String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(demo.url(pathAndQuery))).build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jetty", "netty"})
  void bothAdaptersCountTheHandlersStatusesAndTheEdgesRefusals(String adapter) throws Exception {
    RunningDemo.Server server = adapter.equals("jetty")
        ? gateway -> JettyDemoServer.start("127.0.0.1", 0, gateway)
        : gateway -> NettyDemoServer.start("127.0.0.1", 0, gateway);
    try (RunningDemo demo = new RunningDemo(server, b -> {})) {
      RouteStatistics search =
          demo.gateway.edge().routeFor("GET", "/api/search").statistics().orElseThrow();
      RouteStatistics fetch =
          demo.gateway.edge().routeFor("GET", "/api/fetch").statistics().orElseThrow();

      assertThat(get(demo, "/api/search?q=ok")).isEqualTo(200);
      assertThat(get(demo, "/api/search?q=%3Cscript%3E")).isEqualTo(400);
      assertThat(search.refused(EdgeGate.VALIDATION)).isEqualTo(1);
      assertThat(get(demo, "/api/fetch?url=http%3A%2F%2F127.0.0.1%2F")).isEqualTo(400); // the handler's

      await("the admitted search finished", () -> search.admitted() == 1);
      await("the fetch finished", () -> fetch.admitted() == 1);
      assertThat(search.statuses()).isEqualTo(Map.of(200, 1L, 400, 1L));
      assertThat(search.edgeStatuses()).isEqualTo(Map.of(400, 1L));
      assertThat(fetch.statuses()).isEqualTo(Map.of(400, 1L));
      assertThat(fetch.edgeStatuses()).isEmpty();
      assertThat(search.inFlight()).isZero();
      assertThat(fetch.inFlight()).isZero();
    }
  }
}
