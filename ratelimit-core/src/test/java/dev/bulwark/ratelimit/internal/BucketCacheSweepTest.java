package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The automatic sweep: when a pass is due, how far each call takes it, what it keeps. */
class BucketCacheSweepTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  private final ManualTicker ticker = new ManualTicker(7 * S);

  /**
   * 10 per second, burst 5: full again at most 500 ms after a grant, and dropped once it has been
   * full for those 500 ms; one pass per second (the minimum sweep period).
   */
  private BucketCache<Integer> cache() {
    return new BucketCache<>(
        List.of(RateLimit.perSecond(10).withBurst(5)),
        RateLimitAlgorithm.TOKEN_BUCKET,
        ticker,
        1_000);
  }

  /** Tracks keys [from, to) and takes one permit from each. */
  private void touch(BucketCache<Integer> cache, int from, int to) {
    for (int key = from; key < to; key++) {
      assertThat(cache.findOrCreate(key).tryAcquire(ticker.read(), 1)).isZero();
    }
  }

  /** Looks a key up (which advances a due sweep) and returns how many keys are left. */
  private long sizeAfterFind(BucketCache<Integer> cache, int key) {
    cache.find(key, ticker.read());
    return cache.size();
  }

  @Test
  void thePeriodIsTheRefillToFullTimeButAtLeastOneSecond() {
    assertThat(cache().idleNanos()).isEqualTo(500 * MS);
    assertThat(cache().sweepPeriodNanos()).isEqualTo(S);
    BucketCache<Integer> slow =
        new BucketCache<>(
            List.of(RateLimit.perMinute(6).withBurst(2)), RateLimitAlgorithm.TOKEN_BUCKET, ticker, 9);
    assertThat(slow.idleNanos()).isEqualTo(20 * S);
    assertThat(slow.sweepPeriodNanos()).isEqualTo(20 * S);
  }

  @Test
  void limitsWhoseIdleTimeOutlivesAnyProcessAreNotSwept() {
    BucketCache<Integer> cache =
        new BucketCache<>(
            List.of(RateLimit.of(1, Duration.ofDays(365L * 50))), // idle: two windows, 100 years
            RateLimitAlgorithm.SLIDING_WINDOW_COUNTER,
            ticker,
            9);
    assertThat(cache.idleNanos()).isGreaterThan(BucketCache.LONGEST_SWEPT_IDLE_NANOS);
    assertThat(cache.findOrCreate(1).tryAcquire(ticker.read(), 2)).isEqualTo(Bucket.NEVER);
    ticker.advanceNanos(1_000 * S); // a full bucket, but not for 100 years
    assertThat(sizeAfterFind(cache, 2)).isEqualTo(1);
    cache.cleanUp(ticker.read());
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void noKeyIsDroppedBeforeThePassIsDueEvenWhenIdle() {
    BucketCache<Integer> cache = cache();
    touch(cache, 0, 200);
    ticker.advanceNanos(S - 1); // every bucket has been full for 900 ms: idle
    for (int i = 0; i < 10; i++) {
      assertThat(sizeAfterFind(cache, -1)).isEqualTo(200);
    }
  }

  @Test
  void eachCallOnceThePassIsDueExaminesSixtyFourKeys() {
    BucketCache<Integer> cache = cache();
    touch(cache, 0, 200);
    ticker.advanceNanos(S);
    assertThat(sizeAfterFind(cache, -1)).isEqualTo(200 - BucketCache.SWEEP_STEP);
    assertThat(sizeAfterFind(cache, -1)).isEqualTo(200 - 2 * BucketCache.SWEEP_STEP);
    assertThat(sizeAfterFind(cache, -1)).isEqualTo(200 - 3 * BucketCache.SWEEP_STEP);
    assertThat(sizeAfterFind(cache, -1)).isZero(); // the pass ends here
  }

  @Test
  void theNextPassIsDueOnePeriodAfterThePreviousOneStarted() {
    BucketCache<Integer> cache = cache();
    touch(cache, 0, 100);
    ticker.advanceNanos(S); // pass 1 starts at 1 s
    sizeAfterFind(cache, -1);
    ticker.advanceNanos(300 * MS);
    assertThat(sizeAfterFind(cache, -1)).isZero(); // pass 1 ends at 1.3 s

    touch(cache, 0, 10); // full at 1.4 s, idle from 1.9 s
    ticker.advanceNanos(700 * MS - 1); // pass 2 is due at 2 s
    assertThat(sizeAfterFind(cache, -1)).isEqualTo(10);
    ticker.advanceNanos(1);
    assertThat(sizeAfterFind(cache, -1)).isZero();
  }

  @Test
  void aPassKeepsEveryKeyThatIsNotIdle() {
    BucketCache<Integer> cache = cache();
    touch(cache, 0, 300); // full again at 100 ms: idle from 600 ms
    ticker.advanceNanos(550 * MS);
    for (int key = 0; key < 300; key += 3) {
      cache.findOrCreate(key).tryAcquire(ticker.read(), 5); // full at 1.05 s: not full at 1 s
      cache.findOrCreate(key + 1).tryAcquire(ticker.read(), 1); // full at 650 ms, idle at 1.15 s
    }
    ticker.advanceNanos(450 * MS);
    long size;
    int calls = 0;
    do {
      size = sizeAfterFind(cache, -1);
      calls++;
    } while (size > 200 && calls < 100);
    assertThat(size).isEqualTo(200);
    assertThat(calls).isEqualTo((300 + BucketCache.SWEEP_STEP - 1) / BucketCache.SWEEP_STEP);
    for (int key = 0; key < 300; key += 3) {
      assertThat(cache.find(key, ticker.read())).as("key %d", key).isNotNull();
      assertThat(cache.find(key + 1, ticker.read())).as("key %d", key + 1).isNotNull();
    }
  }

  @Test
  void cleanUpDropsEveryIdleKeyAtOnce() {
    BucketCache<Integer> cache = cache();
    touch(cache, 0, 500); // full at 100 ms, idle from 600 ms
    cache.findOrCreate(7).tryAcquire(ticker.read(), 4); // full at 500 ms, idle from 1 s
    ticker.advanceNanos(600 * MS);
    cache.cleanUp(ticker.read());
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.find(7, ticker.read())).isNotNull();
    ticker.advanceNanos(400 * MS - 1);
    cache.cleanUp(ticker.read());
    assertThat(cache.size()).isEqualTo(1);
    ticker.advanceNanos(1);
    cache.cleanUp(ticker.read());
    assertThat(cache.size()).isZero();
  }
}
