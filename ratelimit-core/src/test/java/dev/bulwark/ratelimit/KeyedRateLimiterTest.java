package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.internal.BucketCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** In-memory specifics: tracking, expiry, eviction, listeners, builder. Semantics: the contract. */
class KeyedRateLimiterTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker(-5_000_000_000L);

  /** 10 per second (one every 100 ms), burst 5: full again 500 ms after being emptied. */
  private InMemoryKeyedRateLimiter<String> limiter() {
    return (InMemoryKeyedRateLimiter<String>)
        KeyedRateLimiter.builder(RateLimit.perSecond(10).withBurst(5))
            .name("per-ip")
            .ticker(ticker)
            .<String>build();
  }

  @Test
  void tracksOneBucketPerKey() {
    KeyedRateLimiter<String> limiter = limiter();
    assertThat(limiter.tryAcquire("a", 5)).isTrue();
    assertThat(limiter.tryAcquire("b", 6)).isFalse(); // refused, but tracked
    assertThat(limiter.tryAcquire("c")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.trackedKeys()).isEqualTo(3);
  }

  @Test
  void peekDoesNotStartTrackingAKey() {
    InMemoryKeyedRateLimiter<String> limiter = limiter();
    assertThat(limiter.peek("new", 5).allowed()).isTrue();
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isZero();
    limiter.tryAcquire("a", 4);
    assertThat(limiter.peek("a", 2).allowed()).isFalse();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
  }

  @Test
  void aKeyFullForItsRefillToFullTimeIsDroppedAndComesBackFull() {
    InMemoryKeyedRateLimiter<String> limiter = limiter(); // refill-to-full time: 500 ms
    assertThat(limiter.tryAcquire("a", 5)).isTrue(); // full again at 500 ms
    assertThat(limiter.tryAcquire("b", 2)).isTrue(); // full again at 200 ms

    ticker.advanceNanos(700 * MS - 1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(2);

    ticker.advanceNanos(1); // b has been full for 500 ms
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);

    ticker.advanceNanos(300 * MS - 1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);

    ticker.advanceNanos(1); // a has been full for 500 ms
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isZero();

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("a")).isTrue();
    }
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
  }

  @Test
  void grantedRequestsKeepAKeyAndRefusedOnesDoNot() {
    InMemoryKeyedRateLimiter<String> limiter = limiter();
    limiter.tryAcquire("a", 5); // full at 500 ms
    limiter.tryAcquire("b", 5); // full at 500 ms
    ticker.advanceNanos(400 * MS);
    assertThat(limiter.tryAcquire("a", 4)).isTrue(); // 4 refilled, taken: full at 900 ms
    assertThat(limiter.tryAcquire("b", 5)).isFalse(); // refused: consumes nothing
    ticker.advanceNanos(600 * MS);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1); // b, full since 500 ms, dropped; a kept
    ticker.advanceNanos(400 * MS - 1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    ticker.advanceNanos(1); // a has been full for 500 ms
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isZero();
  }

  @Test
  void aKeyWithAGrantWithinItsRefillToFullTimeIsNeverDropped() {
    InMemoryKeyedRateLimiter<String> limiter = limiter();
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryAcquire("steady")).isTrue(); // one request every 450 ms: always full
      ticker.advanceNanos(450 * MS);
      limiter.cleanUp();
      assertThat(limiter.trackedKeys()).isEqualTo(1);
    }
  }

  @Test
  void idleExpiryFollowsTheSlowestOfSeveralLimits() {
    assertThat(
            BucketCache.idleToFullNanos(
                List.of(RateLimit.perSecond(10), RateLimit.perMinute(6).withBurst(2)),
                RateLimitAlgorithm.TOKEN_BUCKET))
        .isEqualTo(20_000 * MS);
    assertThat(
            BucketCache.idleToFullNanos(
                List.of(RateLimit.perMinute(100).withBurst(10)), RateLimitAlgorithm.FIXED_WINDOW))
        .isEqualTo(60_000 * MS);
    assertThat(
            BucketCache.idleToFullNanos(
                List.of(RateLimit.perMinute(100)), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER))
        .isEqualTo(120_000 * MS);
  }

  @Test
  void keysEvictedUnderPressureComeBackFull() {
    InMemoryKeyedRateLimiter<String> limiter =
        (InMemoryKeyedRateLimiter<String>)
            KeyedRateLimiter.builder(RateLimit.perHour(1))
                .maximumKeys(10)
                .ticker(ticker)
                .<String>build();
    for (int i = 0; i < 50; i++) {
      assertThat(limiter.tryAcquire("k" + i)).isTrue();
    }
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(10);
    List<String> evicted = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // peek does not insert, so nothing is evicted while we look: a drained key is still tracked
      if (limiter.peek("k" + i, 1).allowed()) {
        evicted.add("k" + i);
      }
    }
    assertThat(evicted).hasSize(40);
    for (String key : evicted) {
      assertThat(limiter.tryAcquire(key)).as(key).isTrue();
    }
  }

  @Test
  void severalLimitsPerKeyDecideAllOrNothingAndAreDroppedWhenAllAreFull() {
    InMemoryKeyedRateLimiter<String> limiter =
        (InMemoryKeyedRateLimiter<String>)
            KeyedRateLimiter.builder(RateLimit.perSecond(2), RateLimit.perMinute(3))
                .ticker(ticker)
                .<String>build();
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    ticker.advanceNanos(1_000 * MS);
    assertThat(limiter.tryAcquire("a", 2)).isFalse(); // the minute has 1 left: nothing consumed
    assertThat(limiter.tryAcquire("a")).isTrue();
    ticker.advanceNanos(1_000 * MS);
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.tryAcquire("b", 2)).isTrue();

    // The minute limit (3, one every 20 s) took 3 by 1 s: full again at 60 s (its tokens came
    // back at 20 s intervals from the first one at 0); b took 2 at 2 s: full at 42 s. The second
    // limit is full within a second; the slowest decides, and the minute limit's refill-to-full
    // time (60 s) is how long a bucket stays full before its key is dropped.
    ticker.advanceNanos(100_000 * MS - 1); // 102 s - 1 ns
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    ticker.advanceNanos(1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    ticker.advanceNanos(18_000 * MS - 1); // 120 s - 1 ns
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    ticker.advanceNanos(1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isZero();
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
  }

  @Test
  void windowKeysAreKeptForAWholeWindowEvenWhenTheBurstRefillsSooner() {
    InMemoryKeyedRateLimiter<String> limiter =
        (InMemoryKeyedRateLimiter<String>)
            KeyedRateLimiter.builder(RateLimit.perMinute(100).withBurst(10))
                .algorithm(RateLimitAlgorithm.FIXED_WINDOW)
                .ticker(ticker)
                .<String>build();
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
    ticker.advanceNanos(6_000 * MS); // the token bucket's refill-to-full time: not enough here
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    assertThat(limiter.tryAcquireDecision("a", 1).retryAfterNanos()).isEqualTo(54_000 * MS);
    ticker.advanceNanos(54_000 * MS); // the next window: a fresh count whether or not it was dropped
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"FIXED_WINDOW, 120", "SLIDING_WINDOW_LOG, 120", "SLIDING_WINDOW_COUNTER, 240"})
  void windowKeysAreDroppedOnceFullForTheirIdleTime(RateLimitAlgorithm algorithm, long seconds) {
    // full again when the window (fixed, log) or the previous window's weight (counter) has passed:
    // at 60 s or 120 s; dropped once full for the idle time, one window or two
    InMemoryKeyedRateLimiter<String> limiter =
        (InMemoryKeyedRateLimiter<String>)
            KeyedRateLimiter.builder(RateLimit.perMinute(100).withBurst(10))
                .algorithm(algorithm)
                .ticker(ticker)
                .<String>build();
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
    ticker.advanceNanos(seconds * 1_000 * MS - 1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    ticker.advanceNanos(1);
    limiter.cleanUp();
    assertThat(limiter.trackedKeys()).isZero();
  }

  @Test
  void listenersReceiveTheKey() {
    List<RateLimiterEvent> events = new ArrayList<>();
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.builder(RateLimit.perSecond(10).withBurst(1))
            .name("per-user")
            .ticker(ticker)
            .listener(
                events::add)
            .build();
    limiter.tryAcquire(7);
    limiter.tryAcquire(7);
    limiter.tryAcquireDecision(8, 2);
    assertThat(events)
        .containsExactly(
            new RateLimiterEvent.Permitted("per-user", 7, 1),
            new RateLimiterEvent.Rejected("per-user", 7, 1, 100 * MS),
            new RateLimiterEvent.Rejected("per-user", 8, 2, Long.MAX_VALUE));
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> KeyedRateLimiter.builder())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    KeyedRateLimiterBuilder builder = KeyedRateLimiter.builder(RateLimit.perSecond(1));
    assertThatThrownBy(() -> builder.maximumKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumKeys must be >= 1 but was 0");
    builder.maximumKeys(5);
    assertThatThrownBy(() -> builder.maximumKeys(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumKeys was already set to 5");
    assertThatThrownBy(() -> builder.name(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.name(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    builder.ticker(ticker);
    assertThatThrownBy(() -> builder.ticker(ticker)).isInstanceOf(IllegalStateException.class);
    builder.algorithm(RateLimitAlgorithm.TOKEN_BUCKET);
    assertThatThrownBy(() -> builder.algorithm(RateLimitAlgorithm.FIXED_WINDOW))
        .isInstanceOf(IllegalStateException.class);
    KeyedRateLimiter<String> built = builder.build();
    assertThat(built.name()).isEqualTo("keyed-rate-limiter");
    assertThat(built.limits()).containsExactly(RateLimit.perSecond(1));
    assertThat(built.trackedKeys()).isZero();
  }

  @Test
  void defaultCapIsDocumented() {
    assertThat(KeyedRateLimiterBuilder.DEFAULT_MAXIMUM_KEYS).isEqualTo(100_000);
    assertThat(Duration.ofNanos(RateLimit.perMinute(100).withBurst(10).refillToFullNanos()))
        .isEqualTo(Duration.ofSeconds(6));
  }
}
