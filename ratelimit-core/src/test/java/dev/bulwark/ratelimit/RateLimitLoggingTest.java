package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.testlog.LogCapture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The module's structured log on {@code dev.bulwark.ratelimit}: adaptive limit changes (decreases at
 * INFO, increases at DEBUG) and listener failures; decisions are never logged.
 */
class RateLimitLoggingTest {

  private static final String LOGGER = "dev.bulwark.ratelimit";

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void everyAdaptiveLimitChangeIsLoggedOnceWithItsReason() {
    ConcurrencyLimiter limiter =
        ConcurrencyLimiter.adaptive(Duration.ofMillis(100))
            .name("backend")
            .ticker(ticker)
            .initialLimit(2)
            .minLimit(1)
            .maxLimit(3)
            .backoffRatio(0.5)
            .build();
    try (LogCapture logs = LogCapture.start()) {
      ConcurrencyLimiter.Permit a = limiter.tryAcquire();
      a.onSuccess(); // 1 in flight of 2: half in use, grows to 3
      limiter.tryAcquire().close(); // no outcome: no change
      ConcurrencyLimiter.Permit[] held = {limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()};
      held[2].onSuccess(); // already at the maximum: no change, no line
      ticker.advance(Duration.ofMillis(101));
      held[1].onSuccess(); // slow: 3 -> 1
      held[0].onDropped(); // already at the minimum: no change, no line
      limiter.tryAcquire().onSuccess(); // 1 of 1 in use: 1 -> 2
      limiter.tryAcquire().onDropped(); // 2 -> 1

      assertThat(logs.lines(LOGGER))
          .containsExactly(
              "DEBUG event=concurrency_limit_changed name=backend from=2 to=3 reason=fast_call",
              "INFO event=concurrency_limit_changed name=backend from=3 to=1 reason=slow_call",
              "DEBUG event=concurrency_limit_changed name=backend from=1 to=2 reason=fast_call",
              "INFO event=concurrency_limit_changed name=backend from=2 to=1 reason=dropped");
      assertThat(logs.entries().get(1).message()).isEqualTo("concurrency limiter 'backend': limit 3 -> 1 (slow_call)");
    }
  }

  @Test
  void decisionsAreNotLoggedButAThrowingListenerIs() {
    IllegalStateException bug = new IllegalStateException("listener bug");
    RateLimiterListener listener =
        new RateLimiterListener() {
          @Override
          public void onEvent(RateLimiterEvent event) {
            if (event instanceof RateLimiterEvent.Rejected) {
              throw bug;
            }
          }

          @Override
          public String toString() {
            return "buggy";
          }
        };
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(1)).name("api").ticker(ticker).listener(listener).build();
    try (LogCapture logs = LogCapture.start()) {
      assertThat(limiter.tryAcquire()).isTrue();
      assertThat(limiter.tryAcquire()).isFalse();
      assertThat(logs.lines(LOGGER))
          .containsExactly("WARN event=rate_limiter_listener_failed name=api listener=buggy");
      assertThat(logs.entries().get(0).cause()).isSameAs(bug);
    }
  }
}
