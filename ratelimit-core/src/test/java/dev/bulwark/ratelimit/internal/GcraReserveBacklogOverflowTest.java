package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@link GcraBucket#reserve} with an unbounded {@code maxWait} let bookings push the
 * theoretical arrival time more than {@code Long.MAX_VALUE} past the clock; the difference then
 * wrapped negative and the bucket looked full again, granting permits at once.
 */
class GcraReserveBacklogOverflowTest {

  @Test
  void bookingsNeverWrapTheBacklog() {
    // One permit per ~73 years, the slowest rate RateLimit accepts with a burst of 1.
    RateLimit slowest = RateLimit.of(1, Duration.ofNanos(Long.MAX_VALUE / 4));
    GcraBucket bucket = new GcraBucket(slowest, 0);
    assertThat(bucket.tryAcquire(0, 1)).isZero();
    for (int i = 0; i < 8; i++) {
      long booked = bucket.reserve(0, 1, Long.MAX_VALUE);
      assertThat(booked).isIn(Bucket.REFUSED, GcraBucket.MAX_BOOKING_NANOS);
      assertThat(bucket.tryAcquire(0, 1)).as("after %d bookings", i + 1).isPositive();
      assertThat(bucket.remaining(0)).isZero();
      assertThat(bucket.resetAfterNanos(0)).isPositive();
    }
  }
}
