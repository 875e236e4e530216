package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.RejectedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retry semantics, each test run through both {@link Mode#SYNC} and {@link Mode#ASYNC}. */
class RetryTest {

  private static final long MS = 1_000_000L;
  private static final Backoff FIXED_100 = Backoff.fixed(Duration.ofMillis(100));

  private final Mode.Fixture f = new Mode.Fixture();
  private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

  /** A rejection as a limiter or breaker would throw it. */
  static final class Refused extends RejectedException {
    private static final long serialVersionUID = 1L;

    Refused(long retryAfterNanos) {
      super("refused", "test-limiter", retryAfterNanos);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void successFirstTimeIsOneCallWithoutWaitOrEvent(Mode mode) throws Exception {
    Retry retry = f.builder().listener(events::add).build();
    Script<String> call = Script.of("ok");
    assertThat(mode.call(f, retry, call)).isEqualTo("ok");
    assertThat(call.calls()).isEqualTo(1);
    assertThat(mode.waits(f)).isEmpty();
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retriesIoFailuresUntilSuccess(Mode mode) throws Exception {
    Retry retry = f.builder().maxAttempts(3).backoff(FIXED_100).listener(events::add).build();
    IOException first = new IOException("1");
    IOException second = new IOException("2");
    Script<String> call = Script.of(first, second, "ok");
    assertThat(mode.call(f, retry, call)).isEqualTo("ok");
    assertThat(call.calls()).isEqualTo(3);
    assertThat(mode.waits(f)).containsExactly(100 * MS, 100 * MS);
    assertThat(f.ticker.read()).isEqualTo(200 * MS);
    assertThat(events)
        .containsExactly(
            new RetryEvent.AttemptFailed("retry", 1, first, null, Duration.ofMillis(100)),
            new RetryEvent.AttemptFailed("retry", 2, second, null, Duration.ofMillis(100)),
            new RetryEvent.SucceededAfterRetries("retry", 3, "ok"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exhaustionThrowsTheLastFailureWithTheEarlierOnesSuppressed(Mode mode) {
    Retry retry = f.builder().maxAttempts(3).backoff(FIXED_100).listener(events::add).build();
    IOException first = new IOException("1");
    UncheckedIOException second = new UncheckedIOException(new IOException("2"));
    IOException third = new IOException("3");
    Script<String> call = Script.of(first, second, third);
    assertThatThrownBy(() -> mode.call(f, retry, call))
        .isSameAs(third)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second));
    assertThat(call.calls()).isEqualTo(3);
    assertThat(mode.waits(f)).containsExactly(100 * MS, 100 * MS);
    assertThat(events)
        .last()
        .isEqualTo(
            new RetryEvent.Exhausted("retry", 3, third, null, RetryEvent.ExhaustedReason.MAX_ATTEMPTS));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void suppressedFailuresAreBoundedAndNeverTheExceptionItself(Mode mode) {
    Retry retry = f.builder().maxAttempts(20).backoff(Backoff.none()).build();
    IOException same = new IOException("always the same instance");
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(same)))
        .isSameAs(same)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    IOException[] failures = new IOException[20];
    for (int i = 0; i < failures.length; i++) {
      failures[i] = new IOException("attempt " + (i + 1));
    }
    assertThatThrownBy(() -> mode.call(f, retry, Script.of((Object[]) failures)))
        .isSameAs(failures[19])
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .containsExactly(
                        failures[0], failures[1], failures[2], failures[3], failures[4], failures[5],
                        failures[6], failures[7]));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNonRetryableFailureIsThrownAtOnce(Mode mode) {
    Retry retry = f.builder().maxAttempts(5).listener(events::add).build();
    IllegalArgumentException bug = new IllegalArgumentException("bug");
    Script<String> call = Script.of(bug);
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(bug);
    assertThat(call.calls()).isEqualTo(1);
    assertThat(mode.waits(f)).isEmpty();
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNonRetryableFailureAfterRetriesCarriesTheEarlierOnes(Mode mode) {
    Retry retry = f.builder().maxAttempts(5).backoff(FIXED_100).build();
    IOException first = new IOException("1");
    IllegalStateException second = new IllegalStateException("2");
    assertThatThrownBy(() -> mode.call(f, retry, Script.of(first, second)))
        .isSameAs(second)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first));
    assertThat(mode.waits(f)).containsExactly(100 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void defaultRetryOnCoversIoAndTimeoutsButNeverInterrupts(Mode mode) throws Exception {
    Retry retry = f.builder().maxAttempts(2).backoff(Backoff.none()).build();
    for (Exception retried :
        List.of(
            new IOException(),
            new UncheckedIOException(new IOException()),
            new TimeoutException(),
            new SocketTimeoutException(),
            new java.net.ConnectException("refused"),
            new TimeoutExceededException("inner", Duration.ofSeconds(1)))) {
      Script<String> call = Script.of(retried, "ok");
      assertThat(mode.call(f, retry, call)).as("%s", retried).isEqualTo("ok");
      assertThat(call.calls()).isEqualTo(2);
    }
    for (Exception notRetried :
        List.of(
            new InterruptedException(),
            new InterruptedIOException(),
            new java.nio.channels.ClosedByInterruptException(),
            new RuntimeException(),
            new Exception())) {
      Script<String> call = Script.of(notRetried, "ok");
      assertThatThrownBy(() -> mode.call(f, retry, call)).as("%s", notRetried).isSameAs(notRetried);
      assertThat(call.calls()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void customRetryOnReplacesTheDefault(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .backoff(Backoff.none())
            .retryOn(Retry.defaultRetryOn().or(e -> e instanceof IllegalStateException))
            .build();
    Script<String> call = Script.of(new IllegalStateException(), new IOException(), "ok");
    assertThat(mode.call(f, retry, call)).isEqualTo("ok");
    assertThat(call.calls()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retryOnNeverSeesInterruptedException(Mode mode) {
    Retry retry = f.builder().backoff(Backoff.none()).retryOn(e -> true).build();
    InterruptedException interrupted = new InterruptedException();
    Script<String> call = Script.of(interrupted, "ok");
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(interrupted);
    assertThat(call.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void abortOnStopsAtOnceEvenForARetryableFailure(Mode mode) {
    Retry retry =
        f.builder()
            .maxAttempts(5)
            .abortOn(e -> e instanceof javax.net.ssl.SSLHandshakeException)
            .listener(events::add)
            .build();
    IOException handshake = new javax.net.ssl.SSLHandshakeException("bad certificate");
    Script<String> call = Script.of(handshake);
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(handshake);
    assertThat(call.calls()).isEqualTo(1);
    assertThat(events).containsExactly(new RetryEvent.Aborted("retry", 1, handshake, null));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void resultsAreRetriedAndTheLastOneIsReturnedWhenExhausted(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(FIXED_100)
            .retryOnResult(Integer.class, status -> status == 503 || status == 429)
            .listener(events::add)
            .build();
    Script<Integer> recovering = Script.of(503, 429, 200);
    assertThat(mode.call(f, retry, recovering)).isEqualTo(200);
    assertThat(recovering.calls()).isEqualTo(3);

    events.clear();
    Script<Integer> down = Script.of(503);
    assertThat(mode.call(f, retry, down)).isEqualTo(503);
    assertThat(down.calls()).isEqualTo(3);
    assertThat(events)
        .containsExactly(
            new RetryEvent.AttemptFailed("retry", 1, null, 503, Duration.ofMillis(100)),
            new RetryEvent.AttemptFailed("retry", 2, null, 503, Duration.ofMillis(100)),
            new RetryEvent.Exhausted("retry", 3, null, 503, RetryEvent.ExhaustedReason.MAX_ATTEMPTS));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachRuleIsEvaluatedOncePerAttempt(Mode mode) throws Exception {
    java.util.concurrent.atomic.AtomicInteger retryTests = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger abortTests = new java.util.concurrent.atomic.AtomicInteger();
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(Backoff.none())
            .retryOnResult(Integer.class, status -> retryTests.incrementAndGet() > 0 && status == 503)
            .abortOnResult(Integer.class, status -> abortTests.incrementAndGet() < 0)
            .build();
    assertThat(mode.call(f, retry, Script.<Integer>of(503, 503, 200))).isEqualTo(200);
    assertThat(retryTests).hasValue(3);
    assertThat(abortTests).hasValue(3);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void resultsOfAnotherTypeOrNullAreNotRetried(Mode mode) throws Exception {
    Retry retry = f.builder().retryOnResult(Integer.class, status -> true).build();
    Script<Object> text = Script.of("503");
    assertThat(mode.call(f, retry, text)).isEqualTo("503");
    assertThat(text.calls()).isEqualTo(1);
    Script<Object> nothing = Script.of((Object) null);
    assertThat(mode.call(f, retry, nothing)).isNull();
    assertThat(nothing.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void abortOnResultWinsOverRetryOnResult(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .retryOnResult(Integer.class, status -> status >= 500)
            .abortOnResult(Integer.class, status -> status == 501)
            .listener(events::add)
            .build();
    Script<Integer> call = Script.of(503, 501, 200);
    assertThat(mode.call(f, retry, call)).isEqualTo(501);
    assertThat(call.calls()).isEqualTo(2);
    assertThat(events).last().isEqualTo(new RetryEvent.Aborted("retry", 2, null, 501));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxDurationStopsBeforeADelayThatWouldCrossIt(Mode mode) {
    // Attempts take 100 ms, delays are 400 ms, the limit is 1 s: attempt 1 ends at 100 ms, attempt 2
    // runs 500..600 ms; a third would start at 1000 ms, the limit itself, so the retry stops at 600.
    Retry retry =
        f.builder()
            .maxDuration(Duration.ofSeconds(1))
            .backoff(Backoff.fixed(Duration.ofMillis(400)))
            .listener(events::add)
            .build();
    IOException last = new IOException("2");
    Script<String> call = Script.<String>of(new IOException("1"), last).taking(f.ticker, 100 * MS);
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(last);
    assertThat(call.calls()).isEqualTo(2);
    assertThat(mode.waits(f)).containsExactly(400 * MS);
    assertThat(f.ticker.read()).isEqualTo(600 * MS);
    assertThat(events)
        .last()
        .isEqualTo(
            new RetryEvent.Exhausted("retry", 2, last, null, RetryEvent.ExhaustedReason.MAX_DURATION));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxDurationAloneAllowsAttemptsUntilTheDeadline(Mode mode) {
    Retry retry =
        f.builder().maxDuration(Duration.ofMillis(1050)).backoff(FIXED_100).build();
    assertThat(retry.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    Script<String> call = Script.of(new IOException());
    assertThatThrownBy(() -> mode.call(f, retry, call)).isInstanceOf(IOException.class);
    // Attempts at 0, 100, ..., 1000 ms; the delay after the one at 1000 ms would reach 1100 > 1050.
    assertThat(call.calls()).isEqualTo(11);
    assertThat(f.ticker.read()).isEqualTo(1000 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxAttemptsAndMaxDurationTogetherStopAtWhicheverComesFirst(Mode mode) {
    Retry retry =
        f.builder().maxAttempts(3).maxDuration(Duration.ofSeconds(10)).backoff(FIXED_100).build();
    Script<String> call = Script.of(new IOException());
    assertThatThrownBy(() -> mode.call(f, retry, call)).isInstanceOf(IOException.class);
    assertThat(call.calls()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void oneAttemptMeansNoRetry(Mode mode) {
    Retry retry = f.builder().maxAttempts(1).listener(events::add).build();
    IOException failure = new IOException();
    Script<String> call = Script.of(failure, "ok");
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(failure);
    assertThat(call.calls()).isEqualTo(1);
    assertThat(events)
        .containsExactly(
            new RetryEvent.Exhausted("retry", 1, failure, null, RetryEvent.ExhaustedReason.MAX_ATTEMPTS));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRetryAfterHintLongerThanTheBackoffSetsTheDelay(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .backoff(FIXED_100)
            .retryOnResult(Response.class, r -> r.status == 429)
            .retryAfterFromResult(Response.class, r -> r.retryAfter)
            .build();
    Script<Response> call =
        Script.of(
            new Response(429, Optional.of(Duration.ofSeconds(2))),
            new Response(429, Optional.of(Duration.ofMillis(50))),
            new Response(200, Optional.empty()));
    assertThat(mode.call(f, retry, call).status).isEqualTo(200);
    // max(100 ms, 2 s), then max(100 ms, 50 ms)
    assertThat(mode.waits(f)).containsExactly(2000 * MS, 100 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRetryAfterHintFromAnExceptionCountsAndIgnoresNegativeOrEmpty(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .maxAttempts(4)
            .backoff(FIXED_100)
            .retryAfterFromFailure(
                e -> e instanceof Throttled ? ((Throttled) e).hint : Optional.empty())
            .build();
    Script<String> call =
        Script.of(
            new Throttled(Optional.of(Duration.ofSeconds(1))),
            new Throttled(Optional.of(Duration.ofSeconds(-5))),
            new Throttled(Optional.empty()),
            "ok");
    assertThat(mode.call(f, retry, call)).isEqualTo("ok");
    assertThat(mode.waits(f)).containsExactly(1000 * MS, 100 * MS, 100 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRetryAfterHintBeyondTheDeadlineStopsAndReports(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .maxDuration(Duration.ofSeconds(5))
            .backoff(FIXED_100)
            .retryOnResult(Response.class, r -> r.status == 503)
            .retryAfterFromResult(Response.class, r -> r.retryAfter)
            .listener(events::add)
            .build();
    Response unavailable = new Response(503, Optional.of(Duration.ofSeconds(30)));
    Script<Response> call = Script.of(unavailable, new Response(200, Optional.empty()));
    assertThat(mode.call(f, retry, call)).isSameAs(unavailable);
    assertThat(call.calls()).isEqualTo(1);
    assertThat(mode.waits(f)).isEmpty();
    assertThat(events)
        .containsExactly(
            new RetryEvent.Exhausted(
                "retry", 1, null, unavailable, RetryEvent.ExhaustedReason.MAX_DURATION));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void rejectionsAreNeverRetriedByDefaultEvenByACatchAllPredicate(Mode mode) {
    Retry retry = f.builder().retryOn(e -> true).listener(events::add).build();
    Refused refused = new Refused(10 * MS);
    Script<String> call = Script.of(refused, "ok");
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(refused);
    assertThat(call.calls()).isEqualTo(1);
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void rejectionsAreRetriedWhenAskedNoEarlierThanTheirRetryAfter(Mode mode) throws Exception {
    Retry retry = f.builder().retryOnRejection().backoff(FIXED_100).build();
    Script<String> call =
        Script.of(new Refused(750 * MS), new Refused(RejectedException.UNKNOWN), "ok");
    assertThat(mode.call(f, retry, call)).isEqualTo("ok");
    assertThat(mode.waits(f)).containsExactly(750 * MS, 100 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRejectionThatCanNeverSucceedIsNotRetried(Mode mode) {
    Retry retry = f.builder().retryOnRejection().build();
    Refused never = new Refused(Long.MAX_VALUE);
    Script<String> call = Script.of(never, "ok");
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(never);
    assertThat(call.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSpentBudgetFailsFastWithoutRetrying(Mode mode) throws Exception {
    // 4 tokens, threshold 2: the first failure leaves 3 (retry), the second 2 (no retry).
    RetryBudget budget = RetryBudget.tokenBucket(4, 1.0);
    Retry retry =
        f.builder().maxAttempts(5).backoff(FIXED_100).budget(budget).listener(events::add).build();
    IOException second = new IOException("2");
    Script<String> call = Script.of(new IOException("1"), second, "ok");
    assertThatThrownBy(() -> mode.call(f, retry, call)).isSameAs(second);
    assertThat(call.calls()).isEqualTo(2);
    assertThat(events).last().isEqualTo(new RetryEvent.BudgetExhausted("retry", 2, second, null));
    assertThat(((TokenBucketRetryBudget) budget).tokens()).isEqualTo(2.0);

    // Each success gives a token back: two refill the bucket to 4, so a failure (3 left) is retried
    // again, and the success that follows refills it.
    assertThat(mode.call(f, retry, Script.<String>of("ok"))).isEqualTo("ok");
    assertThat(mode.call(f, retry, Script.<String>of("ok"))).isEqualTo("ok");
    Script<String> again = Script.of(new IOException("3"), "ok");
    assertThat(mode.call(f, retry, again)).isEqualTo("ok");
    assertThat(again.calls()).isEqualTo(2);
    assertThat(((TokenBucketRetryBudget) budget).tokens()).isEqualTo(4.0);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aPercentBudgetSharedByTwoRetriesLimitsTheirRetriesTogether(Mode mode) throws Exception {
    // 50% of calls, no floor: two calls allow one retry between them.
    RetryBudget budget = RetryBudget.percentOfRequests(50, 0, Duration.ofSeconds(10), f.ticker);
    Retry a = f.builder().name("a").backoff(Backoff.none()).budget(budget).build();
    Retry b = Retry.builder().name("b").ticker(f.ticker).sleeper(f.ticker.sleeper())
        .scheduler(f.scheduler).backoff(Backoff.none()).budget(budget).build();
    assertThat(mode.call(f, a, Script.<String>of("ok"))).isEqualTo("ok");
    Script<String> first = Script.of(new IOException(), "ok");
    assertThat(mode.call(f, b, first)).isEqualTo("ok");
    assertThat(first.calls()).isEqualTo(2);
    Script<String> second = Script.of(new IOException(), "ok");
    assertThatThrownBy(() -> mode.call(f, a, second)).isInstanceOf(IOException.class);
    assertThat(second.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aThrowingListenerDoesNotDisturbTheRetry(Mode mode) throws Exception {
    Retry retry =
        f.builder()
            .backoff(Backoff.none())
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .listener(events::add)
            .build();
    assertThat(mode.call(f, retry, Script.<String>of(new IOException(), "ok"))).isEqualTo("ok");
    assertThat(events).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void runRetriesAnAction(Mode mode) throws Exception {
    Retry retry = f.builder().backoff(Backoff.none()).build();
    Script<Object> script = Script.of(new IOException(), "done");
    if (mode == Mode.SYNC) {
      retry.run(script::get);
    } else {
      mode.call(f, retry, script);
    }
    assertThat(script.calls()).isEqualTo(2);
  }

  /** A minimal HTTP-like response. */
  static final class Response {
    final int status;
    final Optional<Duration> retryAfter;

    Response(int status, Optional<Duration> retryAfter) {
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  /** An exception carrying a server's hint. */
  static final class Throttled extends IOException {
    private static final long serialVersionUID = 1L;
    final transient Optional<Duration> hint;

    Throttled(Optional<Duration> hint) {
      super("throttled");
      this.hint = hint;
    }
  }
}
