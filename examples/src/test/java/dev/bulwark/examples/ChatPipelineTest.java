package dev.bulwark.examples;

import static dev.bulwark.examples.DemoFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The chat route's {@code Pipeline.of(timeout, retry, breaker)} on a manual clock: the upstream
 * takes 100 ms a call, the retry waits exactly 100 ms then 200 ms (the jitter draws 0.5).
 */
class ChatPipelineTest {

  private final DemoFixture demo = new DemoFixture();

  private static DemoRequest chat(String prompt) {
    return post("/api/chat", "application/json", "{\"prompt\":\"" + prompt + "\"}");
  }

  @Test
  void answersThroughTheUpstream() {
    CompletableFuture<DemoResponse> f = demo.start(chat("hello"));
    demo.advance(Duration.ofMillis(99));
    assertThat(f).isNotDone();
    demo.advance(Duration.ofMillis(1));

    assertThat(f.join().status()).isEqualTo(200);
    assertThat(f.join().bodyText())
        .isEqualTo("{\"model\":\"simulated-llm\",\"reply\":\"Simulated reply to: hello\"}");
    assertThat(demo.scheduler.pending()).as("the 30 s timeout timer is cancelled").isZero();
  }

  @Test
  void retriesThreeTimesWithBackoffThenAnswers502() {
    demo.upstream.configure(new UpstreamSettings(1.0, 100));
    CompletableFuture<DemoResponse> f = demo.start(chat("hello"));

    demo.advance(Duration.ofMillis(100)); // attempt 1 fails at 100 ms, the retry waits 100 ms
    assertThat(demo.upstream.calls()).isEqualTo(1);
    demo.advance(Duration.ofMillis(100)); // attempt 2 starts at 200 ms
    assertThat(demo.upstream.calls()).isEqualTo(2);
    demo.advance(Duration.ofMillis(299)); // fails at 300 ms, the retry waits 200 ms
    assertThat(demo.upstream.calls()).isEqualTo(2);
    demo.advance(Duration.ofMillis(1)); // attempt 3 starts at 500 ms
    assertThat(demo.upstream.calls()).isEqualTo(3);
    assertThat(f).isNotDone();
    demo.advance(Duration.ofMillis(100));

    DemoResponse r = f.join();
    assertThat(r.status()).isEqualTo(502);
    assertThat(DemoFixture.json(r).get("detail").asText())
        .isEqualTo("the chat upstream failed after retries: simulated upstream failure (call 3)");
    assertThat(demo.app.chatBreaker().snapshot().consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void theFifthConsecutiveFailureOpensTheBreakerWhichThenRejectsAtOnceWithRetryAfter() {
    demo.upstream.configure(new UpstreamSettings(1.0, 100));
    CompletableFuture<DemoResponse> first = demo.start(chat("one"));
    demo.advance(Duration.ofMillis(600)); // failures 1, 2, 3
    assertThat(first.join().status()).isEqualTo(502);

    CompletableFuture<DemoResponse> second = demo.start(chat("two"));
    demo.advance(Duration.ofMillis(300)); // failures 4 (700 ms) and 5 (900 ms): OPEN at 900 ms
    assertThat(demo.app.chatBreaker().state()).isEqualTo(CircuitState.OPEN);
    assertThat(second).isNotDone();
    demo.advance(Duration.ofMillis(200)); // attempt 3 at 1100 ms is rejected

    DemoResponse rejected = second.join();
    assertThat(rejected.status()).isEqualTo(503);
    assertThat(rejected.header("Retry-After")).contains("30"); // 29.8 s, rounded up
    assertThat(rejected.bodyText())
        .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"the chat upstream is failing: circuit breaker \\u0027chat\\u0027 is OPEN\",\"breaker\":\"chat\"}");
    assertThat(demo.upstream.calls()).isEqualTo(5);

    demo.advance(Duration.ofSeconds(25)); // 26.1 s: 4.8 s left
    DemoResponse fast = demo.call(chat("three"));
    assertThat(fast.status()).isEqualTo(503);
    assertThat(fast.header("Retry-After")).contains("5");
    assertThat(demo.upstream.calls()).as("an open breaker never calls the upstream").isEqualTo(5);
  }

  @Test
  void afterTheOpenDurationTwoTrialSuccessesCloseTheBreaker() {
    demo.upstream.configure(new UpstreamSettings(1.0, 100));
    CompletableFuture<DemoResponse> first = demo.start(chat("one"));
    demo.advance(Duration.ofMillis(600));
    CompletableFuture<DemoResponse> second = demo.start(chat("two"));
    demo.advance(Duration.ofMillis(500)); // OPEN at 900 ms; now 1.1 s
    assertThat(first.join().status()).isEqualTo(502);
    assertThat(second.join().status()).isEqualTo(503);

    demo.advance(Duration.ofMillis(29_799)); // 30.899 s
    assertThat(demo.app.chatBreaker().state()).isEqualTo(CircuitState.OPEN);
    demo.advance(Duration.ofMillis(1)); // 30.9 s: the breaker's own task moves it on time
    assertThat(demo.app.chatBreaker().state()).isEqualTo(CircuitState.HALF_OPEN);

    demo.upstream.configure(new UpstreamSettings(0.0, 100));
    CompletableFuture<DemoResponse> trial1 = demo.start(chat("three"));
    CompletableFuture<DemoResponse> trial2 = demo.start(chat("four"));
    demo.advance(Duration.ofMillis(100));

    assertThat(trial1.join().status()).isEqualTo(200);
    assertThat(trial2.join().status()).isEqualTo(200);
    assertThat(demo.app.chatBreaker().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(DemoFixture.json(demo.app.stateJson()).get("breakers").get(0).get("transitions"))
        .isEqualTo(DemoFixture.json("["
            + "{\"at\":\"2026-01-01T00:00:00.900Z\",\"from\":\"CLOSED\",\"to\":\"OPEN\",\"reason\":\"CONSECUTIVE_FAILURES\"},"
            + "{\"at\":\"2026-01-01T00:00:30.900Z\",\"from\":\"OPEN\",\"to\":\"HALF_OPEN\",\"reason\":\"OPEN_DURATION_ELAPSED\"},"
            + "{\"at\":\"2026-01-01T00:00:31Z\",\"from\":\"HALF_OPEN\",\"to\":\"CLOSED\",\"reason\":\"TRIALS_SUCCEEDED\"}]"));
  }

  @Test
  void anUpstreamSlowerThanTheTimeoutIs504() {
    demo.upstream.configure(new UpstreamSettings(0.0, 60_000));
    CompletableFuture<DemoResponse> f = demo.start(chat("slow"));

    demo.advance(Duration.ofMillis(29_999));
    assertThat(f).isNotDone();
    demo.advance(Duration.ofMillis(1));

    assertThat(f.join().status()).isEqualTo(504);
    assertThat(DemoFixture.json(f.join()).get("detail").asText())
        .isEqualTo("the chat upstream did not answer in time: timeout 'chat-timeout' of PT30S exceeded");
  }

  @Test
  void aBodyWithoutAStringPromptIs400() {
    for (String body : new String[] {"", "nope", "[]", "{}", "{\"prompt\":7}", "{\"prompt\":\"  \"}"}) {
      DemoResponse r = demo.call(post("/api/chat", "application/json", body));
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(DemoFixture.json(r).get("detail").asText())
          .isEqualTo("the body must be a JSON object with a non-blank string \"prompt\"");
    }
    assertThat(demo.upstream.calls()).isZero();
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(ChatHandler.retryAfterSeconds(rejection(29_800_000_000L))).isEqualTo(30);
    assertThat(ChatHandler.retryAfterSeconds(rejection(5_000_000_000L))).isEqualTo(5);
    assertThat(ChatHandler.retryAfterSeconds(rejection(1))).isEqualTo(1);
    assertThat(ChatHandler.retryAfterSeconds(rejection(0))).isEqualTo(1);
    assertThat(ChatHandler.retryAfterSeconds(rejection(-1))).isEqualTo(1);
  }

  @Test
  void chatPolicyDefaultsAreTheDemosAndBadValuesAreRefused() {
    ChatPolicy p = ChatPolicy.DEFAULT;
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffMultiplier()).isEqualTo(2.0);
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.jitter()).isEqualTo(0.1);
    assertThat(p.failureThreshold()).isEqualTo(5);
    assertThat(p.successThreshold()).isEqualTo(2);
    assertThat(p.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxHalfOpenCalls()).isEqualTo(5);
    assertThat(p.withOpenDuration(Duration.ofSeconds(5)).openDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> p.withOpenDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("openDuration must be positive but was PT0S");
    assertThatThrownBy(() -> new ChatPolicy(Duration.ofSeconds(1), 0, Duration.ofMillis(1), 2, Duration.ofSeconds(1), 0, 1, 1, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1 but was 0");
    assertThatThrownBy(() -> new ChatPolicy(Duration.ofSeconds(1), 1, Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0, 1, 1, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBackoff must be >= initialBackoff (PT2S) but was PT1S");
  }

  private static dev.bulwark.core.RejectedException rejection(long nanos) {
    return new dev.bulwark.core.RejectedException("test", "test", nanos) {
      private static final long serialVersionUID = 1L;
    };
  }
}
