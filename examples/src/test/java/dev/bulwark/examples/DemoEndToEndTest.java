package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.examples.scenario.ClientKind;
import dev.bulwark.examples.scenario.ScenarioResult;
import dev.bulwark.examples.scenario.TrafficRow;
import dev.bulwark.examples.scenario.TrafficScenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@link DemoApp} served by {@link JdkDemoServer} over real sockets (no edge yet), driven
 * by plain HTTP requests, by the traffic scenario and by {@link DemoMain}. These tests take real
 * time where the demo holds requests ({@code /api/stream?ms=2000}) but assert no timing.
 */
class DemoEndToEndTest {

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
  private JdkDemoServer server;
  private DemoApp app;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    scheduler.setRemoveOnCancelPolicy(true);
    app = DemoApp.builder(scheduler).build();
    server = JdkDemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), app, List.of(), 1024);
    base = URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  @AfterEach
  void stop() {
    server.close();
    scheduler.shutdownNow();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDashboardCarriesTheNonceOfItsCspHeader() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(base));

    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
    assertThat(nonce.find()).as(csp).isTrue();
    assertThat(csp).contains("style-src 'nonce-" + nonce.group(1) + "'").contains("default-src 'self'");
    assertThat(page.body()).contains("<script nonce=\"" + nonce.group(1) + "\">");
    assertThat(send(HttpRequest.newBuilder(base)).headers().firstValue("Content-Security-Policy"))
        .as("a fresh nonce per response")
        .isNotEqualTo(page.headers().firstValue("Content-Security-Policy"));
  }

  @Test
  void requestsReachTheAppAndAreCountedBeforeTheClientSeesTheAnswer() throws Exception {
    HttpResponse<String> search = send(HttpRequest.newBuilder(base.resolve("api/search?q=rate+limiting")));
    HttpResponse<String> chat =
        send(HttpRequest.newBuilder(base.resolve("api/chat"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}")));
    HttpResponse<String> missing = send(HttpRequest.newBuilder(base.resolve("nope")));
    HttpResponse<String> tooManyParameters =
        send(HttpRequest.newBuilder(base.resolve("api/search?" + "a=1&".repeat(257))));

    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body()).startsWith("{\"query\":\"rate limiting\",\"total\":1,");
    assertThat(chat.body()).isEqualTo("{\"model\":\"simulated-llm\",\"reply\":\"Simulated reply to: hi\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(tooManyParameters.statusCode()).isEqualTo(400);
    assertThat(tooManyParameters.body()).contains("malformed request: more than 256 query parameters");
    assertThat(app.routeViews().get(1))
        .isEqualTo(new RouteView("GET /api/search", 1, 1, Map.of(200, 1L, 400, 1L), 0, null));
    assertThat(app.routeViews().get(2).statuses()).isEqualTo(Map.of(200, 1L));
  }

  @Test
  void aBodyAboveTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(base.resolve("api/documents"))
            .header("Content-Type", "application/pdf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1025])));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(app.routeViews().get(4).statuses()).isEqualTo(Map.of(413, 1L));
  }

  @Test
  void theScenarioDrivesTheRealAppAndEveryRequestIsAnswered() throws Exception {
    ScenarioResult result =
        TrafficScenario.builder(base)
            .duration(Duration.ofSeconds(2))
            .pacing(new ManualTicker(), nanos -> {}) // the whole plan at once: arrival order is not fixed
            .build()
            .run();

    assertThat(result.byKind())
        .extracting(TrafficRow::name, TrafficRow::sent, TrafficRow::failed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ordinary users", 6L, 0L),
            org.assertj.core.groups.Tuple.tuple("abusive client", 7L, 0L),
            org.assertj.core.groups.Tuple.tuple("X-Forwarded-For spoofer", 7L, 0L),
            org.assertj.core.groups.Tuple.tuple("injection prober", 4L, 0L),
            org.assertj.core.groups.Tuple.tuple("stream flood", 12L, 0L),
            org.assertj.core.groups.Tuple.tuple("upstream outage", 5L, 0L));
    // Without the edge nothing limits: the flood is held and answered, the SSRF probe refused.
    assertThat(result.kind(ClientKind.STREAM_FLOOD).orElseThrow().permitted()).isEqualTo(12);
    assertThat(result.cell(ClientKind.PROBER, "GET /api/fetch").orElseThrow().badRequest()).isEqualTo(1);
    assertThat(result.cell(ClientKind.OUTAGE, "POST /admin/upstream").orElseThrow().permitted()).isEqualTo(2);
    // The app counted what the scenario sent (plus the scenario's own read of /api/state).
    for (TrafficRow route : result.byRoute()) {
      RouteView counted =
          app.routeViews().stream().filter(v -> v.route().equals(route.name())).findFirst().orElseThrow();
      assertThat(counted.permitted() + counted.rejected()).as(route.name()).isEqualTo(route.sent());
    }
  }

  @Test
  void theCommandRunsAShortScenarioAndStops() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DemoMain main =
        new DemoMain(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            JdkDemoServer::start,
            false);

    int status = main.run(List.of("--port", "0", "--scenario-seconds", "1", "--exit-after-scenario"));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .containsPattern("Bulwark demo listening on http://127\\.0\\.0\\.1:\\d+/")
        .contains("Running the traffic scenario for 1 s...")
        .containsPattern("Scenario: 1 s against http://127\\.0\\.0\\.1:\\d+/, \\d+ requests")
        .contains("Client kind", "Route", "Circuit breaker transitions")
        .doesNotContain("Serving until interrupted");
  }
}
