package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default token bucket through the public API, on a manual clock. */
class RateLimiterTest {

  private static final long S = 1_000_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  private RateLimiter limiter(RateLimit... limits) {
    return RateLimiter.builder(limits).ticker(ticker).sleeper(ticker.sleeper()).build();
  }

  @Test
  void thirtyPerMinuteAdmitsThirtyAtOnceThenOneEveryTwoSeconds() {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.tryAcquire()).as("call %d", i).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();
    for (int second = 0; second < 3; second++) {
      ticker.advance(Duration.ofMillis(1999));
      assertThat(limiter.tryAcquire()).isFalse();
      ticker.advance(Duration.ofMillis(1));
      assertThat(limiter.tryAcquire()).isTrue();
      assertThat(limiter.tryAcquire()).isFalse();
    }
  }

  @Test
  void withBurstAdmitsTheBurstAtOnceThenOneEveryTwoSeconds() {
    RateLimiter limiter = limiter(RateLimit.perMinute(30).withBurst(10));
    assertThat(limiter.tryAcquire(10)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    ticker.advance(Duration.ofSeconds(2));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    ticker.advance(Duration.ofHours(1)); // refills to the burst, not to 30
    assertThat(limiter.tryAcquire(11)).isFalse();
    assertThat(limiter.tryAcquire(10)).isTrue();
  }

  @Test
  void decisionsCarryExactRemainingRetryAfterAndReset() {
    RateLimit limit = RateLimit.perMinute(30);
    RateLimiter limiter = limiter(limit);
    assertThat(limiter.tryAcquireDecision(1))
        .isEqualTo(new RateLimitDecision(true, limit, 29, 0, 2 * S));
    assertThat(limiter.tryAcquireDecision(29))
        .isEqualTo(new RateLimitDecision(true, limit, 0, 0, 60 * S));
    ticker.advance(Duration.ofMillis(500));
    RateLimitDecision refused = limiter.tryAcquireDecision(1);
    assertThat(refused).isEqualTo(new RateLimitDecision(false, limit, 0, 1_500_000_000L, 59_500_000_000L));
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    assertThat(refused.resetAfterSeconds()).isEqualTo(60);
    ticker.advance(Duration.ofSeconds(20));
    assertThat(limiter.peek(1)).isEqualTo(new RateLimitDecision(true, limit, 10, 0, 39_500_000_000L));
  }

  @Test
  void peekConsumesNothing() {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.peek(30).allowed()).isTrue();
      assertThat(limiter.peek(30).remaining()).isEqualTo(30);
    }
    assertThat(limiter.tryAcquire(30)).isTrue();
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(2 * S);
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(2 * S);
  }

  @Test
  void permitsAboveTheCapacityAreRefusedAtOnce() throws InterruptedException {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    assertThat(limiter.tryAcquire(31)).isFalse();
    RateLimitDecision decision = limiter.tryAcquireDecision(31);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.retryAfterNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(decision.remaining()).isEqualTo(30);
    assertThat(limiter.peek(31).retryAfterNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(limiter.acquire(31, Duration.ofDays(365))).isFalse();
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(ticker.read()).isZero();
    assertThat(limiter.tryAcquire(30)).isTrue();
  }

  @Test
  void acquireWaitsExactlyTheNeededTime() throws InterruptedException {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    assertThat(limiter.acquire(30, Duration.ZERO)).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(2))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(2 * S);
    assertThat(limiter.acquire(2, Duration.ofSeconds(4))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(2 * S, 4 * S);
    assertThat(ticker.read()).isEqualTo(6 * S);
  }

  @Test
  void acquireReturnsFalseAtOnceWhenTheWaitExceedsMaxWait() throws InterruptedException {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    limiter.tryAcquire(30);
    assertThat(limiter.acquire(1, Duration.ofMillis(1999))).isFalse();
    assertThat(limiter.acquire(1, Duration.ZERO)).isFalse();
    assertThat(ticker.sleeps()).isEmpty();
    // Nothing was consumed by the refusals.
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(2 * S);
  }

  @Test
  void waitingCallersAreServedInOrder() throws InterruptedException {
    RateLimiter limiter = limiter(RateLimit.perSecond(1));
    limiter.tryAcquire();
    // Each acquire books the next free slot, one second after the previous booking.
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(S, S);
  }

  @Test
  void anInterruptedAcquireGivesItsBookingBackAndRethrows() {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    limiter.tryAcquire(30);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofSeconds(10)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the flag is cleared, as by a real sleep").isFalse();
    assertThat(limiter.peek(1).retryAfterNanos()).isEqualTo(2 * S); // not 4 s: booking refunded
  }

  @Test
  void acquireValidatesItsArguments() {
    RateLimiter limiter = limiter(RateLimit.perMinute(30));
    assertThatThrownBy(() -> limiter.acquire(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWait must not be negative but was PT-1S");
    assertThatThrownBy(() -> limiter.acquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("maxWait");
    assertThatThrownBy(() -> limiter.tryAcquire(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
    assertThatThrownBy(() -> limiter.tryAcquireDecision(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was -1");
    assertThatThrownBy(() -> limiter.peek(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
  }

  @Test
  void twoHundredPerMinuteAndThousandPerHourDecideAllOrNothing() {
    RateLimit minute = RateLimit.parse("200/minute");
    RateLimit hour = RateLimit.parse("1000/hour");
    RateLimiter limiter = limiter(minute, hour);
    for (int m = 0; m < 5; m++) {
      assertThat(limiter.tryAcquire(200)).as("minute %d", m).isTrue();
      assertThat(limiter.tryAcquire()).isFalse();
      ticker.advance(Duration.ofMinutes(1));
    }
    // Minute 5: the minute limit is full again, the hour limit has refilled 83 permits (one per
    // 3.6 s over 300 s): 200 are refused for 420 s more, and nothing is consumed.
    assertThat(limiter.tryAcquireDecision(200))
        .isEqualTo(new RateLimitDecision(false, hour, 83, 420 * S, 3300 * S));
    assertThat(limiter.tryAcquireDecision(83))
        .isEqualTo(new RateLimitDecision(true, hour, 0, 0, 3598_800_000_000L));
    assertThat(limiter.peek(1))
        .isEqualTo(new RateLimitDecision(false, hour, 0, 2_400_000_000L, 3598_800_000_000L));
    assertThat(limiter.limits()).containsExactly(minute, hour);
  }

  @Test
  void describesItself() {
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(5)).name("search").ticker(ticker).build();
    assertThat(limiter.name()).isEqualTo("search");
    assertThat(limiter).hasToString("RateLimiter[search, [5/second]]");
  }
}
