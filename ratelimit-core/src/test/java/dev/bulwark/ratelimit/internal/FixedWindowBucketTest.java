package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedWindowBucketTest {

  private static final long S = 1_000_000_000L;
  private static final RateLimit THREE_PER_10S = RateLimit.of(3, Duration.ofSeconds(10));

  @Test
  void admitsTheBurstPerAlignedWindow() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 1)).isZero();
    assertThat(bucket.tryAcquire(4 * S, 2)).isZero();
    assertThat(bucket.tryAcquire(4 * S, 1)).isEqualTo(6 * S);
    assertThat(bucket.tryAcquire(10 * S - 1, 1)).isEqualTo(1);
    assertThat(bucket.tryAcquire(10 * S, 3)).isZero();
    assertThat(bucket.tryAcquire(19 * S, 1)).isEqualTo(S);
  }

  @Test
  void windowsAreAlignedOnTheCreationReading() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 7 * S);
    assertThat(bucket.tryAcquire(7 * S, 3)).isZero();
    assertThat(bucket.tryAcquire(16 * S, 1)).isEqualTo(S);
    assertThat(bucket.tryAcquire(17 * S, 1)).isZero();
  }

  @Test
  void theBoundaryLetsTwiceTheBurstThroughInAMoment() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(10 * S - 1, 3)).isZero();
    assertThat(bucket.tryAcquire(10 * S, 3)).isZero();
  }

  @Test
  void remainingResetAndDecisionsAreExact() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.remaining(0)).isEqualTo(3);
    assertThat(bucket.resetAfterNanos(0)).isZero();
    assertThat(bucket.tryAcquireDecision(S, 2))
        .isEqualTo(new RateLimitDecision(true, THREE_PER_10S, 1, 0, 9 * S));
    assertThat(bucket.tryAcquireDecision(3 * S, 2))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 1, 7 * S, 7 * S));
    assertThat(bucket.peekDecision(3 * S, 4))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 1, Long.MAX_VALUE, 7 * S));
    assertThat(bucket.remaining(10 * S)).isEqualTo(3);
    assertThat(bucket.resetAfterNanos(10 * S)).isZero();
    assertThat(bucket.remaining(55 * S)).isEqualTo(3);
  }

  @Test
  void peekConsumesNothing() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.peek(0, 3)).isZero();
    }
    assertThat(bucket.remaining(0)).isEqualTo(3);
    assertThat(bucket.tryAcquire(0, 3)).isZero();
    assertThat(bucket.peek(0, 1)).isEqualTo(10 * S);
  }

  @Test
  void permitsAboveTheBurstAreNeverGranted() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 4)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.peek(0, 4)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.reserve(0, 4, Long.MAX_VALUE)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.remaining(0)).isEqualTo(3);
  }

  @Test
  void reserveTakesNowOrSaysWhenToTryAgain() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.reserve(0, 3, 0)).isZero();
    assertThat(bucket.reserve(S, 1, 9 * S)).isEqualTo(-9 * S);
    assertThat(bucket.reserve(S, 1, 9 * S - 1)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.remaining(S)).isZero();
    assertThat(bucket.reserve(10 * S, 1, 0)).isZero();
    assertThat(bucket.remaining(10 * S)).isEqualTo(2);
  }

  @Test
  void aStaleReadingIsRefusedUntilTheRecordedWindow() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(10 * S, 1)).isZero();
    assertThat(bucket.tryAcquire(9 * S, 1)).isEqualTo(S);
    assertThat(bucket.peek(9 * S, 1)).isEqualTo(S);
    assertThat(bucket.remaining(9 * S)).isZero();
    assertThat(bucket.resetAfterNanos(9 * S)).isEqualTo(11 * S);
    assertThat(bucket.remaining(10 * S)).isEqualTo(2);
  }

  @Test
  void aReadingBeforeTheCreationCountsAsTheCreation() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 100 * S);
    assertThat(bucket.tryAcquire(99 * S, 3)).isZero();
    assertThat(bucket.tryAcquire(109 * S, 1)).isEqualTo(S);
  }

  @Test
  void refundIsExactForTheWindowOfTheTake() {
    FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, 0);
    bucket.tryAcquire(S, 2);
    bucket.refund(S, 2);
    assertThat(bucket.remaining(S)).isEqualTo(3);
    bucket.refund(S, 1); // never fuller than full
    assertThat(bucket.remaining(S)).isEqualTo(3);
    bucket.tryAcquire(S, 3);
    bucket.tryAcquire(11 * S, 1);
    bucket.refund(S, 3); // that window is over: nothing to give back in this one
    assertThat(bucket.remaining(11 * S)).isEqualTo(2);
  }

  @Test
  void readingsAreComparedByDifferenceOnly() {
    for (long origin : new long[] {Long.MAX_VALUE - 5 * S, Long.MIN_VALUE, -1}) {
      FixedWindowBucket bucket = new FixedWindowBucket(THREE_PER_10S, origin);
      assertThat(bucket.tryAcquire(origin + 9 * S, 3)).isZero();
      assertThat(bucket.tryAcquire(origin + 9 * S, 1)).isEqualTo(S);
      assertThat(bucket.tryAcquire(origin + 10 * S, 3)).isZero();
      assertThat(bucket.resetAfterNanos(origin + 12 * S)).isEqualTo(8 * S);
    }
  }

  @Test
  void theLongestLifetimeKeepsItsWindowIndex() {
    // A period of 4 ns leaves 61 bits of index: enough for 2^63 ns, the ticker's whole range.
    FixedWindowBucket bucket = new FixedWindowBucket(RateLimit.of(7, Duration.ofNanos(4)), 0);
    long late = Long.MAX_VALUE - 3; // the start of the last whole window
    assertThat(bucket.tryAcquire(late, 7)).isZero();
    assertThat(bucket.tryAcquire(late, 1)).isEqualTo(4);
    assertThat(bucket.remaining(late)).isZero();
  }

  @Test
  void aBurstThatCannotBePackedIsRefusedNamingTheLargestThatCan() {
    assertThatThrownBy(() -> new FixedWindowBucket(RateLimit.of(8, Duration.ofNanos(4)), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "burst 8 per window of PT0.000000004S is too large for FIXED_WINDOW (at most 7 for"
                + " this period); use a longer period or TOKEN_BUCKET");
  }
}
