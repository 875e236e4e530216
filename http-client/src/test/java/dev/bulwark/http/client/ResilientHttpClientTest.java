package dev.bulwark.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitExceededException;
import dev.bulwark.retry.RetryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync client against a real local server; every wait goes through a manual clock. */
class ResilientHttpClientTest {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000_000_000L;
  /** 08:49:37 GMT on 6 Nov 1994, the RFC 9110 example date. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC);

  final ManualTicker ticker = new ManualTicker();
  ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ResilientHttpClientBuilder builder() {
    return ResilientHttpClient.builder(HTTP)
        .ticker(ticker)
        .sleeper(ticker.sleeper())
        .clock(CLOCK)
        .random(() -> 0.5);   // proportional jitter at the centre: the delays are exact
  }

  ResilientHttpClient client() {
    return builder().build();
  }

  HttpRequest get() {
    return HttpRequest.newBuilder(server.uri("/r")).GET().build();
  }

  @Test
  void twoServerErrorsAreRetriedWithTheServicesBackoff() throws Exception {
    server.status(503).status(502);

    HttpResponse<String> response = client().send(get(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok 3");
    assertThat(server.count()).isEqualTo(3);
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void whenEveryAttemptFailsTheLastResponseIsReturnedWithItsBody() throws Exception {
    server.status(500).status(504).status(503);

    HttpResponse<String> response = client().send(get(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("status 503");
    assertThat(response.uri()).isEqualTo(server.uri("/r"));
    assertThat(server.count()).isEqualTo(3);
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void aStatusOutsideTheSetIsNotRetried() throws Exception {
    server.status(501).status(404);
    ResilientHttpClient client = client();

    assertThat(client.send(get(), BodyHandlers.ofString()).body()).isEqualTo("status 501");
    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    assertThat(server.count()).isEqualTo(2);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void theStatusSetIsConfigurable() throws Exception {
    server.status(409).status(503);
    ResilientHttpClient client =
        builder().policy(HttpPolicy.builder().retryOnStatus(409).build()).build();

    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(2);   // 409 retried, 503 returned as it is
  }

  @Test
  void retryAfterInSecondsIsWaitedWhenLongerThanTheBackoff() throws Exception {
    server.status(429, "Retry-After", "2").status(503, "Retry-After", "0");

    assertThat(client().send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(ticker.sleeps()).containsExactly(2 * SECOND, 200 * MS);
  }

  @Test
  void retryAfterAsAnHttpDateIsReadWithTheClock() throws Exception {
    server.status(503, "Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT");

    assertThat(client().send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(ticker.sleeps()).containsExactly(3 * SECOND);
  }

  @Test
  void aRetryAfterBeyondMaxRetryAfterIsReturnedAtOnce() throws Exception {
    server.status(429, "Retry-After", "11");

    HttpResponse<String> response = client().send(get(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("11");
    assertThat(response.body()).isEqualTo("status 429");
    assertThat(server.count()).isEqualTo(1);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void aWaitReachingTheOverallTimeoutIsNotTaken() throws Exception {
    server.status(503, "Retry-After", "5");
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder().overallTimeout(Duration.ofSeconds(5)).build())
        .build();

    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(1);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void anExhaustedRateLimitQuotaIsWaitedFor() throws Exception {
    server.status(429, "RateLimit", "\"burst\";r=3;t=1, \"hour\";r=0;t=4",
        "RateLimit-Policy", "\"burst\";q=10;w=1, \"hour\";q=100;w=3600");
    server.status(503, "RateLimit", "\"default\";r=0", "RateLimit-Policy", "\"default\";q=5;w=6");

    assertThat(client().send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    // t of the exhausted quota; then the policy's window stands in for a missing t
    assertThat(ticker.sleeps()).containsExactly(4 * SECOND, 6 * SECOND);
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    // the JDK client itself re-sends an idempotent request once when the connection closes
    // before the response starts, so two resets make one failed attempt
    server.reset().reset();

    HttpResponse<String> response = client().send(get(), BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("ok 3");
    assertThat(ticker.sleeps()).containsExactly(100 * MS);
  }

  @Test
  void anAttemptThatTimesOutIsRetried() throws Exception {
    server.hang();   // held until the server closes; the client gives up after 50 ms
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder().attemptTimeout(Duration.ofMillis(50)).build())
        .build();

    HttpResponse<String> response = client.send(get(), BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("ok 2");
    assertThat(ticker.sleeps()).containsExactly(100 * MS);
  }

  @Test
  void everyAttemptTimingOutEndsWithTheTimeout() throws Exception {
    server.hang().hang();
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder().maxAttempts(2).attemptTimeout(Duration.ofMillis(50)).build())
        .build();

    assertThatThrownBy(() -> client.send(get(), BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void connectionRefusedIsRetriedEvenForAPost() throws Exception {
    URI closed = closedPort();
    ResilientHttpClient client = client();
    HttpRequest post = HttpRequest.newBuilder(closed).POST(BodyPublishers.ofString("x")).build();

    assertThatThrownBy(() -> client.send(post, BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void aPostIsNotRetriedOnAStatusNorAReset() throws Exception {
    server.status(503).reset();
    ResilientHttpClient client = client();
    HttpRequest post = HttpRequest.newBuilder(server.uri("/r")).POST(BodyPublishers.ofString("x")).build();

    assertThat(client.send(post, BodyHandlers.ofString()).body()).isEqualTo("status 503");
    assertThatThrownBy(() -> client.send(post, BodyHandlers.ofString())).isInstanceOf(IOException.class);
    assertThat(server.count()).isEqualTo(2);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void aPostWithAnIdempotencyKeyIsRetried() throws Exception {
    server.status(503);
    HttpRequest post = HttpRequest.newBuilder(server.uri("/r"))
        .header("Idempotency-Key", "8e03978e-40d5-43e8-bc93-6894a57f9324")
        .POST(BodyPublishers.ofString("order 1"))
        .build();

    assertThat(client().send(post, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(server.received()).extracting(ScriptedServer.Received::body)
        .containsExactly("order 1", "order 1");
  }

  @Test
  void aPolicyMayRetryEveryMethod() throws Exception {
    server.status(503);
    ResilientHttpClient client =
        builder().policy(HttpPolicy.builder().retryNonIdempotent().build()).build();
    HttpRequest patch = HttpRequest.newBuilder(server.uri("/r"))
        .method("PATCH", BodyPublishers.ofByteArray("p".getBytes(StandardCharsets.UTF_8)))
        .build();

    assertThat(client.send(patch, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(server.count()).isEqualTo(2);
  }

  @Test
  void aBodyThatCannotBeReplayedIsSentOnce() throws Exception {
    server.status(503);
    HttpRequest put = HttpRequest.newBuilder(server.uri("/r"))
        .PUT(BodyPublishers.fromPublisher(publisherOf("v1")))
        .build();

    HttpResponse<String> response = client().send(put, BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(server.received()).extracting(ScriptedServer.Received::body).containsExactly("v1");
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void aBodyDeclaredReplayableIsSentAgain() throws Exception {
    server.status(503);
    byte[] bytes = "v2".getBytes(StandardCharsets.UTF_8);
    HttpRequest put = HttpRequest.newBuilder(server.uri("/r"))
        .PUT(ReplayableBodies.replayable(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))))
        .build();

    assertThat(client().send(put, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(server.received()).extracting(ScriptedServer.Received::body).containsExactly("v2", "v2");
  }

  @Test
  void theKnownPublishersAreReplayableAndTheOthersAreNot() {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/r"));
    assertThat(ReplayableBodies.isReplayable(b.copy().GET().build())).isTrue();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(BodyPublishers.noBody()).build())).isTrue();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(BodyPublishers.ofString("s")).build())).isTrue();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(BodyPublishers.ofByteArray(new byte[] {1})).build())).isTrue();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(BodyPublishers.ofByteArray(new byte[] {1, 2}, 1, 1)).build())).isTrue();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(
        BodyPublishers.ofInputStream(() -> InputStream.nullInputStream())).build())).isFalse();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(
        BodyPublishers.ofByteArrays(List.of(new byte[] {1}))).build())).isFalse();
    assertThat(ReplayableBodies.isReplayable(b.copy().POST(
        BodyPublishers.fromPublisher(publisherOf("x"))).build())).isFalse();
  }

  @Test
  void failedAttemptsBodiesAreConsumedByTheClientAndNeverReachTheCallersHandler() throws Exception {
    server.status(503).status(500);
    AtomicInteger handed = new AtomicInteger();
    BodyHandler<InputStream> counting = info -> {
      handed.incrementAndGet();
      return BodyHandlers.ofInputStream().apply(info);
    };

    HttpResponse<InputStream> response = client().send(get(), counting);

    try (InputStream body = response.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok 3");
    }
    assertThat(handed).hasValue(1);
    // each failed body was read to its end, so the same connection carried all three attempts
    assertThat(server.received()).extracting(ScriptedServer.Received::remotePort).containsOnly(
        server.received().get(0).remotePort());
  }

  @Test
  void theFinalFailedResponseReachesAStreamingHandler() throws Exception {
    server.status(503).status(503).status(503);

    HttpResponse<InputStream> response = client().send(get(), BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(503);
    try (InputStream body = response.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("status 503");
    }
  }

  @Test
  void anEmptyRetryBudgetStopsRetrying() throws Exception {
    RetryBudget budget = RetryBudget.tokenBucket(4, 0.1);
    ResilientHttpClient client =
        builder().policy(HttpPolicy.builder().retryBudget(() -> budget).build()).build();
    for (int i = 0; i < 5; i++) {
      server.status(503);
    }

    // 4 tokens; each failure takes one; retries only while more than 2 remain
    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(2);
    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(3);
    assertThat(ticker.sleeps()).containsExactly(100 * MS);
    assertThat(client.retryBudget(server.authority())).containsSame(budget);
  }

  @Test
  void eachHostGetsItsOwnBudgetByDefault() throws Exception {
    try (ScriptedServer other = new ScriptedServer()) {
      ResilientHttpClient client = client();
      client.send(get(), BodyHandlers.ofString());
      client.send(HttpRequest.newBuilder(other.uri("/r")).build(), BodyHandlers.ofString());

      assertThat(client.hosts()).containsExactlyInAnyOrder(server.authority(), other.authority());
      assertThat(client.retryBudget(server.authority()).orElseThrow())
          .isNotSameAs(client.retryBudget(other.authority()).orElseThrow());
    }
  }

  @Test
  void theBreakerOfOneHostOpensWithoutAffectingAnother() throws Exception {
    HttpPolicy policy = HttpPolicy.builder()
        .maxAttempts(1)
        .circuitBreaker(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(2))
            .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
            .build())
        .build();
    ResilientHttpClient client = builder().policy(policy).build();
    server.status(500).status(503);
    try (ScriptedServer other = new ScriptedServer()) {
      assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(500);
      assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);

      assertThatThrownBy(() -> client.send(get(), BodyHandlers.ofString()))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(server.count()).isEqualTo(2);
      assertThat(client.circuitBreaker(server.authority()).orElseThrow().state())
          .isEqualTo(CircuitState.OPEN);

      HttpRequest toOther = HttpRequest.newBuilder(other.uri("/r")).build();
      assertThat(client.send(toOther, BodyHandlers.ofString()).body()).isEqualTo("ok 1");
      assertThat(client.circuitBreaker(other.authority()).orElseThrow().state())
          .isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void anOpenBreakerStopsTheRetriesOfTheCallThatOpenedIt() throws Exception {
    HttpPolicy policy = HttpPolicy.builder()
        .circuitBreaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
        .build();
    server.status(503).status(503).status(503);

    assertThatThrownBy(() -> builder().policy(policy).build().send(get(), BodyHandlers.ofString()))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(server.count()).isEqualTo(2);
    assertThat(ticker.sleeps()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void theRateLimitOfAHostRefusesWithoutSending() throws Exception {
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder().rateLimit(RateLimit.perSecond(2)).build())
        .build();
    client.send(get(), BodyHandlers.ofString());
    client.send(get(), BodyHandlers.ofString());

    assertThatThrownBy(() -> client.send(get(), BodyHandlers.ofString()))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(server.count()).isEqualTo(2);
    assertThat(ticker.sleeps()).isEmpty();

    ticker.advance(Duration.ofMillis(500));
    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void aHostMayHaveItsOwnPolicy() throws Exception {
    server.status(503).status(503);
    ResilientHttpClient client = builder()
        .policy(server.authority(), HttpPolicy.builder().maxAttempts(2).build())
        .build();

    assertThat(client.send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(2);
    assertThat(client.policy(server.authority()).maxAttempts()).isEqualTo(2);
    assertThat(client.policy("elsewhere:80")).isSameAs(HttpPolicy.defaults());
  }

  @Test
  void aNamedDependencySharesOnePipelineAcrossHosts() throws Exception {
    try (ScriptedServer other = new ScriptedServer()) {
      ResilientHttpClient client = builder().pipelineKey(request -> "llm").build();
      client.send(get(), BodyHandlers.ofString());
      client.send(HttpRequest.newBuilder(other.uri("/r")).build(), BodyHandlers.ofString());

      assertThat(client.hosts()).containsExactly("llm");
    }
  }

  @Test
  void maxHostsBoundsThePipelinesKept() throws Exception {
    try (ScriptedServer other = new ScriptedServer()) {
      ResilientHttpClient client = builder().maxHosts(1).build();
      client.send(get(), BodyHandlers.ofString());

      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(other.uri("/r")).build(),
          BodyHandlers.ofString()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maxHosts = 1");
      assertThat(other.count()).isZero();
    }
  }

  @Test
  void anAttemptGetsThePolicysTimeoutUnlessTheRequestHasOne() throws Exception {
    server.hang();
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder().maxAttempts(1).attemptTimeout(Duration.ofSeconds(60)).build())
        .build();
    HttpRequest quick = HttpRequest.newBuilder(server.uri("/r")).timeout(Duration.ofMillis(50)).build();

    assertThatThrownBy(() -> client.send(quick, BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void manyThreadsShareOneHostPipeline() throws Exception {
    ResilientHttpClient client = client();
    int threads = 8;
    int calls = 25;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < calls; i++) {
            ok += client.send(get(), BodyHandlers.ofString()).statusCode() == 200 ? 1 : 0;
          }
          return ok;
        }));
      }
      int ok = 0;
      for (java.util.concurrent.Future<Integer> f : results) {
        ok += f.get();
      }
      assertThat(ok).isEqualTo(threads * calls);
      assertThat(client.hosts()).containsExactly(server.authority());
      assertThat(server.count()).isEqualTo(threads * calls);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void maxHostsIsExactWhenManyThreadsOpenHostsAtOnce() throws Exception {
    ResilientHttpClient client = builder()
        .maxHosts(4)
        .pipelineKey(request -> request.headers().firstValue("X-Tenant").orElseThrow())
        .build();
    int threads = 16;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Boolean>> opened = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/r")).header("X-Tenant", "t" + t).build();
        opened.add(pool.submit(() -> {
          start.await();
          try {
            client.send(request, BodyHandlers.discarding());
            return true;
          } catch (IllegalStateException e) {
            return false;
          }
        }));
      }
      int ok = 0;
      for (java.util.concurrent.Future<Boolean> f : opened) {
        ok += f.get() ? 1 : 0;
      }
      assertThat(ok).isEqualTo(4);
      assertThat(client.hosts()).hasSize(4);
      assertThat(server.count()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theOverallTimeoutCutsAnAttemptsTimeout() {
    server.hang();
    ResilientHttpClient client = builder()   // attemptTimeout stays at its 10 s default
        .policy(HttpPolicy.builder().overallTimeout(Duration.ofMillis(100)).build())
        .build();

    // a guard against a hang, not a timing assertion: without the cut the attempt waits 10 s
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> client.send(get(), BodyHandlers.ofString()))
            .isInstanceOf(HttpTimeoutException.class));
    assertThat(server.count()).isEqualTo(1);
    assertThat(ticker.sleeps()).isEmpty();   // a 100 ms wait would reach the end of the 100 ms
  }

  @Test
  void anInterruptDuringAWaitStopsTheCall() throws Exception {
    server.status(503);
    ResilientHttpClient client = ResilientHttpClient.builder(HTTP)
        .ticker(ticker)
        .sleeper(nanos -> {
          throw new InterruptedException("stop");
        })
        .build();

    try {
      assertThatThrownBy(() -> client.send(get(), BodyHandlers.ofString()))
          .isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(server.count()).isEqualTo(1);
  }

  static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/r");
    }
  }

  /** A body the client cannot know to be replayable (the JDK's adapter of any publisher). */
  static Flow.Publisher<ByteBuffer> publisherOf(String text) {
    return BodyPublishers.ofString(text);
  }
}
