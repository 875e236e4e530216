package dev.bulwark.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scenario against a fake demo on the JDK's HTTP server, listening on 127.0.0.1: Linux
 * delivers connections from any 127.0.0.N source to it, and the fake records each request's peer.
 * Ticks are paced by a ticker that never moves and a sleeper that returns at once, so the whole
 * plan is sent at once, every latency reads 0, and only the counts matter.
 */
class TrafficScenarioTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** One request as the fake saw it. */
  private record Seen(String peer, String route, String query, String forwardedFor) {}

  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private int stateStatus = 200;

  private URI startFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(pool);
    server.createContext("/", this::answer);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Search: 429 for the abusive client, 400 for injections; stream 503; chat 502; else 200. */
  private void answer(HttpExchange ex) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getRawQuery() == null
          ? ""
          : URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
      String peer = ex.getRemoteAddress().getAddress().getHostAddress();
      String xff = ex.getRequestHeaders().getFirst("X-Forwarded-For");
      seen.add(new Seen(peer, ex.getRequestMethod() + " " + path, query, xff == null ? "" : xff));
      int status;
      byte[] body = new byte[0];
      switch (path) {
        case "/api/search":
          status = peer.equals("127.0.0.21") ? 429
              : query.contains("'") || query.contains("<") || query.contains("UNION") ? 400 : 200;
          break;
        case "/api/stream":
          status = 503;
          break;
        case "/api/chat":
          status = 502;
          break;
        case "/api/state":
          status = stateStatus;
          body = ("{\"breakers\":[{\"name\":\"chat\",\"transitions\":["
              + "{\"at\":\"2025-12-31T23:59:59Z\",\"from\":\"HALF_OPEN\",\"to\":\"CLOSED\",\"reason\":\"TRIALS_SUCCEEDED\"},"
              + "{\"at\":\"2026-01-01T00:00:01.500Z\",\"from\":\"CLOSED\",\"to\":\"OPEN\",\"reason\":\"CONSECUTIVE_FAILURES\"}]}]}")
              .getBytes(StandardCharsets.UTF_8);
          break;
        default:
          status = 200;
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @AfterEach
  void stopFake() {
    if (server != null) {
      server.stop(0);
    }
    pool.shutdownNow();
  }

  private static TrafficScenario.Builder scenario(URI target) {
    return TrafficScenario.builder(target)
        .duration(Duration.ofSeconds(2))
        .pacing(new ManualTicker(), nanos -> {})
        .clock(Clock.fixed(START, ZoneOffset.UTC));
  }

  @Test
  void eachKindSendsItsPlanFromItsOwnAddressAndEveryRequestIsAccountedFor() throws Exception {
    assumeThat(ScenarioClients.canBind("127.0.0.21")).as("this machine routes 127.0.0.0/8 to loopback").isTrue();
    URI target = startFake();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    ScenarioResult result =
        scenario(target).progress(new PrintStream(progress, true, StandardCharsets.UTF_8), false).build().run();

    assertThat(result.byKind())
        .containsExactly(
            new TrafficRow("ordinary users", 6, 3, 0, 0, 0, 3, 0, 0, 0), // 3 logins, 3 chats (502)
            new TrafficRow("abusive client", 7, 0, 7, 0, 0, 0, 0, 0, 0),
            new TrafficRow("X-Forwarded-For spoofer", 7, 7, 0, 0, 0, 0, 0, 0, 0),
            new TrafficRow("injection prober", 4, 1, 0, 0, 3, 0, 0, 0, 0), // 3 injections, 1 SSRF fetch
            new TrafficRow("stream flood", 12, 0, 0, 12, 0, 0, 0, 0, 0),
            new TrafficRow("upstream outage", 5, 2, 0, 0, 0, 3, 0, 0, 0)); // 2 admin calls, 3 chats
    assertThat(result.route("GET /api/search")).contains(new TrafficRow("GET /api/search", 17, 7, 7, 0, 3, 0, 0, 0, 0));
    assertThat(result.cell(ClientKind.OUTAGE, "POST /admin/upstream"))
        .contains(new TrafficRow("POST /admin/upstream", 2, 2, 0, 0, 0, 0, 0, 0, 0));
    assertThat(result.totalSent()).isEqualTo(41);
    assertThat(result.transitions())
        .containsExactly(new BreakerTransition(Duration.ofMillis(1500), Instant.parse("2026-01-01T00:00:01.500Z"),
            "chat", "CLOSED", "OPEN", "CONSECUTIVE_FAILURES"));
    assertThat(result.notes()).isEmpty();
    assertThat(progress.toString(StandardCharsets.UTF_8).lines()).hasSize(4).last().asString()
        .isEqualTo("[##############################] 100%  2.0/2.0 s  41 requests");

    // What the fake saw: one peer address per kind, and the spoofer's forged headers.
    Map<String, Set<String>> peersByRoute =
        seen.stream().collect(Collectors.groupingBy(Seen::route, Collectors.mapping(Seen::peer, Collectors.toSet())));
    assertThat(peersByRoute.get("GET /api/stream")).containsExactly("127.0.0.24");
    assertThat(peersByRoute.get("POST /admin/upstream")).containsExactly(ClientKind.OPERATOR_ADDRESS);
    assertThat(peersByRoute.get("POST /api/auth/login")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertThat(peersByRoute.get("GET /api/state")).containsExactly(ClientKind.OBSERVER_ADDRESS);
    assertThat(peersByRoute.get("GET /api/search"))
        .containsExactlyInAnyOrder("127.0.0.21", "127.0.0.22", "127.0.0.23");
    List<Seen> spoofed = seen.stream().filter(s -> !s.forwardedFor().isEmpty()).collect(Collectors.toList());
    assertThat(spoofed).hasSize(7).allMatch(s -> s.peer().equals("127.0.0.22"));
    assertThat(spoofed.stream().map(Seen::forwardedFor).distinct().count()).isGreaterThan(1);
    assertThat(seen).filteredOn(s -> s.peer().equals("127.0.0.23") && s.route().equals("GET /api/search"))
        .extracting(Seen::query)
        .containsExactlyInAnyOrder("q=' OR '1'='1' --", "q=<script>alert(document.cookie)</script>",
            "q=1 UNION SELECT username, password FROM users");
  }

  @Test
  void withoutBoundAddressesEveryKindSharesThePeerAddress() throws Exception {
    URI target = startFake();

    ScenarioResult result = scenario(target).bindAddresses(false).build().run();

    assertThat(result.totalSent()).isEqualTo(41);
    assertThat(seen).extracting(Seen::peer).containsOnly("127.0.0.1");
    assertThat(result.kind(ClientKind.ABUSIVE)).contains(new TrafficRow("abusive client", 7, 7, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void anUnreadableStateIsANoteNotAFailure() throws Exception {
    URI target = startFake();
    stateStatus = 429;

    ScenarioResult result = scenario(target).bindAddresses(false).build().run();

    assertThat(result.transitions()).isEmpty();
    assertThat(result.notes()).containsExactly("could not read the breaker transitions: /api/state answered 429");
  }

  @Test
  void requestsThatGetNoAnswerCountAsFailed() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    ScenarioResult result =
        scenario(URI.create("http://127.0.0.1:" + port + "/")).bindAddresses(false).build().run();

    assertThat(result.totalSent()).isEqualTo(41);
    assertThat(result.byKind()).allSatisfy(r -> assertThat(r.failed()).isEqualTo(r.sent()));
    assertThat(result.kind(ClientKind.STREAM_FLOOD))
        .contains(new TrafficRow("stream flood", 12, 0, 0, 0, 0, 0, 12, -1, -1));
    assertThat(result.notes()).singleElement().asString()
        .startsWith("could not read the breaker transitions from /api/state: ");
  }
}
