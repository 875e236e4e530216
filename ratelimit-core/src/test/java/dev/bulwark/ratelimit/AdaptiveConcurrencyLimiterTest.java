package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyLimiterTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  private ConcurrencyLimiter limiter(int initial, int min, int max) {
    return ConcurrencyLimiter.adaptive(Duration.ofMillis(100))
        .name("backend")
        .ticker(ticker)
        .initialLimit(initial)
        .minLimit(min)
        .maxLimit(max)
        .increaseBy(1)
        .backoffRatio(0.5)
        .build();
  }

  @Test
  void aimdSequenceIsExact() {
    ConcurrencyLimiter limiter = limiter(4, 2, 6);
    assertThat(limiter.limit()).isEqualTo(4);

    // a fast success while the limit is barely used (1 of 4) teaches nothing
    limiter.tryAcquire().onSuccess();
    assertThat(limiter.limit()).isEqualTo(4);

    // acquired as the 2nd of 4 in flight: half the limit in use, so it grows by 1
    ConcurrencyLimiter.Permit a = limiter.tryAcquire();
    ConcurrencyLimiter.Permit b = limiter.tryAcquire();
    b.onSuccess();
    assertThat(limiter.limit()).isEqualTo(5);
    a.onSuccess(); // 1 * 2 < 5
    assertThat(limiter.limit()).isEqualTo(5);

    ConcurrencyLimiter.Permit[] p = acquire(limiter, 5);
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();
    p[4].onSuccess(); // acquired 5th of 5: grows to 6
    assertThat(limiter.limit()).isEqualTo(6);
    p[4] = limiter.tryAcquire();
    ConcurrencyLimiter.Permit sixth = limiter.tryAcquire();
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();
    sixth.onSuccess(); // would be 7: clamped at maxLimit
    assertThat(limiter.limit()).isEqualTo(6);

    // p[0..3] were acquired at 0 ns; p[4] too. Exactly at the threshold a call is still fast.
    ticker.advanceNanos(100 * MS);
    p[4].onSuccess();
    assertThat(limiter.limit()).isEqualTo(6);
    ticker.advanceNanos(1);
    p[3].onSuccess(); // 100 ms + 1 ns: slow, so floor(6 * 0.5)
    assertThat(limiter.limit()).isEqualTo(3);
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();

    p[2].onDropped(); // floor(3 * 0.5) = 1, raised to minLimit
    assertThat(limiter.limit()).isEqualTo(2);
    p[1].close(); // no outcome: no change
    assertThat(limiter.limit()).isEqualTo(2);
    assertThat(limiter.inFlight()).isEqualTo(1);

    ConcurrencyLimiter.Permit g = limiter.tryAcquire(); // 2nd of 2
    assertThat(g.isAcquired()).isTrue();
    p[0].onDropped();
    assertThat(limiter.limit()).isEqualTo(2);
    g.onSuccess();
    assertThat(limiter.limit()).isEqualTo(3);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void aLoweredLimitLetsCallsInFlightFinish() {
    ConcurrencyLimiter limiter = limiter(10, 1, 10);
    ConcurrencyLimiter.Permit[] p = acquire(limiter, 10);
    p[9].onDropped();
    assertThat(limiter.limit()).isEqualTo(5);
    assertThat(limiter.inFlight()).isEqualTo(9);
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();
    for (int i = 0; i < 4; i++) {
      p[i].close();
    }
    assertThat(limiter.inFlight()).isEqualTo(5);
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();
    p[4].close();
    assertThat(limiter.tryAcquire().isAcquired()).isTrue();
    assertThat(limiter.limit()).isEqualTo(5);
  }

  @Test
  void latencyIsMeasuredFromAcquisitionWithTheInjectedTicker() {
    ConcurrencyLimiter limiter = limiter(2, 1, 10);
    ConcurrencyLimiter.Permit early = limiter.tryAcquire();
    ticker.advanceNanos(60 * MS);
    ConcurrencyLimiter.Permit late = limiter.tryAcquire();
    ticker.advanceNanos(60 * MS);
    late.onSuccess(); // 60 ms, 2nd of 2: grows
    assertThat(limiter.limit()).isEqualTo(3);
    early.onSuccess(); // 120 ms: slow
    assertThat(limiter.limit()).isEqualTo(1);
  }

  @Test
  void asAPolicyTimeoutsShrinkOtherFailuresTeachNothingSuccessesGrow() throws Exception {
    ConcurrencyLimiter limiter = limiter(2, 1, 10);
    Pipeline pipeline = Pipeline.of(limiter);
    assertThatThrownBy(
            () ->
                pipeline.call(
                    () -> {
                      throw new IOException("404");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(limiter.limit()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                pipeline.call(
                    () -> {
                      throw new TimeoutException("slow backend");
                    }))
        .isInstanceOf(TimeoutException.class);
    assertThat(limiter.limit()).isEqualTo(1);

    assertThat(pipeline.call(() -> "ok")).isEqualTo("ok"); // 1st of 1: grows
    assertThat(limiter.limit()).isEqualTo(2);

    CompletableFuture<String> timingOut = new CompletableFuture<>();
    CompletableFuture<String> guarded = pipeline.callAsync(() -> timingOut).toCompletableFuture();
    timingOut.completeExceptionally(new CompletionException(new TimeoutException()));
    assertThat(guarded).isCompletedExceptionally();
    assertThat(limiter.limit()).isEqualTo(1);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void builderValidatesEagerlyAndDefaultsAreDocumented() {
    assertThatThrownBy(() -> ConcurrencyLimiter.adaptive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCallThreshold must be positive but was PT0S");
    AdaptiveConcurrencyLimiterBuilder builder = ConcurrencyLimiter.adaptive(Duration.ofSeconds(1));
    assertThatThrownBy(() -> builder.backoffRatio(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoffRatio must be in (0, 1) but was 1.0");
    assertThatThrownBy(() -> builder.backoffRatio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.minLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minLimit must be >= 1 but was 0");
    builder.minLimit(5).maxLimit(4);
    assertThatThrownBy(() -> builder.maxLimit(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxLimit was already set to 4");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minLimit 5 must be <= maxLimit 4");

    assertThatThrownBy(
            () -> ConcurrencyLimiter.adaptive(Duration.ofSeconds(1)).initialLimit(50).maxLimit(40).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initialLimit 50 must be within [1, 40]");

    ConcurrencyLimiter defaults = ConcurrencyLimiter.adaptive(Duration.ofSeconds(1)).build();
    assertThat(defaults.limit()).isEqualTo(20);
    assertThat(defaults.name()).isEqualTo("adaptive-concurrency-limiter");
    assertThat(ConcurrencyLimiter.adaptive(Duration.ofSeconds(1)).maxLimit(5).build().limit())
        .isEqualTo(5);
    assertThat(ConcurrencyLimiter.adaptive(Duration.ofSeconds(1)).minLimit(30).build().limit())
        .isEqualTo(30);
  }

  @Test
  void defaultBackoffRatioIsNineTenths() {
    ConcurrencyLimiter limiter =
        ConcurrencyLimiter.adaptive(Duration.ofSeconds(1)).ticker(ticker).initialLimit(100).build();
    int[] expected = {90, 81, 72, 64, 57};
    for (int value : expected) {
      limiter.tryAcquire().onDropped();
      assertThat(limiter.limit()).isEqualTo(value);
    }
  }

  private static ConcurrencyLimiter.Permit[] acquire(ConcurrencyLimiter limiter, int count) {
    ConcurrencyLimiter.Permit[] permits = new ConcurrencyLimiter.Permit[count];
    for (int i = 0; i < count; i++) {
      permits[i] = limiter.tryAcquire();
      assertThat(permits[i].isAcquired()).as("permit %d", i).isTrue();
    }
    return permits;
  }
}
