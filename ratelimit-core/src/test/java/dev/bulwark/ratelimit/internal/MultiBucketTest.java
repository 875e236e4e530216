package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiBucketTest {

  private static final long S = 1_000_000_000L;

  private final GcraBucket perSecond = new GcraBucket(RateLimit.perSecond(2), 0);
  private final GcraBucket perMinute = new GcraBucket(RateLimit.perMinute(3), 0);
  private final MultiBucket both = new MultiBucket(List.of(perSecond, perMinute), true);

  @Test
  void whenOneLimitRefusesNothingIsConsumed() {
    assertThat(both.tryAcquire(0, 2)).isZero();
    assertThat(perSecond.remaining(0)).isZero();
    assertThat(perMinute.remaining(0)).isEqualTo(1);
    // At 1 s the per-second limit would allow 2, the per-minute limit refuses for 19 s more.
    assertThat(both.tryAcquire(S, 2)).isEqualTo(19 * S);
    assertThat(perSecond.remaining(S)).isEqualTo(2);
    assertThat(perMinute.remaining(S)).isEqualTo(1);
    assertThat(both.tryAcquire(S, 1)).isZero();
    assertThat(perSecond.remaining(S)).isEqualTo(1);
    assertThat(perMinute.remaining(S)).isZero();
  }

  @Test
  void theWaitIsTheLongestOfAllLimits() {
    both.tryAcquire(0, 2);
    assertThat(both.peek(0, 1)).isEqualTo(S / 2); // per second: 500 ms, per minute: 0
    assertThat(both.peek(0, 2)).isEqualTo(20 * S); // per second: 1 s, per minute: 20 s
    assertThat(both.peek(0, 3)).isEqualTo(Bucket.NEVER); // above the per-second burst of 2
    assertThat(both.tryAcquire(0, 3)).isEqualTo(Bucket.NEVER);
    assertThat(both.remaining(0)).isZero();
    assertThat(both.resetAfterNanos(0)).isEqualTo(40 * S);
    assertThat(both.limit()).isEqualTo(RateLimit.perSecond(2));
  }

  @Test
  void aDecisionDescribesTheRefusingLimitOrTheOneWithFewestRemaining() {
    assertThat(both.tryAcquireDecision(0, 1))
        .isEqualTo(new RateLimitDecision(true, RateLimit.perSecond(2), 1, 0, S / 2));
    assertThat(both.tryAcquireDecision(0, 1))
        .isEqualTo(new RateLimitDecision(true, RateLimit.perSecond(2), 0, 0, S));
    assertThat(both.tryAcquireDecision(S, 2))
        .isEqualTo(new RateLimitDecision(false, RateLimit.perMinute(3), 1, 19 * S, 39 * S));
    assertThat(both.peekDecision(S, 1))
        .isEqualTo(new RateLimitDecision(true, RateLimit.perMinute(3), 1, 0, 39 * S));
    assertThat(both.peekDecision(S, 3))
        .isEqualTo(new RateLimitDecision(false, RateLimit.perSecond(2), 2, Long.MAX_VALUE, 0));
  }

  @Test
  void tokenBucketsBookOnAllOrNone() {
    GcraBucket second = new GcraBucket(RateLimit.perSecond(1), 0);
    GcraBucket minute = new GcraBucket(RateLimit.perMinute(2), 0);
    MultiBucket multi = new MultiBucket(List.of(second, minute), true);
    assertThat(multi.reserve(0, 1, 10 * S)).isZero();
    assertThat(multi.reserve(0, 1, 10 * S)).isEqualTo(S);
    assertThat(multi.reserve(0, 1, 10 * S)).isEqualTo(Bucket.REFUSED); // the minute needs 30 s
    assertThat(second.peek(0, 1)).isEqualTo(2 * S);
    assertThat(minute.peek(0, 1)).isEqualTo(30 * S);
    assertThat(multi.reserve(0, 1, 30 * S)).isEqualTo(30 * S);
    assertThat(second.peek(0, 1)).isEqualTo(3 * S);
  }

  @Test
  void windowBucketsSayWhenToTryAgain() {
    FixedWindowBucket small = new FixedWindowBucket(RateLimit.of(2, Duration.ofSeconds(10)), 0);
    FixedWindowBucket large = new FixedWindowBucket(RateLimit.of(3, Duration.ofMinutes(1)), 0);
    MultiBucket multi = new MultiBucket(List.of(small, large), false);
    assertThat(multi.reserve(0, 2, 0)).isZero();
    assertThat(multi.reserve(S, 1, 30 * S)).isEqualTo(-9 * S);
    assertThat(multi.reserve(S, 1, 5 * S)).isEqualTo(Bucket.REFUSED);
    assertThat(multi.reserve(10 * S, 1, 0)).isZero();
    assertThat(multi.reserve(10 * S, 1, 60 * S)).isEqualTo(-50 * S);
    assertThat(multi.reserve(10 * S, 3, 60 * S)).isEqualTo(Bucket.REFUSED);
    assertThat(small.remaining(10 * S)).isEqualTo(1);
  }

  @Test
  void refundGivesBackToEveryLimit() {
    both.tryAcquire(0, 2);
    both.refund(0, 2);
    assertThat(perSecond.remaining(0)).isEqualTo(2);
    assertThat(perMinute.remaining(0)).isEqualTo(3);
  }

  @Test
  void aLostRaceIsUndoneAndDecidedAgain() {
    RefusesOnce flaky = new RefusesOnce(RateLimit.perSecond(2));
    MultiBucket multi = new MultiBucket(List.of(perSecond, flaky), true);
    assertThat(multi.tryAcquire(0, 1)).isZero();
    assertThat(flaky.refused).isEqualTo(1);
    assertThat(perSecond.remaining(0)).isEqualTo(1); // taken twice, refunded once
  }

  @Test
  void needsTwoBuckets() {
    assertThatThrownBy(() -> new MultiBucket(List.of(perSecond), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a multi-limit needs >= 2 buckets but got 1");
  }

  /** Peeks "available" but refuses the first take, as when another thread wins the last permit. */
  private static final class RefusesOnce extends Bucket {
    private final GcraBucket delegate;
    int refused;

    RefusesOnce(RateLimit limit) {
      this.delegate = new GcraBucket(limit, 0);
    }

    @Override
    public long tryAcquire(long now, int permits) {
      if (refused == 0) {
        refused++;
        return 1;
      }
      return delegate.tryAcquire(now, permits);
    }

    @Override
    public long peek(long now, int permits) {
      return delegate.peek(now, permits);
    }

    @Override
    public long reserve(long now, int permits, long maxWaitNanos) {
      return delegate.reserve(now, permits, maxWaitNanos);
    }

    @Override
    public void refund(long now, int permits) {
      delegate.refund(now, permits);
    }

    @Override
    public long remaining(long now) {
      return delegate.remaining(now);
    }

    @Override
    public long resetAfterNanos(long now) {
      return delegate.resetAfterNanos(now);
    }

    @Override
    public RateLimit limit() {
      return delegate.limit();
    }
  }
}
