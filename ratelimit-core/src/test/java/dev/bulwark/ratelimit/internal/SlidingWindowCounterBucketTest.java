package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowCounterBucketTest {

  private static final long S = 1_000_000_000L;
  private static final RateLimit TEN_PER_10S = RateLimit.of(10, Duration.ofSeconds(10));

  @Test
  void thePreviousWindowWeighsByItsOverlapWithTheSlidingWindow() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 10)).isZero();
    // Window 1 at offset 1 s: the previous 10 weigh ceil(10 * 9/10) = 9, leaving 1.
    assertThat(bucket.tryAcquire(11 * S - 1, 1)).isEqualTo(1);
    assertThat(bucket.remaining(11 * S)).isEqualTo(1);
    assertThat(bucket.remaining(15 * S)).isEqualTo(5);
    assertThat(bucket.tryAcquire(15 * S, 5)).isZero();
    assertThat(bucket.tryAcquire(15 * S, 1)).isEqualTo(S);
    assertThat(bucket.tryAcquire(16 * S, 1)).isZero();
  }

  @Test
  void aFullWindowWaitsIntoTheNextOne() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 10)).isZero();
    // Needs the next window, at the offset where ceil(10 * (W - off) / W) <= 9: off = 1 s.
    assertThat(bucket.tryAcquire(0, 1)).isEqualTo(11 * S);
    assertThat(bucket.tryAcquire(0, 10)).isEqualTo(20 * S);
    assertThat(bucket.tryAcquire(11 * S, 1)).isZero();
  }

  @Test
  void itsErrorBoundIsTwiceTheBurstMinusOneInOnePeriod() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    // All of window 0's permits at its very end...
    assertThat(bucket.tryAcquire(10 * S - 1, 10)).isZero();
    // ...and at the end of window 1 they weigh ceil(10 * 1 ns / 10 s) = 1: 9 more pass, 19 within
    // [10 s - 1 ns, 20 s - 1 ns), a period long.
    assertThat(bucket.tryAcquire(20 * S - 1, 9)).isZero();
    assertThat(bucket.tryAcquire(20 * S - 1, 1)).isEqualTo(1);
    // A full burst must wait until window 1's 9 no longer weigh: the start of window 3.
    assertThat(bucket.tryAcquire(20 * S, 10)).isEqualTo(10 * S);
  }

  @Test
  void anIdleWindowForgetsEverything() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    bucket.tryAcquire(5 * S, 10);
    assertThat(bucket.remaining(20 * S)).isEqualTo(10);
    assertThat(bucket.resetAfterNanos(20 * S)).isZero();
    assertThat(bucket.tryAcquire(25 * S, 10)).isZero();
  }

  @Test
  void remainingResetAndDecisionsAreExact() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    assertThat(bucket.tryAcquireDecision(2 * S, 4))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_10S, 6, 0, 18 * S));
    // At 12 s the 4 of window 0 weigh ceil(4 * 8/10) = 4, at 12.5 s ceil(3.0) = 3.
    assertThat(bucket.tryAcquireDecision(12 * S, 7))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_10S, 6, S / 2, 8 * S));
    assertThat(bucket.peekDecision(13 * S, 7))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_10S, 7, 0, 7 * S));
    assertThat(bucket.peekDecision(13 * S, 11))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_10S, 7, Long.MAX_VALUE, 7 * S));
  }

  @Test
  void peekConsumesNothing() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.peek(0, 10)).isZero();
    }
    assertThat(bucket.tryAcquire(0, 10)).isZero();
    assertThat(bucket.peek(0, 1)).isEqualTo(11 * S);
  }

  @Test
  void permitsAboveTheBurstAreNeverGranted() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 11)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.reserve(0, 11, Long.MAX_VALUE)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.remaining(0)).isEqualTo(10);
  }

  @Test
  void reserveTakesNowOrSaysWhenToTryAgain() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    assertThat(bucket.reserve(0, 10, 0)).isZero();
    assertThat(bucket.reserve(0, 1, 11 * S)).isEqualTo(-11 * S);
    assertThat(bucket.reserve(0, 1, 11 * S - 1)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.reserve(11 * S, 1, 0)).isZero();
  }

  @Test
  void aStaleReadingIsRefusedUntilTheRecordedWindow() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    bucket.tryAcquire(10 * S, 1);
    assertThat(bucket.tryAcquire(9 * S, 1)).isEqualTo(S);
    assertThat(bucket.remaining(9 * S)).isZero();
    assertThat(bucket.resetAfterNanos(9 * S)).isEqualTo(21 * S);
  }

  @Test
  void refundIsExactInTheCurrentAndThePreviousWindow() {
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, 0);
    bucket.tryAcquire(S, 6);
    bucket.refund(S, 2);
    assertThat(bucket.remaining(S)).isEqualTo(6);
    bucket.tryAcquire(11 * S, 1); // window 0 becomes the previous one, with 4
    bucket.refund(S, 4);
    assertThat(bucket.remaining(11 * S)).isEqualTo(9);
    bucket.refund(11 * S, 5); // never below zero
    assertThat(bucket.remaining(11 * S)).isEqualTo(10);
    bucket.tryAcquire(25 * S, 3);
    bucket.refund(S, 1); // two windows ago: no longer counted
    assertThat(bucket.remaining(25 * S)).isEqualTo(7);
  }

  @Test
  void readingsAreComparedByDifferenceOnly() {
    for (long origin : new long[] {Long.MAX_VALUE - 5 * S, Long.MIN_VALUE, -1}) {
      SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(TEN_PER_10S, origin);
      assertThat(bucket.tryAcquire(origin, 10)).isZero();
      assertThat(bucket.tryAcquire(origin + 11 * S - 1, 1)).isEqualTo(1);
      assertThat(bucket.tryAcquire(origin + 15 * S, 5)).isZero();
      assertThat(bucket.resetAfterNanos(origin + 15 * S)).isEqualTo(15 * S);
    }
  }

  @Test
  void largeCountsInLongWindowsAreWeighedExactly() {
    // 2,000,000 per day: prev * offset needs more than 64 bits.
    RateLimit limit = RateLimit.of(2_000_000, Duration.ofDays(1));
    long day = Duration.ofDays(1).toNanos();
    SlidingWindowCounterBucket bucket = new SlidingWindowCounterBucket(limit, 0);
    assertThat(bucket.tryAcquire(0, 2_000_000)).isZero();
    for (long offset : new long[] {1, 12_345_678_901L, day / 3, day - 1}) {
      long weighted =
          BigInteger.valueOf(2_000_000)
              .multiply(BigInteger.valueOf(day - offset))
              .add(BigInteger.valueOf(day - 1))
              .divide(BigInteger.valueOf(day))
              .longValueExact();
      assertThat(bucket.remaining(day + offset))
          .as("offset %d", offset)
          .isEqualTo(2_000_000 - weighted);
    }
  }

  @Test
  void aBurstThatCannotBePackedIsRefusedNamingTheLargestThatCan() {
    assertThat(new SlidingWindowCounterBucket(RateLimit.perSecond(32_767), 0).remaining(0))
        .isEqualTo(32_767);
    assertThatThrownBy(() -> new SlidingWindowCounterBucket(RateLimit.perSecond(32_768), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "burst 32768 per window of PT1S is too large for SLIDING_WINDOW_COUNTER (at most 32767"
                + " for this period); use a longer period or TOKEN_BUCKET");
  }
}
