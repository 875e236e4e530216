package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which exceptions and results count as failures, in every call mode. */
class ClassificationTest {

  /** What an HTTP client returns: a failure only by its status. */
  record Response(int status) {
    @Override
    public String toString() {
      return "HTTP " + status;
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final EventLog events = EventLog.all();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    return CircuitBreaker.builder("c").config(config.build()).ticker(ticker).listener(events).build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ignoredExceptionsCountAsNeitherSuccessNorFailure(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(2))
                .ignoreExceptions(e -> e instanceof IllegalArgumentException));
    mode.fail(breaker, ticker);
    assertThat(mode.guard(breaker, ticker, Duration.ZERO, new IllegalArgumentException("bad input")))
        .isEqualTo("error:bad input");
    assertThat(breaker.metrics().consecutiveFailures()).isEqualTo(1); // not reset, not counted
    mode.fail(breaker, ticker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain())
        .containsExactly(
            "permitted CLOSED",
            "failure CLOSED 0ms boom",
            "permitted CLOSED",
            "ignored CLOSED 0ms bad input",
            "permitted CLOSED",
            "failure CLOSED 0ms boom",
            "CLOSED->OPEN CONSECUTIVE_FAILURES");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exceptionsTheRecordPredicateRejectsCountAsSuccesses(Mode mode) {
    CircuitBreaker breaker =
        breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).recordExceptions(e -> e instanceof IOException));
    assertThat(mode.guard(breaker, ticker, Duration.ZERO, new IOException("reset"))).isEqualTo("error:reset");
    assertThat(mode.fail(breaker, ticker)).isEqualTo("error:boom"); // IllegalStateException: a success
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
    mode.guard(breaker, ticker, Duration.ZERO, new IOException("reset"));
    mode.guard(breaker, ticker, Duration.ZERO, new IOException("reset"));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void resultsCanBeFailuresWithoutAnyException(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(2))
                .recordResult(r -> r instanceof Response && (((Response) r).status() >= 500 || ((Response) r).status() == 429)));
    assertThat(mode.guard(breaker, ticker, Duration.ZERO, new Response(503))).isEqualTo("ok:HTTP 503");
    assertThat(mode.guard(breaker, ticker, Duration.ZERO, new Response(404))).isEqualTo("ok:HTTP 404");
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
    mode.guard(breaker, ticker, Duration.ZERO, new Response(500));
    assertThat(breaker.metrics().consecutiveFailures()).isEqualTo(1);
    assertThat(mode.guard(breaker, ticker, Duration.ofMillis(7), new Response(429))).isEqualTo("ok:HTTP 429");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain())
        .containsExactly(
            "permitted CLOSED",
            "failure CLOSED 0ms (result)",
            "permitted CLOSED",
            "success CLOSED 0ms",
            "permitted CLOSED",
            "failure CLOSED 0ms (result)",
            "permitted CLOSED",
            "failure CLOSED 7ms (result)",
            "CLOSED->OPEN CONSECUTIVE_FAILURES");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anIgnoredTrialFreesItsSlot(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .openDuration(Backoff.fixed(Duration.ofSeconds(1)))
                .ignoreExceptions(e -> e instanceof IllegalArgumentException));
    mode.fail(breaker, ticker);
    ticker.advance(Duration.ofSeconds(1));
    mode.guard(breaker, ticker, Duration.ZERO, new IllegalArgumentException("bad input"));
    assertThat(breaker.metrics())
        .extracting(m -> m.state(), m -> m.trialCallsInFlight(), m -> m.trialSuccesses())
        .containsExactly(CircuitState.HALF_OPEN, 0, 0);
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aThrowingPredicateCountsTheCallAsFailed(Mode mode) {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .recordResult(
                    r -> {
                      throw new UnsupportedOperationException("predicate bug");
                    }));
    assertThat(mode.succeed(breaker, ticker)).isEqualTo("ok:fine");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void asyncFailuresAreClassifiedByTheirCauseAndCancellationIsAnError() {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .ignoreExceptions(e -> e instanceof IllegalArgumentException));
    CompletableFuture<String> wrapped = new CompletableFuture<>();
    CompletableFuture<String> guarded = breaker.callAsync(() -> wrapped).toCompletableFuture();
    wrapped.completeExceptionally(new CompletionException(new IllegalArgumentException("x")));
    assertThat(guarded).isCompletedExceptionally();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

    CompletableFuture<String> cancelled = new CompletableFuture<>();
    CompletableFuture<String> guarded2 = breaker.callAsync(() -> cancelled).toCompletableFuture();
    cancelled.cancel(false);
    assertThat(guarded2).isCompletedExceptionally();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.drain())
        .containsExactly(
            "permitted CLOSED",
            "ignored CLOSED 0ms x",
            "permitted CLOSED",
            "failure CLOSED 0ms null",
            "CLOSED->OPEN CONSECUTIVE_FAILURES");
    assertThat(guarded2.handle((v, e) -> Classifier.unwrap(e)).join()).isInstanceOf(CancellationException.class);
  }

  @Test
  void aSupplierThatThrowsOrReturnsNullIsAFailedAsyncCall() {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)));
    CompletableFuture<Object> thrown =
        breaker
            .callAsync(
                () -> {
                  throw new IllegalStateException("no stage");
                })
            .toCompletableFuture();
    CompletableFuture<Object> nothing = breaker.<Object>callAsync(() -> null).toCompletableFuture();
    assertThat(thrown.handle((v, e) -> Classifier.unwrap(e).getMessage()).join()).isEqualTo("no stage");
    assertThat(nothing.handle((v, e) -> Classifier.unwrap(e).getMessage()).join())
        .isEqualTo("the call returned a null stage");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }
}
