package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's WebSocket echo at {@code /ws} and its drain on shutdown (issue #19), on both servers. */
class DemoWebSocketTest {

  /** A client per test, as each test starts its own demo: no pooled connection outlives its server. */
  private final HttpClient client = HttpClient.newHttpClient();

  private static RunningDemo.Server server(boolean netty) {
    return netty
        ? gateway -> NettyDemoServer.start("127.0.0.1", 0, gateway)
        : gateway -> JettyDemoServer.start("127.0.0.1", 0, gateway);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void wsEchoesAndTheSixthSocketOfAClientIsRefusedThenADrainClosesThemWith1001(boolean netty) throws Exception {
    try (RunningDemo demo = new RunningDemo(server(netty), b -> { })) {
      URI ws = URI.create("ws://127.0.0.1:" + demo.server.port() + "/ws");
      List<Texts> listeners = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Texts texts = new Texts();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(ws, texts).get(30, TimeUnit.SECONDS);
        socket.sendText("hello " + i, true).get(30, TimeUnit.SECONDS);
        assertThat(texts.received.poll(30, TimeUnit.SECONDS)).isEqualTo("hello " + i);
        listeners.add(texts);
      }
      assertThatThrownBy(() -> client.newWebSocketBuilder().buildAsync(ws, new Texts()).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOfSatisfying(WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));

      ByteArrayOutputStream err = new ByteArrayOutputStream();
      new ShutdownDrain(demo.gateway.edges()::current, demo.server, Duration.ZERO,
          new PrintStream(err, true, StandardCharsets.UTF_8)).run();

      for (Texts texts : listeners) {
        assertThat(texts.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
      }
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("5 WebSocket(s) closed with 1001");
    }
  }

  @org.junit.jupiter.api.Test
  void theDrainDeadlineComesFromTheEnvironment() throws Exception {
    assertThat(ShutdownDrain.deadline(Map.of())).isEqualTo(Duration.ofSeconds(30));
    assertThat(ShutdownDrain.deadline(Map.of(ShutdownDrain.ENV, " 5 "))).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> ShutdownDrain.deadline(Map.of(ShutdownDrain.ENV, "3601")))
        .isInstanceOf(UsageException.class).hasMessageContaining("BULWARK_DRAIN_SECONDS");
    assertThatThrownBy(() -> ShutdownDrain.deadline(Map.of(ShutdownDrain.ENV, "-1")))
        .isInstanceOf(UsageException.class);
  }

  /** Records the text messages and the close status a socket receives. */
  static final class Texts implements WebSocket.Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      received.add(data.toString());
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
