package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitExceededException;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testalloc.Allocations;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retry together with the other Bulwark policies, in the recommended order
 * {@code Pipeline.of(timeout, retry, breaker, limiter)}, sync and async.
 */
class PipelineInteractionTest {

  private static final long MS = 1_000_000L;

  private final Mode.Fixture f = new Mode.Fixture();

  private CircuitBreaker breaker(int consecutiveFailures, Duration openDuration) {
    return CircuitBreaker.builder("backend")
        .config(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(consecutiveFailures))
                .openDuration(Backoff.fixed(openDuration))
                .build())
        .ticker(f.ticker)
        .build();
  }

  private RateLimiter limiter(long perSecond) {
    return RateLimiter.builder(RateLimit.perSecond(perSecond)).name("backend").ticker(f.ticker).build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBreakerRejectionIsNotRetriedByDefault(Mode mode) {
    CircuitBreaker breaker = breaker(2, Duration.ofSeconds(10));
    Retry retry = f.builder().maxAttempts(5).backoff(Backoff.fixed(Duration.ofMillis(100))).build();
    Script<String> call = Script.of(new IOException("down"));
    assertThatThrownBy(() -> mode.call(f, Pipeline.of(retry, breaker), call))
        .isInstanceOfSatisfying(
            CircuitOpenException.class,
            e -> assertThat(e.retryAfterNanos()).isEqualTo(9_900 * MS));
    // two failures open the breaker; the third attempt is rejected and not retried
    assertThat(call.calls()).isEqualTo(2);
    assertThat(mode.waits(f)).containsExactly(100 * MS, 100 * MS);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBreakerRejectionRetriedWhenAskedWaitsUntilTheBreakerLetsATrialThrough(Mode mode)
      throws Exception {
    CircuitBreaker breaker = breaker(1, Duration.ofSeconds(5));
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(100)))
            .retryOnRejection()
            .build();
    Script<String> call = Script.of(new IOException("down"), "recovered");
    assertThat(mode.call(f, Pipeline.of(retry, breaker), call)).isEqualTo("recovered");
    // attempt 1 fails at 0 and opens the breaker for 5 s; attempt 2 at 100 ms is rejected with
    // 4.9 s left; attempt 3 at 5 s is the half-open trial, and succeeds
    assertThat(mode.waits(f)).containsExactly(100 * MS, 4_900 * MS);
    assertThat(call.calls()).isEqualTo(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRateLimiterRejectionIsNotRetriedByDefault(Mode mode) throws Exception {
    RateLimiter limiter = limiter(1);
    Retry retry = f.builder().backoff(Backoff.fixed(Duration.ofMillis(10))).build();
    Pipeline pipeline = Pipeline.of(retry, limiter);
    assertThat(mode.call(f, pipeline, Script.<String>of("first"))).isEqualTo("first");
    Script<String> second = Script.of("second");
    assertThatThrownBy(() -> mode.call(f, pipeline, second))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(second.calls()).isZero();
    assertThat(mode.waits(f)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRateLimiterRejectionIsRetriedWhenAskedOnlyAfterItsRetryAfter(Mode mode) throws Exception {
    RateLimiter limiter = limiter(1);
    Retry retry =
        f.builder().backoff(Backoff.fixed(Duration.ofMillis(10))).retryOnRejection().build();
    Pipeline pipeline = Pipeline.of(retry, limiter);
    assertThat(mode.call(f, pipeline, Script.<String>of("first"))).isEqualTo("first");
    f.ticker.advance(Duration.ofMillis(250));
    long retryAfter = limiter.peek(1).retryAfterNanos();
    // about 750 ms (the limiter rounds to 749,999,999 ns), far more than the 10 ms backoff
    assertThat(retryAfter).isBetween(749 * MS, 750 * MS);
    Script<String> second = Script.of("second");
    assertThat(mode.call(f, pipeline, second)).isEqualTo("second");
    assertThat(mode.waits(f)).containsExactly(retryAfter);
    assertThat(second.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void inTheRecommendedOrderEveryAttemptPassesTheBreakerAndTheLimiter(Mode mode) throws Exception {
    CircuitBreaker breaker = breaker(3, Duration.ofSeconds(10));
    RateLimiter limiter = limiter(3);
    Timeout timeout =
        Timeout.builder(Duration.ofSeconds(10))
            .executor(Runnable::run) // the sync path runs the call inline: the clock is manual
            .scheduler(f.scheduler)
            .build();
    Retry retry = f.builder().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(100))).build();
    Pipeline pipeline = Pipeline.of(timeout, retry, breaker, limiter);
    Script<String> call = Script.of(new IOException("1"), new IOException("2"), "ok");
    assertThat(mode.call(f, pipeline, call)).isEqualTo("ok");
    assertThat(call.calls()).isEqualTo(3);
    assertThat(limiter.tryAcquire()).as("three attempts took the limiter's three permits").isFalse();
    // two failures then a success: below the breaker's threshold of three in a row, and reset
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(pipeline.policies()).containsExactly(timeout, retry, breaker, limiter);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retriesFailFastOnceTheBreakerOpensInsteadOfHammeringTheBackend(Mode mode) {
    CircuitBreaker breaker = breaker(3, Duration.ofSeconds(30));
    Retry retry = f.builder().maxAttempts(3).backoff(Backoff.none()).build();
    Pipeline pipeline = Pipeline.of(retry, breaker, limiter(1000));
    Script<String> down = Script.of(new IOException("down"));
    assertThatThrownBy(() -> mode.call(f, pipeline, down)).isInstanceOf(IOException.class);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> mode.call(f, pipeline, down))
          .isInstanceOf(CircuitOpenException.class);
    }
    assertThat(down.calls()).isEqualTo(3);
  }

  @Test
  void asyncTimeoutAsOutermostPolicyCancelsPendingRetries() {
    Timeout timeout = Timeout.builder(Duration.ofSeconds(1)).scheduler(f.scheduler).build();
    Retry retry =
        f.builder().maxAttempts(10).backoff(Backoff.fixed(Duration.ofMillis(400))).build();
    CircuitBreaker breaker = breaker(100, Duration.ofSeconds(10));
    RateLimiter limiter = limiter(1000);
    List<Long> attempts = new CopyOnWriteArrayList<>();
    CompletionStage<String> stage =
        Pipeline.of(timeout, retry, breaker, limiter)
            .callAsync(
                () -> {
                  attempts.add(f.ticker.read());
                  return CompletableFuture.failedFuture(new IOException("down"));
                });
    f.scheduler.advanceNanos(1000 * MS);
    assertThatThrownBy(() -> Mode.await(stage)).isInstanceOf(TimeoutExceededException.class);
    assertThat(attempts).containsExactly(0L, 400 * MS, 800 * MS);
    assertThat(f.scheduler.pending()).isZero();
    f.scheduler.runUntilIdle();
    assertThat(attempts).hasSize(3);
  }

  @Test
  void syncTimeoutAsOutermostPolicyInterruptsTheRetryBetweenAttempts() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Timeout timeout =
          Timeout.builder(Duration.ofSeconds(1)).executor(executor).scheduler(f.scheduler).build();
      CountDownLatch sleeping = new CountDownLatch(1);
      Retry retry =
          Retry.builder()
              .maxAttempts(10)
              .sleeper(
                  nanos -> {
                    sleeping.countDown();
                    new CountDownLatch(1).await(); // a long sleep, ended only by an interrupt
                  })
              .build();
      Pipeline pipeline = Pipeline.of(timeout, retry, breaker(100, Duration.ofSeconds(1)), limiter(1000));
      AtomicInteger calls = new AtomicInteger();
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  pipeline.call(
                      () -> {
                        calls.incrementAndGet();
                        throw new IOException("down");
                      });
                } catch (Exception e) {
                  outcome.set(e);
                }
              });
      caller.start();
      sleeping.await();
      f.scheduler.advanceNanos(1000 * MS);
      caller.join();
      executor.shutdown();
      assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      assertThat(outcome.get()).isInstanceOf(TimeoutExceededException.class);
      assertThat(calls).hasValue(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aSuccessThroughTheWholePipelineAllocatesNothingOfRetrysOwn() throws Exception {
    Retry retry = Retry.builder().build();
    Pipeline bare = Pipeline.of(CircuitBreaker.ofDefaults("b"), limiter(1_000_000_000L));
    Pipeline withRetry = Pipeline.of(retry, CircuitBreaker.ofDefaults("b"), limiter(1_000_000_000L));
    dev.bulwark.core.CheckedSupplier<String> call = () -> "ok";
    for (int i = 0; i < 20_000; i++) {
      bare.call(call);
      withRetry.call(call);
    }
    long before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      bare.call(call);
    }
    long withoutRetry = Allocations.ofCurrentThread() - before;
    before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      withRetry.call(call);
    }
    long withRetryBytes = Allocations.ofCurrentThread() - before;
    assertThat(withRetryBytes - withoutRetry).isLessThan(4096);
  }
}
