package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The semantics every algorithm shares, each with its own exact numbers, for "3 per 10 s". */
class RateLimiterAlgorithmsTest {

  private static final long S = 1_000_000_000L;
  private static final RateLimit THREE_PER_10S = RateLimit.of(3, Duration.ofSeconds(10));

  private final ManualTicker ticker = new ManualTicker();

  private RateLimiter limiter(RateLimitAlgorithm algorithm, RateLimit... limits) {
    return RateLimiter.builder(limits)
        .algorithm(algorithm)
        .ticker(ticker)
        .sleeper(ticker.sleeper())
        .build();
  }

  /** How long one more permit waits after the whole burst was taken at 0. */
  private static long waitAfterBurst(RateLimitAlgorithm algorithm) {
    switch (algorithm) {
      case TOKEN_BUCKET:
        return 3_333_333_334L; // one emission interval, 10 s / 3 rounded up
      case SLIDING_WINDOW_COUNTER:
        // Next window, once ceil(3 * (W - off) / W) <= 2: off = W - floor(2W/3) = 3_333_333_334.
        return 13_333_333_334L;
      default:
        return 10 * S; // the next window; the first entry of the log expires
    }
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void admitsTheBurstAtOnceThenWaitsExactly(RateLimitAlgorithm algorithm) {
    RateLimiter limiter = limiter(algorithm, THREE_PER_10S);
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.tryAcquireDecision(1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
    ticker.advanceNanos(waitAfterBurst(algorithm) - 1);
    assertThat(limiter.tryAcquire()).isFalse();
    ticker.advanceNanos(1);
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void peekConsumesNothing(RateLimitAlgorithm algorithm) {
    RateLimiter limiter = limiter(algorithm, THREE_PER_10S);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.peek(3)).isEqualTo(new RateLimitDecision(true, THREE_PER_10S, 3, 0, 0));
    }
    assertThat(limiter.tryAcquire(3)).isTrue();
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void permitsAboveTheCapacityAreRefusedAtOnce(RateLimitAlgorithm algorithm)
      throws InterruptedException {
    RateLimiter limiter = limiter(algorithm, THREE_PER_10S);
    assertThat(limiter.tryAcquire(4)).isFalse();
    assertThat(limiter.tryAcquireDecision(4))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 3, Long.MAX_VALUE, 0));
    assertThat(limiter.acquire(4, Duration.ofSeconds(Long.MAX_VALUE))).isFalse();
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(limiter.tryAcquire(3)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void acquireWaitsExactlyOrReturnsFalseAtOnce(RateLimitAlgorithm algorithm)
      throws InterruptedException {
    RateLimiter limiter = limiter(algorithm, THREE_PER_10S);
    long wait = waitAfterBurst(algorithm);
    assertThat(limiter.acquire(3, Duration.ZERO)).isTrue();
    assertThat(limiter.acquire(1, Duration.ofNanos(wait - 1))).isFalse();
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(limiter.acquire(1, Duration.ofNanos(wait))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(wait);
    assertThat(ticker.read()).isEqualTo(wait);
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void anInterruptedAcquireConsumesNothingAndRethrows(RateLimitAlgorithm algorithm) {
    RateLimiter limiter = limiter(algorithm, THREE_PER_10S);
    limiter.tryAcquire(3);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofMinutes(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
  }

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void severalLimitsDecideAllOrNothing(RateLimitAlgorithm algorithm) {
    RateLimit perSecond = RateLimit.of(2, Duration.ofSeconds(1));
    RateLimiter limiter = limiter(algorithm, perSecond, THREE_PER_10S);
    assertThat(limiter.tryAcquire(2)).isTrue();
    ticker.advance(Duration.ofSeconds(2));
    // The per-second limit would grant 2 again; the 10-second one has 1 left and refuses.
    RateLimitDecision refused = limiter.tryAcquireDecision(2);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limit()).isEqualTo(THREE_PER_10S);
    assertThat(refused.remaining()).isEqualTo(1);
    // Nothing was taken from the per-second limit: both of its permits are still there.
    RateLimitDecision granted = limiter.tryAcquireDecision(1);
    assertThat(granted.allowed()).isTrue();
    assertThat(granted.limit()).isEqualTo(THREE_PER_10S);
    assertThat(granted.remaining()).isZero();
    assertThat(limiter.peek(2).limit()).isEqualTo(THREE_PER_10S);
  }

  @Test
  void aWindowAlgorithmThatCannotHoldTheBurstIsRefusedAtBuild() {
    assertThatThrownBy(() -> limiter(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, RateLimit.perSecond(40_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(at most 32767 for this period)");
  }
}
