package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wrap-safety: a limiter decides the same whatever its ticker's origin, including readings that
 * start near {@link Long#MAX_VALUE} and wrap around to negative values mid-script, and readings that
 * are negative throughout ({@link System#nanoTime()} may be).
 */
class TickerOriginTest {

  private static final long S = 1_000_000_000L;
  private static final long[] ORIGINS = {
    0, Long.MAX_VALUE - 3 * S, Long.MAX_VALUE, Long.MIN_VALUE, -7 * S, 123_456_789_012_345L
  };

  @ParameterizedTest
  @EnumSource(RateLimitAlgorithm.class)
  void decisionsDoNotDependOnTheOrigin(RateLimitAlgorithm algorithm) throws InterruptedException {
    List<String> reference = script(algorithm, 0);
    assertThat(reference).anyMatch(line -> line.contains("allowed=true"));
    assertThat(reference).anyMatch(line -> line.contains("allowed=false"));
    for (long origin : ORIGINS) {
      assertThat(script(algorithm, origin)).as("origin %d", origin).isEqualTo(reference);
    }
  }

  /** Runs the same calls, 20 s long, and writes down every answer. */
  private static List<String> script(RateLimitAlgorithm algorithm, long origin)
      throws InterruptedException {
    ManualTicker ticker = new ManualTicker(origin);
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.of(3, Duration.ofSeconds(2)), RateLimit.perMinute(8))
            .algorithm(algorithm)
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .build();
    List<String> transcript = new ArrayList<>();
    long[] steps = {0, 100, 700, 1, 1999, 350, 2000, 4000, 10, 990};
    for (int round = 0; round < 2; round++) {
      for (long step : steps) {
        ticker.advance(Duration.ofMillis(step));
        transcript.add("try " + limiter.tryAcquireDecision(2));
        transcript.add("peek " + limiter.peek(1));
        transcript.add("one " + limiter.tryAcquire());
      }
      transcript.add("acquire " + limiter.acquire(2, Duration.ofSeconds(5)) + " " + ticker.sleeps());
      transcript.add("acquire " + limiter.acquire(3, Duration.ofMillis(1)) + " " + ticker.sleeps());
    }
    return transcript;
  }
}
