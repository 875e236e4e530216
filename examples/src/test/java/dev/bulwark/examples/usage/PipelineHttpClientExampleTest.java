package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the example against a local JDK http server that answers from a script, one entry per request. */
class PipelineHttpClientExampleTest {

  /** A client per test, as each test starts its own server: no pooled connection outlives its server. */
  private final HttpClient http = HttpClient.newHttpClient();
  private static final long SECOND = 1_000_000_000L;
  /** 08:49:37 GMT on 6 Nov 1994, the RFC 9110 example date. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC);

  /** Each answer: status, then the Retry-After value or null; then 200 for every request. */
  private final List<String[]> script = new CopyOnWriteArrayList<>();
  /** The status of every answer sent, in order (written by the server's thread). */
  private final List<String> served = new CopyOnWriteArrayList<>();
  private static final long MS = 1_000_000L;
  private final ManualTicker ticker = new ManualTicker();
  private HttpServer server;
  private PipelineHttpClientExample client;
  private URI uri;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/upstream", this::answer);
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/upstream");
    // jitter at its centre, so the services' backoff is exactly 100 ms, 200 ms
    client = new PipelineHttpClientExample(http, CLOCK, ticker, ticker.sleeper(), () -> 0.5);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void a503WithRetryAfterOneSecondIsRetriedOnceAfterExactlyOneSecond() throws Exception {
    script.add(new String[] {"503", "1"});

    HttpResponse<String> response = client.get(uri);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok 2");
    assertThat(served).containsExactly("503", "200");
    assertThat(ticker.sleeps()).containsExactly(SECOND);   // the hint, longer than the ~100 ms backoff
    assertThat(client.breaker(uri).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anHttpDateRetryAfterIsReadWithTheClock() throws Exception {
    script.add(new String[] {"429", "Sun, 06 Nov 1994 08:49:40 GMT"});

    assertThat(client.get(uri).statusCode()).isEqualTo(200);
    assertThat(ticker.sleeps()).containsExactly(3 * SECOND);
  }

  @Test
  void whenEveryAttemptIs503TheLastResponseIsReturned() throws Exception {
    for (int i = 0; i < 3; i++) {
      script.add(new String[] {"503", "2"});
    }

    HttpResponse<String> response = client.get(uri);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(served).containsExactly("503", "503", "503");
    assertThat(ticker.sleeps()).containsExactly(2 * SECOND, 2 * SECOND);
  }

  @Test
  void serverErrorsAreRetriedWithTheServicesBackoff() throws Exception {
    script.add(new String[] {"500", null});
    script.add(new String[] {"502", null});

    assertThat(client.get(uri).body()).isEqualTo("ok 3");
    assertThat(served).containsExactly("500", "502", "200");
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void fiveServerErrorsOpenTheBreakerAndTheNextCallNeverLeaves() throws Exception {
    for (int i = 0; i < 5; i++) {
      script.add(new String[] {"500", null});
    }

    assertThat(client.get(uri).statusCode()).isEqualTo(500);     // three attempts, all 500
    // two more failures open the breaker, which stops the second call's third attempt
    assertThatThrownBy(() -> client.get(uri)).isInstanceOf(CircuitOpenException.class);
    assertThat(client.breaker(uri).state()).isEqualTo(CircuitState.OPEN);
    assertThatThrownBy(() -> client.get(uri)).isInstanceOf(CircuitOpenException.class);
    assertThat(served).hasSize(5);
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS, 100 * MS, 200 * MS);
  }

  @Test
  void aRetryAfterBeyondTenSecondsReturnsTheResponseAtOnce() throws Exception {
    script.add(new String[] {"429", "60"});

    HttpResponse<String> response = client.get(uri);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).isEqualTo("status 429");
    assertThat(ticker.sleeps()).isEmpty();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String[] next = script.isEmpty() ? new String[] {"200", null} : script.remove(0);
    served.add(next[0]);
    int status = Integer.parseInt(next[0]);
    if (next[1] != null) {
      exchange.getResponseHeaders().set("Retry-After", next[1]);
    }
    byte[] body = (status == 200 ? "ok " + served.size() : "status " + status).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void mainSaysWhatItNeedsWhenNothingListens() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    ManualTicker ticker = new ManualTicker();

    int status = PipelineHttpClientExample.run(new String[] {"http://127.0.0.1:" + closedPort + "/health"},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8), ticker, ticker.sleeper());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("The call to http://127.0.0.1:" + closedPort + "/health failed after its retries")
        .contains("ConnectException")
        .contains("start the demo gateway first")
        .contains("Usage: java -cp examples/target/bulwark-demo.jar")
        .doesNotContain("\tat ");
  }

  @Test
  void mainRefusesWhatIsNotAnHttpUrl() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    ManualTicker ticker = new ManualTicker();
    java.io.PrintStream errors = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(PipelineHttpClientExample.run(new String[] {"ftp://example.com/"}, System.out, errors, ticker,
        ticker.sleeper())).isEqualTo(2);
    assertThat(PipelineHttpClientExample.run(new String[] {"http://exa mple.com/"}, System.out, errors, ticker,
        ticker.sleeper())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Not an http(s) URL: ftp://example.com/")
        .contains("Not a URL: http://exa mple.com/");
  }
}
