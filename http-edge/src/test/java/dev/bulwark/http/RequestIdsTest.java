package dev.bulwark.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Request identifiers: their format, uniqueness, trust, and where the edge puts them. */
class RequestIdsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void generatedIdsArePrefixDashCounterInLowerCaseHex() {
    RequestIds ids = new RequestIds("X-Request-ID", 0x3f9a0c1e);

    assertThat(ids.next()).isEqualTo("3f9a0c1e-000000000001");
    assertThat(ids.next()).isEqualTo("3f9a0c1e-000000000002");
    for (int i = 0; i < 13; i++) {
      ids.next();
    }
    assertThat(ids.next()).isEqualTo("3f9a0c1e-000000000010");
    assertThat(new RequestIds("X-Request-ID", -1).next()).isEqualTo("ffffffff-000000000001");
  }

  @Test
  void idsAreUniqueAcrossManyThreads() throws Exception {
    RequestIds ids = RequestIds.standard();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    int threads = 8;
    int each = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < each; i++) {
          seen.add(ids.next());
        }
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(seen).hasSize(threads * each);
  }

  @Test
  void aProxysValueIsKeptOnlyFromATrustedPeerAndOnlyWhenWellFormed() {
    RequestIds ids = new RequestIds("X-Request-ID", 1);
    ClientIpResolver trusting = ClientIpResolver.trustedProxies("10.0.0.0/8");

    assertThat(ids.idOf(FakeRequest.get("/").peer("10.1.2.3").header("X-Request-ID", "abc-123"), trusting))
        .isEqualTo("abc-123");
    assertThat(ids.idOf(FakeRequest.get("/").peer("203.0.113.9").header("X-Request-ID", "abc-123"), trusting))
        .isEqualTo("00000001-000000000001");
    assertThat(ids.idOf(FakeRequest.get("/").peer("10.1.2.3").header("X-Request-ID", "abc-123"), ClientIpResolver.peer()))
        .isEqualTo("00000001-000000000002");
    assertThat(ids.idOf(FakeRequest.get("/").peer("10.1.2.3").header("X-Request-ID", "a b"), trusting))
        .isEqualTo("00000001-000000000003");
    assertThat(ids.idOf(FakeRequest.get("/").peer("10.1.2.3"), trusting)).isEqualTo("00000001-000000000004");
  }

  @Test
  void wellFormedMeansOneTo128SafeCharacters() {
    assertThat(RequestIds.isWellFormed("550e8400-e29b-41d4-a716-446655440000")).isTrue();
    assertThat(RequestIds.isWellFormed("Root=1-67891233-abcdef012345678912345678;Self=x")).isFalse();
    assertThat(RequestIds.isWellFormed("a_b.c:d/e+f=g@h")).isTrue();
    assertThat(RequestIds.isWellFormed("x".repeat(128))).isTrue();
    assertThat(RequestIds.isWellFormed("x".repeat(129))).isFalse();
    assertThat(RequestIds.isWellFormed("")).isFalse();
    assertThat(RequestIds.isWellFormed("line\nbreak")).isFalse();
    assertThat(RequestIds.isWellFormed("caf\u00e9")).isFalse();
  }

  @Test
  void theHeaderNameMustBeAToken() {
    assertThat(RequestIds.header("X-Correlation-ID").headerName()).isEqualTo("X-Correlation-ID");
    assertThat(RequestIds.standard()).hasToString("RequestIds[X-Request-ID]");
    assertThatThrownBy(() -> RequestIds.header("bad header")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad header");
    assertThatThrownBy(() -> RequestIds.header(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Edge.builder().requestIds(RequestIds.standard()).requestIds(RequestIds.standard()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAdmittedExchangeWritesItsIdAndARefusalCarriesItInHeaderAndBothBodies() {
    Edge edge = Edge.builder().ticker(new ManualTicker()).clock(CLOCK).requestIds(new RequestIds("X-Request-ID", 0xabc))
        .clientIpResolver(ClientIpResolver.trustedProxies("10.0.0.0/8"))
        .route(Route.builder("/a").name("a").rateLimit(RateLimitGate.of("1/minute")).build())
        .route(Route.builder("/e").name("e").rateLimit(RateLimitGate.of("1/minute"))
            .errorBodyWriter(ErrorBodyWriter.envelope()).build())
        .build();

    EdgeExchange admitted = edge.begin(FakeRequest.get("/a").peer("10.0.0.1").header("X-Request-ID", "lb-1"));
    RecordingResponse response = new RecordingResponse();
    admitted.writeHeaders(response);
    admitted.complete(200);
    EdgeExchange refused = edge.begin(FakeRequest.get("/a").peer("10.0.0.1"));
    edge.begin(FakeRequest.get("/e")).complete(200);
    EdgeExchange enveloped = edge.begin(FakeRequest.get("/e"));

    assertThat(admitted.requestId()).isEqualTo("lb-1");
    assertThat(response.containsHeader("X-Request-ID")).isTrue();
    assertThat(refused.requestId()).isEqualTo("00000abc-000000000001");
    EdgeRejection rejection = refused.rejection();
    assertThat(rejection.headers()).contains(ResponseHeader.of("X-Request-ID", "00000abc-000000000001"));
    assertThat(new String(rejection.body(), UTF_8)).endsWith(",\"requestId\":\"00000abc-000000000001\"}");
    assertThat(new String(enveloped.rejection().body(), UTF_8))
        .endsWith("\"timestamp\":\"2024-01-01T00:00:00Z\",\"request_id\":\"00000abc-000000000003\"}}");
  }

  @Test
  void anEdgeWithoutIdsHasNone() {
    Edge edge = Edge.builder().build();
    EdgeExchange exchange = edge.begin(FakeRequest.get("/x").header("X-Request-ID", "abc"));
    RecordingResponse response = new RecordingResponse();
    exchange.writeHeaders(response);
    assertThat(exchange.requestId()).isNull();
    assertThat(response.containsHeader("X-Request-ID")).isFalse();
  }

  @Test
  void errorBodyRequestIdIsSetOnceAndReserved() {
    ErrorBody body = ErrorBody.builder(404).requestId("r-1").build();
    assertThat(body.requestId()).isEqualTo("r-1");
    assertThat(new String(ErrorBodyWriter.problemJson().write(body), UTF_8)).contains("\"requestId\":\"r-1\"");
    assertThatThrownBy(() -> ErrorBody.builder(404).requestId("a").requestId("b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ErrorBody.builder(404).extension("requestId", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
