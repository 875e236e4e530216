package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.contract.RawClient;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients on a real server (#17 item 2): the idle, head and body timeouts, each short here
 * (200 ms), and each asserted by the event it causes (an answer, the connection closing, a permit
 * given back), never by how long it took.
 */
class ReadTimeoutTest {

  private static final Duration SHORT = Duration.ofMillis(200);

  private final RawServer server;

  ReadTimeoutTest() throws InterruptedException {
    server = new RawServer(ReadTimeouts.builder().idleTimeout(SHORT).headTimeout(SHORT).bodyTimeout(SHORT).build());
  }

  @AfterEach
  void close() throws Exception {
    server.close();
    assertThat(server.permits.inFlight()).as("permits in flight").isZero();
  }

  private static void assertTimedOut(RawClient.Response r, String detail) {
    assertThat(r.status()).isEqualTo(408);
    assertThat(r.headers()).containsEntry("connection", "close")
        .containsEntry("content-type", "application/problem+json")
        .containsEntry("x-content-type-options", "nosniff");
    assertThat(Fixture.json(Fixture.utf8(r.body())).get("detail").asText()).isEqualTo(detail);
  }

  @Test
  void aConnectionThatSentNothingWasHeldForever() throws Exception {
    try (RawClient client = server.connect()) {
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void anIdleKeptAliveConnectionWasHeldForever() throws Exception {
    try (RawClient client = server.connect()) {
      assertThat(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);

      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.app.seen).containsExactly("GET /a");
  }

  @Test
  void halfAHeadWasHeldForever() throws Exception {
    try (RawClient client = server.connect()) {
      client.send("GET /a HTTP/1.1\r\nHost: x\r\n");

      assertTimedOut(client.read(), "The request head was not received in time.");
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.app.seen).isEmpty();
  }

  @Test
  void aBodyThatNeverCameHeldItsRoutesPermitForever() throws Exception {
    try (RawClient client = server.connect()) {
      client.send("GET /api/stream HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n");

      assertTimedOut(client.read(), "The request body was not received in time.");
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.permits.inFlight()).isZero();
    try (RawClient next = server.connect()) {
      assertThat(next.send("GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
          .as("the permit was given back: the next request is admitted").isEqualTo(200);
    }
    assertThat(server.app.seen).containsExactly("GET /api/stream");
  }

  @Test
  void aChunkedBodyThatStalledWhileBeingCheckedHeldItsPermitForever() throws Exception {
    try (RawClient client = server.connect()) {
      client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");

      assertTimedOut(client.read(), "The request body was not received in time.");
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.permits.inFlight()).isZero();
    assertThat(server.app.seen).isEmpty();
  }

  @Test
  void theUnsentBodyOfARejectedRequestHeldTheConnectionForever() throws Exception {
    try (RawClient client = server.connect()) {
      client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n");

      RawClient.Response r = client.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.headers()).doesNotContainKey("connection");
      assertThat(client.closedByServer()).as("closed without a second answer").isTrue();
    }
    assertThat(server.app.seen).isEmpty();
  }

  @Test
  void aResponseTheApplicationTakesLongerThanTheIdleTimeoutToWriteIsNotCut() throws Exception {
    try (RawClient slow = server.connect()) {
      slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      server.app.awaitParked();
      // A connection opened after the slow request arrived: once its idle timeout has expired,
      // the slow connection has been waiting for its response longer than that.
      try (RawClient clock = server.connect()) {
        assertThat(clock.closedByServer()).isTrue();
      }

      server.app.answerParked();

      assertThat(slow.read().status()).isEqualTo(200);
      assertThat(slow.closedByServer()).as("idle again after the response").isTrue();
    }
  }

  @Test
  void aConnectionThatSwitchedProtocolsIsNotTimedOut() throws Exception {
    try (RawClient upgraded = server.connect()) {
      upgraded.send("GET /upgrade HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
      assertThat(upgraded.read().status()).isEqualTo(101);
      try (RawClient clock = server.connect()) {
        assertThat(clock.closedByServer()).isTrue();
      }

      // Still open, idle longer than the idle timeout; this app goes on reading HTTP/1.1.
      assertThat(upgraded.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
    }
  }

  @Test
  void timeoutsAreValidatedEagerly() {
    assertThat(ReadTimeouts.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ReadTimeouts.defaults().headTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ReadTimeouts.defaults().bodyTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(ReadTimeouts.builder().bodyTimeout(Duration.ofSeconds(20)).build()).isEqualTo(ReadTimeouts.defaults())
        .hasSameHashCodeAs(ReadTimeouts.defaults())
        .hasToString("ReadTimeouts[idle=PT30S, head=PT10S, body=PT20S]");
    assertThat(ReadTimeouts.builder().idleTimeout(ChronoUnit.FOREVER.getDuration()).build().idleNanos)
        .as("never").isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> ReadTimeouts.builder().idleTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("idleTimeout");
    assertThatThrownBy(() -> ReadTimeouts.builder().headTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("headTimeout must be positive but was PT0S");
    assertThatThrownBy(() -> ReadTimeouts.builder().bodyTimeout(SHORT).bodyTimeout(SHORT))
        .isInstanceOf(IllegalStateException.class).hasMessage("bodyTimeout was already set to PT0.2S");
    assertThatThrownBy(() -> new BulwarkHandler(server.edge, null))
        .isInstanceOf(NullPointerException.class).hasMessage("timeouts");
  }
}
