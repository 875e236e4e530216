package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Regression: keyed and hierarchical limiters create buckets on a key's first request, so a burst
 * that a window algorithm cannot pack used to fail on that request instead of at build time.
 */
class UnrepresentableBurstTest {

  private static final RateLimit HUGE = RateLimit.perSecond(40_000);

  @Test
  void plainLimiterRefusesAtBuild() {
    assertThatThrownBy(() -> RateLimiter.builder(HUGE)
            .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large for SLIDING_WINDOW_COUNTER");
  }

  @Test
  void keyedLimiterRefusesAtBuildNotOnFirstRequest() {
    KeyedRateLimiterBuilder builder =
        KeyedRateLimiter.builder(HUGE).algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("burst 40000 per window of PT1S is too large for SLIDING_WINDOW_COUNTER");
  }

  @Test
  void hierarchicalLimiterChecksEveryLevel() {
    assertThatThrownBy(() -> HierarchicalRateLimiter.builder()
            .perClient(RateLimit.perMinute(100))
            .route("/bulk", HUGE)
            .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER)
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large for SLIDING_WINDOW_COUNTER");
    assertThatThrownBy(() -> HierarchicalRateLimiter.builder()
            .global(HUGE)
            .perClient(RateLimit.perMinute(100))
            .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER)
            .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameBurstIsFineForTheTokenBucket() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.builder(HUGE).build();
    assertThat(limiter.tryAcquire("k")).isTrue();
  }
}
