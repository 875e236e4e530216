package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowLogBucketTest {

  private static final long S = 1_000_000_000L;
  private static final RateLimit THREE_PER_10S = RateLimit.of(3, Duration.ofSeconds(10));

  @Test
  void eachPermitCountsForExactlyOnePeriod() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 1)).isZero();
    assertThat(bucket.tryAcquire(S, 1)).isZero();
    assertThat(bucket.tryAcquire(2 * S, 1)).isZero();
    assertThat(bucket.tryAcquire(3 * S, 1)).isEqualTo(7 * S);
    assertThat(bucket.tryAcquire(10 * S - 1, 1)).isEqualTo(1);
    assertThat(bucket.tryAcquire(10 * S, 1)).isZero();
    assertThat(bucket.tryAcquire(10 * S, 1)).isEqualTo(S);
  }

  @Test
  void aWeightedRequestWaitsForAsManyExpiries() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    bucket.tryAcquire(0, 2);
    bucket.tryAcquire(5 * S, 1);
    assertThat(bucket.tryAcquire(10 * S, 3)).isEqualTo(5 * S);
    assertThat(bucket.tryAcquire(10 * S, 2)).isZero();
    assertThat(bucket.tryAcquire(10 * S, 1)).isEqualTo(5 * S);
  }

  @Test
  void remainingResetAndDecisionsAreExact() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    assertThat(bucket.remaining(0)).isEqualTo(3);
    assertThat(bucket.resetAfterNanos(0)).isZero();
    assertThat(bucket.tryAcquireDecision(0, 1))
        .isEqualTo(new RateLimitDecision(true, THREE_PER_10S, 2, 0, 10 * S));
    assertThat(bucket.tryAcquireDecision(2 * S, 2))
        .isEqualTo(new RateLimitDecision(true, THREE_PER_10S, 0, 0, 10 * S));
    assertThat(bucket.tryAcquireDecision(5 * S, 2))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 0, 7 * S, 7 * S));
    assertThat(bucket.peekDecision(10 * S, 3))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 1, 2 * S, 2 * S));
    assertThat(bucket.peekDecision(10 * S, 4))
        .isEqualTo(new RateLimitDecision(false, THREE_PER_10S, 1, Long.MAX_VALUE, 2 * S));
    assertThat(bucket.remaining(12 * S)).isEqualTo(3);
    assertThat(bucket.resetAfterNanos(12 * S)).isZero();
  }

  @Test
  void peekConsumesNothing() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.peek(0, 3)).isZero();
    }
    assertThat(bucket.tryAcquire(0, 3)).isZero();
    assertThat(bucket.peek(0, 1)).isEqualTo(10 * S);
  }

  @Test
  void permitsAboveTheBurstAreNeverGranted() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    assertThat(bucket.tryAcquire(0, 4)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.peek(0, 4)).isEqualTo(Bucket.NEVER);
    assertThat(bucket.reserve(0, 4, Long.MAX_VALUE)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.remaining(0)).isEqualTo(3);
  }

  @Test
  void reserveTakesNowOrSaysWhenToTryAgain() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    assertThat(bucket.reserve(0, 3, 0)).isZero();
    assertThat(bucket.reserve(4 * S, 1, 6 * S)).isEqualTo(-6 * S);
    assertThat(bucket.reserve(4 * S, 1, 6 * S - 1)).isEqualTo(Bucket.REFUSED);
    assertThat(bucket.reserve(10 * S, 3, 0)).isZero();
  }

  @Test
  void aLateReadingIsLoggedAtItsOwnTime() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    bucket.tryAcquire(5 * S, 1);
    assertThat(bucket.tryAcquire(3 * S, 1)).isZero(); // a thread that read the clock earlier
    assertThat(bucket.remaining(13 * S)).isEqualTo(2);
    assertThat(bucket.tryAcquire(13 * S, 2)).isZero();
    assertThat(bucket.tryAcquire(13 * S, 1)).isEqualTo(2 * S);
    // A late reading counts the entries logged after it too: 5 s, 13 s and 13 s are all later
    // than 12 s - 10 s, so it is refused until the entry at 5 s expires.
    assertThat(bucket.tryAcquire(12 * S, 1)).isEqualTo(3 * S);
  }

  @Test
  void aReadingBeforeTheCreationCountsAsTheCreation() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 100 * S);
    assertThat(bucket.tryAcquire(99 * S, 3)).isZero();
    assertThat(bucket.tryAcquire(109 * S, 1)).isEqualTo(S);
  }

  @Test
  void refundRemovesTheEntriesOfItsReading() {
    SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, 0);
    bucket.tryAcquire(S, 2);
    bucket.refund(S, 2);
    assertThat(bucket.remaining(S)).isEqualTo(3);
    bucket.tryAcquire(S, 1);
    bucket.tryAcquire(2 * S, 2);
    bucket.refund(S, 2); // only one entry was logged at 1 s
    assertThat(bucket.remaining(2 * S)).isEqualTo(1);
    assertThat(bucket.resetAfterNanos(2 * S)).isEqualTo(10 * S);
    bucket.refund(2 * S, 1);
    assertThat(bucket.tryAcquire(2 * S, 2)).isZero();
    assertThat(bucket.tryAcquire(2 * S, 1)).isEqualTo(10 * S);
  }

  @Test
  void readingsAreComparedByDifferenceOnly() {
    for (long origin : new long[] {Long.MAX_VALUE - 5 * S, Long.MIN_VALUE, -1}) {
      SlidingWindowLogBucket bucket = new SlidingWindowLogBucket(THREE_PER_10S, origin);
      assertThat(bucket.tryAcquire(origin + 4 * S, 3)).isZero();
      assertThat(bucket.tryAcquire(origin + 9 * S, 1)).isEqualTo(5 * S);
      assertThat(bucket.tryAcquire(origin + 14 * S, 3)).isZero();
      assertThat(bucket.resetAfterNanos(origin + 15 * S)).isEqualTo(9 * S);
    }
  }

  @Test
  void theBurstIsCappedByMemory() {
    RateLimit largest = RateLimit.perHour(SlidingWindowLogBucket.MAX_CAPACITY);
    assertThat(new SlidingWindowLogBucket(largest, 0).remaining(0))
        .isEqualTo(SlidingWindowLogBucket.MAX_CAPACITY);
    assertThatThrownBy(() -> new SlidingWindowLogBucket(largest.withBurst(1_048_577), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "burst 1048577 is too large for SLIDING_WINDOW_LOG (at most 1048576: it keeps one entry"
                + " per permit); use SLIDING_WINDOW_COUNTER or TOKEN_BUCKET");
  }
}
