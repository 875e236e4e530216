package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraBucketTest {

  private static final long S = 1_000_000_000L;

  @Test
  void thirtyPerMinuteAdmitsThirtyAtOnceThenOneEveryTwoSeconds() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30), 0);
    for (int i = 0; i < 30; i++) {
      assertThat(bucket.tryAcquire(0, 1)).as("permit %d", i).isZero();
    }
    assertThat(bucket.tryAcquire(0, 1)).isEqualTo(2 * S);
    assertThat(bucket.tryAcquire(2 * S - 1, 1)).isEqualTo(1);
    assertThat(bucket.tryAcquire(2 * S, 1)).isZero();
    assertThat(bucket.tryAcquire(2 * S, 1)).isEqualTo(2 * S);
    assertThat(bucket.tryAcquire(4 * S, 1)).isZero();
  }

  @Test
  void withBurstAdmitsTheBurstThenTheRate() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30).withBurst(10), 0);
    assertThat(bucket.tryAcquire(0, 10)).isZero();
    assertThat(bucket.tryAcquire(0, 1)).isEqualTo(2 * S);
    // An hour idle refills to the burst, never beyond.
    assertThat(bucket.remaining(3600 * S)).isEqualTo(10);
    assertThat(bucket.tryAcquire(3600 * S, 11)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.tryAcquire(3600 * S, 10)).isZero();
    assertThat(bucket.tryAcquire(3600 * S, 1)).isEqualTo(2 * S);
  }

  @Test
  void weightedRequestWaitsForAllItsPermits() {
    GcraBucket bucket = new GcraBucket(RateLimit.perSecond(10), 0); // one permit per 100 ms
    assertThat(bucket.tryAcquire(0, 8)).isZero();
    assertThat(bucket.tryAcquire(0, 5)).isEqualTo(300_000_000L);
    assertThat(bucket.tryAcquire(0, 2)).isZero();
    assertThat(bucket.remaining(0)).isZero();
    assertThat(bucket.remaining(250_000_000L)).isEqualTo(2);
    assertThat(bucket.resetAfterNanos(250_000_000L)).isEqualTo(750_000_000L);
  }

  @Test
  void remainingAndResetAreExact() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30), 0);
    assertThat(bucket.remaining(0)).isEqualTo(30);
    assertThat(bucket.resetAfterNanos(0)).isZero();
    bucket.tryAcquire(0, 3);
    assertThat(bucket.remaining(0)).isEqualTo(27);
    assertThat(bucket.resetAfterNanos(0)).isEqualTo(6 * S);
    assertThat(bucket.remaining(S)).isEqualTo(27); // half a permit refilled: still 27
    assertThat(bucket.remaining(2 * S)).isEqualTo(28);
    assertThat(bucket.resetAfterNanos(5 * S)).isEqualTo(S);
    assertThat(bucket.resetAfterNanos(7 * S)).isZero();
  }

  @Test
  void decisionDescribesTheOutcome() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30), 0);
    RateLimit limit = RateLimit.perMinute(30);
    assertThat(bucket.tryAcquireDecision(0, 30))
        .isEqualTo(new RateLimitDecision(true, limit, 0, 0, 60 * S));
    assertThat(bucket.tryAcquireDecision(S, 1))
        .isEqualTo(new RateLimitDecision(false, limit, 0, S, 59 * S));
    assertThat(bucket.tryAcquireDecision(S, 31))
        .isEqualTo(new RateLimitDecision(false, limit, 0, Long.MAX_VALUE, 59 * S));
  }

  @Test
  void peekConsumesNothing() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30), 0);
    bucket.tryAcquire(0, 29);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.peek(0, 1)).isZero();
      assertThat(bucket.peek(0, 2)).isEqualTo(2 * S);
      assertThat(bucket.peekDecision(0, 1).remaining()).isEqualTo(1);
    }
    assertThat(bucket.peek(0, 31)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.tryAcquire(0, 1)).isZero();
  }

  @Test
  void permitsAboveTheBurstAreNeverGranted() {
    GcraBucket bucket = new GcraBucket(RateLimit.perSecond(5), 0);
    assertThat(bucket.tryAcquire(0, 6)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.peek(0, 6)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.reserve(0, 6, Long.MAX_VALUE)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.remaining(0)).isEqualTo(5);
  }

  @Test
  void reserveBooksAheadInOrder() {
    GcraBucket bucket = new GcraBucket(RateLimit.perSecond(1), 0);
    assertThat(bucket.reserve(0, 1, 0)).isZero();
    assertThat(bucket.reserve(0, 1, 0)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.reserve(0, 1, S)).isEqualTo(S);
    assertThat(bucket.reserve(0, 1, 5 * S)).isEqualTo(2 * S);
    assertThat(bucket.reserve(0, 1, 3 * S - 1)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.tryAcquire(0, 1)).isEqualTo(3 * S);
    assertThat(bucket.resetAfterNanos(0)).isEqualTo(3 * S);
  }

  @Test
  void refundGivesBackExactlyWhatWasTaken() {
    GcraBucket bucket = new GcraBucket(RateLimit.perMinute(30), 0);
    bucket.tryAcquire(0, 10);
    bucket.tryAcquire(S, 5);
    bucket.refund(S, 5);
    assertThat(bucket.remaining(S)).isEqualTo(20);
    assertThat(bucket.resetAfterNanos(S)).isEqualTo(19 * S);
    bucket.refund(S, 10);
    assertThat(bucket.remaining(S)).isEqualTo(30);
    assertThat(bucket.resetAfterNanos(S)).isZero();
    bucket.refund(S, 10); // already full: never fuller than full
    assertThat(bucket.tryAcquire(S, 30)).isZero();
    assertThat(bucket.tryAcquire(S, 1)).isEqualTo(2 * S);
  }

  @Test
  void refundOfABookingFreesItsSlot() {
    GcraBucket bucket = new GcraBucket(RateLimit.perSecond(1), 0);
    bucket.tryAcquire(0, 1);
    assertThat(bucket.reserve(0, 1, 10 * S)).isEqualTo(S);
    bucket.refund(0, 1);
    assertThat(bucket.reserve(0, 1, 10 * S)).isEqualTo(S);
  }

  @Test
  void refundIsExactWhileOthersTakeFromABusyBucket() {
    GcraBucket bucket = new GcraBucket(RateLimit.perSecond(10), 0);
    bucket.tryAcquire(0, 5); // tat = 500 ms
    bucket.tryAcquire(0, 2); // ours: tat = 700 ms
    bucket.tryAcquire(100_000_000L, 1); // another caller, bucket still busy: tat = 800 ms
    bucket.refund(0, 2);
    assertThat(bucket.resetAfterNanos(100_000_000L)).isEqualTo(500_000_000L);
  }

  @Test
  void readingsAreComparedByDifferenceOnly() {
    for (long origin : new long[] {Long.MAX_VALUE - S, Long.MIN_VALUE, -1}) {
      GcraBucket bucket = new GcraBucket(RateLimit.perSecond(2), origin);
      assertThat(bucket.tryAcquire(origin, 2)).isZero();
      assertThat(bucket.tryAcquire(origin + S / 4, 1)).isEqualTo(S / 4);
      assertThat(bucket.tryAcquire(origin + S / 2, 1)).isZero(); // may wrap past Long.MAX_VALUE
      assertThat(bucket.tryAcquire(origin + 2 * S, 2)).isZero();
      assertThat(bucket.remaining(origin + 2 * S)).isZero();
      assertThat(bucket.resetAfterNanos(origin + 2 * S)).isEqualTo(S);
    }
  }

  @Test
  void emissionIntervalIsRoundedUpSoTheRateIsNeverExceeded() {
    GcraBucket bucket = new GcraBucket(RateLimit.of(3, Duration.ofNanos(10)), 0); // 4 ns per permit
    assertThat(bucket.tryAcquire(0, 3)).isZero();
    assertThat(bucket.tryAcquire(3, 1)).isEqualTo(1);
    assertThat(bucket.tryAcquire(4, 1)).isZero();
  }
}
