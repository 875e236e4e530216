package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Sweeps running on the calling threads, concurrently with requests, never drop a bucket that is
 * not full: keys hammered by four threads while the clock runs through many sweep periods are never
 * granted more than {@code burst + elapsed / interval}.
 */
class KeyedRateLimiterSweepRaceTest {

  private static final long MS = 1_000_000L;
  private static final int HOT_KEYS = 50;
  private static final int THREADS = 4;
  private static final long STEP = 10 * MS;
  private static final int STEPS = 2_000; // 20 s of ticker time: 20 sweep periods of 1 s

  @Test
  void hammeredKeysSurviveEverySweepAndAreNeverOverGranted() throws Exception {
    ManualTicker ticker = new ManualTicker(123 * MS);
    long start = ticker.read();
    InMemoryKeyedRateLimiter<String> limiter =
        (InMemoryKeyedRateLimiter<String>)
            KeyedRateLimiter.builder(RateLimit.perSecond(10).withBurst(5))
                .ticker(ticker)
                .<String>build();
    AtomicLongArray granted = new AtomicLongArray(HOT_KEYS);
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch ready = new CountDownLatch(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Long>> churned = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        churned.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  long n = 0;
                  while (!done.get()) {
                    for (int key = 0; key < HOT_KEYS; key++) {
                      if (limiter.tryAcquire("hot-" + key)) {
                        granted.incrementAndGet(key);
                      }
                    }
                    // a refused request above the burst: tracked, still full, so swept later
                    limiter.tryAcquire("churn-" + thread + "-" + n++, 6);
                  }
                  return n;
                }));
      }
      ready.await();
      for (int step = 0; step < STEPS; step++) {
        ticker.advanceNanos(STEP);
        TimeUnit.MICROSECONDS.sleep(200);
      }
    } finally {
      done.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    long churnKeys = 0;
    for (Future<Long> f : churned) {
      churnKeys += f.get();
    }
    long elapsed = ticker.read() - start;
    long bound = 5 + elapsed / (100 * MS);
    long total = 0;
    for (int key = 0; key < HOT_KEYS; key++) {
      assertThat(granted.get(key)).as("grants of hot-%d", key).isLessThanOrEqualTo(bound);
      total += granted.get(key);
    }
    // the hot keys were really hammered (each took most of what it could), and sweeps really ran
    assertThat(total).isGreaterThan(HOT_KEYS * bound * 9 / 10);
    assertThat(churnKeys).isGreaterThan(10_000);
    assertThat(limiter.trackedKeys()).isLessThan(churnKeys / 2);
  }
}
