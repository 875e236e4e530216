package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limiter as the innermost policy of a pipeline: one permit per call. */
class RateLimiterPolicyTest {

  private final ManualTicker ticker = new ManualTicker();
  private final RateLimiter limiter =
      RateLimiter.builder(RateLimit.perMinute(30)).name("search").ticker(ticker).build();
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void aRefusedCallThrowsWithTheRetryAfterAndNeverRuns() throws Exception {
    Pipeline pipeline = Pipeline.of(limiter);
    for (int i = 0; i < 30; i++) {
      assertThat(pipeline.call(calls::incrementAndGet)).isEqualTo(i + 1);
    }
    ticker.advance(Duration.ofMillis(500));
    assertThatThrownBy(() -> pipeline.call(calls::incrementAndGet))
        .isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> {
              assertThat(e.retryAfterNanos()).isEqualTo(1_500_000_000L);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
              assertThat(e.source()).isEqualTo("search");
              assertThat(e).hasMessage("rate limiter 'search' refused: retry after PT1.5S");
              assertThat(e.getStackTrace()).isEmpty();
            });
    assertThat(calls).hasValue(30);
    ticker.advance(Duration.ofMillis(1500));
    assertThat(pipeline.call(calls::incrementAndGet)).isEqualTo(31);
  }

  @Test
  void runTakesOnePermitPerAction() throws Exception {
    Pipeline pipeline = Pipeline.of(limiter);
    for (int i = 0; i < 30; i++) {
      pipeline.run(calls::incrementAndGet);
    }
    assertThatThrownBy(() -> pipeline.run(calls::incrementAndGet))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(calls).hasValue(30);
  }

  @Test
  void theAsyncPathReturnsAFailedStageInsteadOfRunning() {
    Pipeline pipeline = Pipeline.of(limiter);
    for (int i = 0; i < 30; i++) {
      assertThat(
              pipeline
                  .callAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                  .toCompletableFuture()
                  .join())
          .isEqualTo(i + 1);
    }
    CompletableFuture<Integer> refused =
        pipeline
            .callAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
            .toCompletableFuture();
    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> assertThat(e.retryAfterNanos()).isEqualTo(2_000_000_000L));
    assertThat(calls).hasValue(30);
  }

  @Test
  void aFailingCallStillCostsItsPermit() {
    Pipeline pipeline = Pipeline.of(limiter);
    RateLimiter one = RateLimiter.builder(RateLimit.perMinute(1)).ticker(ticker).build();
    Pipeline single = Pipeline.of(one);
    assertThatThrownBy(() -> single.call(() -> {
          throw new IllegalStateException("boom");
        }))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> single.call(calls::incrementAndGet))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(pipeline.policies()).containsExactly(limiter);
  }
}
