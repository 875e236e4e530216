package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code acquire} computed an absolute deadline {@code now + maxWait}, which saturated
 * at {@link Long#MAX_VALUE} for readings near it, so a wait well within {@code maxWait} was refused
 * (with a reading 1 µs below the maximum, a 1 s wait exceeded the "remaining" 1 µs).
 */
class AcquireNearTickerOverflowTest {

  @Test
  void aWaitWithinMaxWaitIsGrantedWhateverTheReading() throws InterruptedException {
    ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 1_000);
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).sleeper(ticker.sleeper()).build();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(2))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L);
    assertThat(limiter.acquire(1, Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L, 1_000_000_000L);
  }

  @Test
  void windowAlgorithmsRetryWithinTheRemainingBudget() throws InterruptedException {
    ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 1_000);
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(1))
            .algorithm(RateLimitAlgorithm.FIXED_WINDOW)
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .build();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L);
  }
}
