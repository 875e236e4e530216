package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.examples.scenario.ClientKind;
import dev.bulwark.examples.scenario.ScenarioResult;
import dev.bulwark.examples.scenario.TrafficRow;
import dev.bulwark.examples.scenario.TrafficScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The traffic scenario against the real demo (edge, adapter, app) over real sockets, and the
 * command that runs it. The scenario's plan is sent at once (its pacing ticker never moves) and the
 * gateway runs on a manual ticker, so that the limits decide exactly: nothing refills during the
 * run. Streams are held for real (2 s each); no assertion depends on timing.
 */
class DemoScenarioTest {

  private static ScenarioResult run(RunningDemo demo, Duration length) throws Exception {
    return TrafficScenario.builder(demo.base)
        .duration(length)
        .pacing(new ManualTicker(), nanos -> {})
        .requestTimeout(Duration.ofSeconds(20))
        .build()
        .run();
  }

  private static void addsUp(TrafficRow row) {
    assertThat(row.failed()).as("%s: failed", row.name()).isZero();
    assertThat(row.permitted() + row.tooManyRequests() + row.unavailable() + row.badRequest() + row.other())
        .as("%s: permitted + 429 + 503 + 400 + other", row.name())
        .isEqualTo(row.sent());
  }

  static Stream<Arguments> servers() {
    RunningDemo.Server jetty = g -> JettyDemoServer.start("127.0.0.1", 0, g);
    RunningDemo.Server netty = g -> NettyDemoServer.start("127.0.0.1", 0, g);
    return Stream.of(Arguments.of("jetty", jetty), Arguments.of("netty", netty));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theTableAddsUpPerKindAndRouteAndEachAbuseMeetsItsLimit(String name, RunningDemo.Server server)
      throws Exception {
    try (RunningDemo demo = new RunningDemo(server, b -> {})) {
      ScenarioResult result = run(demo, Duration.ofSeconds(20));

      List<TrafficRow> rows = new ArrayList<>(result.byKind());
      rows.addAll(result.byRoute());
      result.cells().values().forEach(rows::addAll);
      rows.forEach(DemoScenarioTest::addsUp);

      // 67 searches each (every third tick of 200): 30 permitted by the per-client limit, whatever
      // X-Forwarded-For the spoofer sends.
      assertThat(result.cell(ClientKind.ABUSIVE, "GET /api/search").orElseThrow())
          .extracting(TrafficRow::sent, TrafficRow::permitted, TrafficRow::tooManyRequests)
          .containsExactly(67L, 30L, 37L);
      assertThat(result.cell(ClientKind.SPOOFER, "GET /api/search").orElseThrow())
          .extracting(TrafficRow::sent, TrafficRow::permitted, TrafficRow::tooManyRequests)
          .containsExactly(67L, 30L, 37L);
      // 30 injected searches (within the search limit) and 10 SSRF targets: every one a 400.
      assertThat(result.kind(ClientKind.PROBER).orElseThrow())
          .extracting(TrafficRow::sent, TrafficRow::badRequest)
          .containsExactly(40L, 40L);
      // 4 bursts of 12 held streams from one address: at most 5 in flight.
      TrafficRow flood = result.kind(ClientKind.STREAM_FLOOD).orElseThrow();
      assertThat(flood.sent()).isEqualTo(48);
      assertThat(flood.permitted()).isGreaterThanOrEqualTo(5);
      assertThat(flood.unavailable()).isPositive().isEqualTo(48 - flood.permitted());
      TrafficRow ordinary = result.kind(ClientKind.ORDINARY).orElseThrow();
      assertThat(ordinary.tooManyRequests()).isZero();
      assertThat(ordinary.badRequest()).isZero();
      assertThat(result.cell(ClientKind.OUTAGE, "POST /admin/upstream").orElseThrow().permitted()).isEqualTo(2);

      // The app counted every request the scenario sent, rejections included (and the scenario's
      // own read of /api/state at the end).
      Map<String, Long> sent = new HashMap<>();
      result.byRoute().forEach(r -> sent.put(r.name(), r.sent()));
      for (RouteView view : demo.gateway.app().routeViews()) {
        long expected = sent.getOrDefault(view.route(), 0L) + (view.route().equals("GET /api/state") ? 1 : 0);
        assertThat(view.permitted() + view.rejected()).as(view.route()).isEqualTo(expected);
      }
      assertThat(demo.gateway.app().routeViews().stream()
              .filter(v -> v.route().equals("GET /api/search")).findFirst().orElseThrow().statuses())
          .containsEntry(429, 74L)
          .containsEntry(400, 30L);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'',       serving with Jetty 12 through the servlet adapter's BulwarkFilter",
    "--netty,  serving with Netty 4.1 through the Netty adapter's BulwarkHandler"
  })
  void theCommandServesRunsAShortScenarioPrintsTheTableAndStops(String server, String note) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DemoMain main = new DemoMain(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        DemoMain::startServer,
        false);

    List<String> args = new ArrayList<>(List.of("--port", "0", "--scenario-seconds", "1", "--exit-after-scenario"));
    if (!server.isEmpty()) {
      args.add(server);
    }

    int status = main.run(args);

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .containsPattern("Bulwark demo listening on http://127\\.0\\.0\\.1:\\d+/")
        .contains("note: " + note)
        .contains("note: policies: the bundled bulwark-demo.yaml")
        .contains("Running the traffic scenario for 1 s...")
        .containsPattern("Scenario: 1 s against http://127\\.0\\.0\\.1:\\d+/, \\d+ requests")
        .contains("Client kind", "Route", "Circuit breaker transitions")
        .doesNotContain("Serving until interrupted");
  }
}
