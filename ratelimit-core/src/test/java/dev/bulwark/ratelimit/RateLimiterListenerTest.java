package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterListenerTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final List<RateLimiterEvent> events = new ArrayList<>();
  private final RateLimiterListener recorder =
      event -> {
        assertThat(event.permitted()).isEqualTo(event instanceof RateLimiterEvent.Permitted);
        events.add(event);
      };

  private RateLimiter limiter(RateLimiterListener... listeners) {
    RateLimiterBuilder builder =
        RateLimiter.builder(RateLimit.perSecond(2))
            .name("api")
            .ticker(ticker)
            .sleeper(ticker.sleeper());
    for (RateLimiterListener listener : listeners) {
      builder.listener(listener);
    }
    return builder.build();
  }

  private static RateLimiterEvent permitted(int permits) {
    return new RateLimiterEvent.Permitted("api", null, permits);
  }

  private static RateLimiterEvent rejected(int permits, long retryAfterNanos) {
    return new RateLimiterEvent.Rejected("api", null, permits, retryAfterNanos);
  }

  @Test
  void everyDecisionIsReportedExactlyOnce() throws Exception {
    RateLimiter limiter = limiter(recorder);
    limiter.tryAcquire();
    limiter.tryAcquire(1);
    limiter.tryAcquire();
    limiter.tryAcquireDecision(1);
    limiter.tryAcquire(3);
    limiter.peek(1); // a peek decides nothing
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue(); // after 500 ms
    assertThat(limiter.acquire(2, Duration.ofMillis(100))).isFalse(); // would need 1 s
    ticker.advance(Duration.ofMillis(500));
    Pipeline.of(limiter).call(() -> "ok");
    assertThatThrownBy(() -> Pipeline.of(limiter).call(() -> "refused"))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(events)
        .containsExactly(
            permitted(1),
            permitted(1),
            rejected(1, 500 * MS),
            rejected(1, 500 * MS),
            rejected(3, Long.MAX_VALUE),
            permitted(1),
            rejected(2, 1000 * MS),
            permitted(1),
            rejected(1, 500 * MS));
  }

  @Test
  void aFailingListenerNeitherChangesTheDecisionNorSilencesTheOthers() {
    RateLimiterListener failing =
        event -> {
          throw new IllegalStateException("listener bug");
        };
    RateLimiter limiter = limiter(failing, recorder);
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(events).containsExactly(permitted(2), rejected(1, 500 * MS));
  }

  @Test
  void aListenerThatIgnoresEventsChangesNoDecision() {
    RateLimiter limiter = limiter(event -> {});
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void noListenerMeansNoEventIsEverBuilt() {
    assertThat(Listeners.of(List.of())).isNull();
    assertThat(Listeners.of(List.of(recorder))).isNotNull();
  }
}
