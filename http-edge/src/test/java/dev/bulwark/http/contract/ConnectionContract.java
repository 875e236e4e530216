package dev.bulwark.http.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.DrainResult;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long-lived connection and drain suite every adapter passes (issue #19): WebSocket upgrades
 * keep their route's concurrency permit until the socket closes, whichever side closes it and why;
 * idle expiry and heartbeat close sockets; a drain refuses new requests, lets those in flight
 * finish and tells open sockets to go away at its deadline. Driven by the JDK's WebSocket client
 * (and a raw socket for a client that vanishes) against a real server.
 *
 * <p>The server serves the {@link ContractApp} and a WebSocket echo endpoint at {@code /ws} (each
 * text message is sent back). Tests wait for events (a permit returned: {@link InFlightTracker};
 * a close frame received; a parked request), never for time; the heartbeat and idle timeouts are
 * short (a fraction of a second) so that the waits are short. The tests tagged {@code load} run
 * with {@code -Pload}.
 */
public abstract class ConnectionContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

  /** The app behind the adapter; {@code /slow} parks until released. */
  protected final ContractApp app = new ContractApp();
  private ContractServer server;

  /**
   * Starts the adapter's server on {@code 127.0.0.1}, port 0: {@code app} behind {@code edge},
   * and a WebSocket echo endpoint at {@code /ws} behind the same edge.
   *
   * @param edge the edge
   * @param app the app's test hooks
   * @return the running server; closed after each test
   * @throws Exception if it cannot start
   */
  protected abstract ContractServer start(Edge edge, ContractApp app) throws Exception;

  @AfterEach
  void stop() throws Exception {
    app.releaseSlow();
    if (server != null) {
      server.close();
    }
  }

  private Edge serve(InFlightTracker ws, ConnectionPolicy policy, RateLimitKey key) throws Exception {
    Edge edge = Edge.builder()
        .route(Route.builder("/ws").name("ws").key(key).concurrency(ConcurrencyGate.of(ws))
            .connections(policy).build())
        .build();
    server = start(edge, app);
    return edge;
  }

  private URI ws() {
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
  }

  private URI http(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private WebSocket open(Recorder recorder, String client) throws Exception {
    return CLIENT.newWebSocketBuilder().header("X-Client", client).connectTimeout(WAIT)
        .buildAsync(ws(), recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void theSixthSocketOfAClientIsRefusedWhileFiveAreOpenAndAcceptedAfterOneCloses() throws Exception {
    InFlightTracker tracker = new InFlightTracker(5, 1_000);
    serve(tracker, ConnectionPolicy.none(), RateLimitKey.ip());
    List<WebSocket> open = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Recorder r = new Recorder();
      recorders.add(r);
      open.add(open(r, "a"));
    }
    assertThat(tracker.inFlight()).isEqualTo(5);
    open.get(4).sendText("hello", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(recorders.get(4).texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hello");

    assertThatThrownBy(() -> open(new Recorder(), "a"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
          assertThat(e.getResponse().statusCode()).isEqualTo(503);
          assertThat(e.getResponse().headers().firstValue("Retry-After")).hasValue("1");
        });
    assertThat(tracker.inFlight()).isEqualTo(5);

    open.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(tracker.await(4, WAIT)).isTrue();
    open.set(0, open(new Recorder(), "a"));
    assertThat(tracker.inFlight()).isEqualTo(5);

    for (WebSocket s : open) {
      s.abort();
    }
    assertThat(tracker.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void aClientThatVanishesWithoutACloseFrameFreesItsPermitWhenItMissesAPong() throws Exception {
    InFlightTracker tracker = new InFlightTracker(5, 1_000);
    serve(tracker, ConnectionPolicy.none().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(100)),
        RateLimitKey.ip());
    try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = silent.getOutputStream();
      out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = silent.getInputStream();
      assertThat(statusLine(in)).startsWith("HTTP/1.1 101");
      // The client now answers nothing: no pong, no close frame; its TCP connection stays open.
      // (Whether the permit is still held at this point depends on how fast this thread runs;
      // the other tests show that an answering socket keeps it.)
      assertThat(tracker.awaitIdle(WAIT)).isTrue();
      silent.setSoTimeout((int) WAIT.toMillis());
      while (in.read() != -1) {
        // the server's pings, until it closes the connection
      }
    }
  }

  @Test
  void aHeartbeatKeepsAnAnsweringClientOpenAndIdleExpiryClosesItWith1001() throws Exception {
    InFlightTracker tracker = new InFlightTracker(5, 1_000);
    serve(tracker, ConnectionPolicy.none().withIdleTimeout(Duration.ofMillis(300))
        .withHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(20)), RateLimitKey.ip());
    Recorder recorder = new Recorder();
    open(recorder, "a");

    assertThat(recorder.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    assertThat(recorder.pings.get()).isPositive();
    assertThat(tracker.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void aDrainLetsRequestsInFlightFinishRefusesNewOnesAndReturnsWhenTheLastEnds() throws Exception {
    InFlightTracker tracker = new InFlightTracker(5, 1_000);
    Edge edge = serve(tracker, ConnectionPolicy.none(), RateLimitKey.ip());
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      slow.add(CLIENT.sendAsync(HttpRequest.newBuilder(http("/slow")).build(), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(app.awaitParked(2, WAIT)).isTrue();
    CompletableFuture<DrainResult> drain = CompletableFuture.supplyAsync(() -> drain(edge, WAIT));
    while (!edge.isDraining()) {
      Thread.onSpinWait();
    }

    HttpResponse<String> refused = CLIENT.send(HttpRequest.newBuilder(http("/ok")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(refused.headers().firstValue("Connection")).hasValue("close");
    assertThat(refused.body()).contains("shutting down");
    assertThat(drain).isNotDone();

    assertThat(app.releaseSlow()).isEqualTo(2);
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(drain.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new DrainResult(true, 0, 0));
  }

  @Test
  void aDrainWhoseDeadlinePassesClosesOpenSocketsWith1001AndRefusesNewUpgrades() throws Exception {
    InFlightTracker tracker = new InFlightTracker(5, 1_000);
    Edge edge = serve(tracker, ConnectionPolicy.none(), RateLimitKey.ip());
    Recorder recorder = new Recorder();
    open(recorder, "a");

    DrainResult result = edge.drain(Duration.ZERO);
    // The client has its 101; the server may not have handed the exchange its connection yet (a
    // servlet filter does so after the chain returns): then the drain counts a request left, and the
    // connection is told to go away as soon as it opens. Either way the socket gets its 1001.
    assertThat(result).isIn(new DrainResult(false, 0, 1), new DrainResult(false, 1, 0));
    assertThat(recorder.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    assertThat(tracker.awaitIdle(WAIT)).isTrue();
    assertThatThrownBy(() -> open(new Recorder(), "a")).cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
  }

  @Test
  @Tag("load")
  void aTotalOfOneThousandHoldsUnderTwentyClients() throws Exception {
    InFlightTracker tracker = new InFlightTracker(60, 1_000);
    serve(tracker, ConnectionPolicy.none(), RateLimitKey.header("X-Client"));
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<WebSocket> open = new ArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<List<WebSocket>>> clients = new ArrayList<>();
      for (int c = 0; c < 20; c++) {
        String client = "client-" + c;
        clients.add(pool.submit(() -> {
          List<WebSocket> mine = new ArrayList<>();
          for (int i = 0; i < 60; i++) {
            try {
              mine.add(open(new Recorder(), client));
            } catch (ExecutionException e) {
              assertThat(e.getCause()).isInstanceOfSatisfying(WebSocketHandshakeException.class,
                  h -> assertThat(h.getResponse().statusCode()).isEqualTo(503));
              refused.incrementAndGet();
            }
          }
          return mine;
        }));
      }
      for (Future<List<WebSocket>> f : clients) {
        open.addAll(f.get(5, TimeUnit.MINUTES));
      }
      assertThat(open).hasSize(1_000);
      assertThat(refused).hasValue(200);
      assertThat(tracker.inFlight()).isEqualTo(1_000);
    } finally {
      pool.shutdownNow();
      for (WebSocket s : open) {
        s.abort();
      }
    }
    assertThat(tracker.awaitIdle(WAIT)).isTrue();
  }

  @Test
  @Tag("load")
  void tenTimesFiveHundredOpenCloseCyclesLeakNoPermit() throws Exception {
    InFlightTracker tracker = new InFlightTracker(500, 1_000);
    Edge edge = serve(tracker, ConnectionPolicy.none(), RateLimitKey.ip());
    for (int round = 0; round < 10; round++) {
      List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        opening.add(CLIENT.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(ws(), new Recorder()));
      }
      List<WebSocket> open = new ArrayList<>();
      for (CompletableFuture<WebSocket> f : opening) {
        open.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertThat(tracker.inFlight()).isEqualTo(500);
      for (int i = 0; i < open.size(); i++) {
        if (i % 2 == 0) {
          CompletableFuture<WebSocket> closing = open.get(i).sendClose(WebSocket.NORMAL_CLOSURE, "");
          closing.exceptionally(e -> null);
        } else {
          open.get(i).abort();
        }
      }
      assertThat(tracker.awaitIdle(WAIT)).as("round %s", round).isTrue();
    }
    // Returns as soon as the edge's own count is zero too (it is decremented just after the permit).
    assertThat(edge.drain(WAIT)).isEqualTo(new DrainResult(true, 0, 0));
  }

  private static DrainResult drain(Edge edge, Duration deadline) {
    try {
      return edge.drain(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads an HTTP response head and returns its status line. */
  private static String statusLine(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    int end = head.indexOf("\r\n");
    return end < 0 ? head.toString() : head.substring(0, end);
  }

  /** A client listener that records texts, pings and the close status. */
  static final class Recorder implements WebSocket.Listener {
    final java.util.concurrent.BlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        texts.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      pings.incrementAndGet();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
