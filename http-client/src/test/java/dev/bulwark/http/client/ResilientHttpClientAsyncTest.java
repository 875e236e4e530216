package dev.bulwark.http.client;

import static dev.bulwark.http.client.ResilientHttpClientTest.CLOCK;
import static dev.bulwark.http.client.ResilientHttpClientTest.HTTP;
import static dev.bulwark.http.client.ResilientHttpClientTest.MS;
import static dev.bulwark.http.client.ResilientHttpClientTest.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.RetryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The async path makes the same decisions as the sync one; waits are recorded, never slept. */
class ResilientHttpClientAsyncTest {

  final ManualTicker ticker = new ManualTicker();
  final RecordingScheduler scheduler = new RecordingScheduler(ticker);
  ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
    scheduler.shutdownNow();
  }

  ResilientHttpClientBuilder builder() {
    return ResilientHttpClient.builder(HTTP)
        .ticker(ticker)
        .sleeper(nanos -> {
          throw new AssertionError("an async call slept");
        })
        .clock(CLOCK)
        .random(() -> 0.5)
        .scheduler(scheduler);
  }

  HttpRequest get() {
    return HttpRequest.newBuilder(server.uri("/r")).GET().build();
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void serverErrorsAreRetriedWithTheSameWaits() throws Exception {
    server.status(503).status(502);

    HttpResponse<String> response = await(builder().build().sendAsync(get(), BodyHandlers.ofString()));

    assertThat(response.body()).isEqualTo("ok 3");
    assertThat(scheduler.delays()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void theLastFailedResponseIsReturnedWithItsBody() throws Exception {
    server.status(503).status(503).status(500);

    HttpResponse<InputStream> response =
        await(builder().build().sendAsync(get(), BodyHandlers.ofInputStream()));

    assertThat(response.statusCode()).isEqualTo(500);
    try (InputStream body = response.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("status 500");
    }
    assertThat(server.count()).isEqualTo(3);
  }

  @Test
  void retryAfterAndRateLimitHintsAreHonoured() throws Exception {
    server.status(429, "Retry-After", "Sun, 06 Nov 1994 08:49:39 GMT")
        .status(503, "RateLimit", "\"default\";r=0;t=3");

    assertThat(await(builder().build().sendAsync(get(), BodyHandlers.ofString())).statusCode())
        .isEqualTo(200);
    assertThat(scheduler.delays()).containsExactly(2 * SECOND, 3 * SECOND);
  }

  @Test
  void aHintBeyondTheLimitIsReturnedAtOnce() throws Exception {
    server.status(503, "Retry-After", "3600");

    HttpResponse<String> response = await(builder().build().sendAsync(get(), BodyHandlers.ofString()));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("status 503");
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    server.reset().reset();   // the JDK client re-sends once by itself (see the sync test)

    assertThat(await(builder().build().sendAsync(get(), BodyHandlers.ofString())).body())
        .isEqualTo("ok 3");
    assertThat(scheduler.delays()).containsExactly(100 * MS);
  }

  @Test
  void idempotencyRulesAreTheSame() throws Exception {
    server.status(503).status(503);
    ResilientHttpClient client = builder().build();
    HttpRequest post = HttpRequest.newBuilder(server.uri("/r")).POST(BodyPublishers.ofString("x")).build();
    HttpRequest keyed = HttpRequest.newBuilder(server.uri("/r")).header("Idempotency-Key", "k1")
        .POST(BodyPublishers.ofString("x")).build();

    assertThat(await(client.sendAsync(post, BodyHandlers.ofString())).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(1);
    assertThat(await(client.sendAsync(keyed, BodyHandlers.ofString())).statusCode()).isEqualTo(200);
    assertThat(server.count()).isEqualTo(3);
  }

  @Test
  void connectionRefusedIsRetriedForAPost() throws Exception {
    HttpRequest post = HttpRequest.newBuilder(ResilientHttpClientTest.closedPort())
        .POST(BodyPublishers.ofString("x")).build();

    Assertions.assertThatThrownBy(() -> await(builder().build().sendAsync(post, BodyHandlers.ofString())))
        .isInstanceOf(ConnectException.class);
    assertThat(scheduler.delays()).containsExactly(100 * MS, 200 * MS);
  }

  @Test
  void aBodyThatCannotBeReplayedIsSentOnce() throws Exception {
    server.status(503);
    HttpRequest put = HttpRequest.newBuilder(server.uri("/r"))
        .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofString("v1"))).build();

    assertThat(await(builder().build().sendAsync(put, BodyHandlers.ofString())).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(1);
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void theBudgetAndTheBreakerAreShared() throws Exception {
    ResilientHttpClient client = builder()
        .policy(HttpPolicy.builder()
            .retryBudget(() -> RetryBudget.tokenBucket(4, 0.1))
            .circuitBreaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(3)).build())
            .build())
        .build();
    server.status(503).status(503).status(503);

    assertThat(await(client.sendAsync(get(), BodyHandlers.ofString())).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(2);                 // the budget refused the second retry
    assertThat(await(client.sendAsync(get(), BodyHandlers.ofString())).statusCode()).isEqualTo(503);
    assertThat(server.count()).isEqualTo(3);                 // the budget refused every retry

    Assertions.assertThatThrownBy(() -> await(client.sendAsync(get(), BodyHandlers.ofString())))
        .isInstanceOf(CircuitOpenException.class);           // three failures opened the breaker
    assertThat(server.count()).isEqualTo(3);
  }
}
