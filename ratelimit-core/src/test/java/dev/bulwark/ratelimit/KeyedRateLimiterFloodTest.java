package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import org.junit.jupiter.api.Test;

/**
 * A flood of 10 million distinct keys (a spoofed-IP attack) into a limiter capped at 10,000 keys:
 * every key is admitted (each is new, hence full), and the heap retained afterwards stays a few
 * megabytes. Without the cap the limiter would retain every bucket: well over a gigabyte.
 */
class KeyedRateLimiterFloodTest {

  private static final int KEYS = 10_000_000;
  private static final int CAP = 10_000;
  private static final long BOUND_BYTES = 32L * 1024 * 1024;

  @Test
  void tenMillionDistinctKeysKeepTheHeapBounded() {
    ManualTicker ticker = new ManualTicker();
    InMemoryKeyedRateLimiter<Long> limiter =
        (InMemoryKeyedRateLimiter<Long>)
            KeyedRateLimiter.builder(RateLimit.perMinute(100).withBurst(10))
                .maximumKeys(CAP)
                .ticker(ticker)
                .<Long>build();
    long before = usedHeapAfterGc();

    long admitted = 0;
    for (long key = 0; key < KEYS; key++) {
      if (limiter.tryAcquire(key)) {
        admitted++;
      }
      if ((key & 0xFFFF) == 0) {
        ticker.advanceNanos(1_000); // time passes, but far too little for idle expiry
      }
    }
    limiter.cleanUp();
    long retained = usedHeapAfterGc() - before;
    System.out.printf(
        "flood: %,d keys, tracked %,d, retained heap %,d bytes (%.2f MiB)%n",
        KEYS, limiter.trackedKeys(), retained, retained / 1048576.0);

    assertThat(admitted).isEqualTo(KEYS);
    assertThat(limiter.trackedKeys()).isEqualTo(CAP);
    assertThat(retained).isLessThan(BOUND_BYTES);
    // keep the limiter reachable until after the measurement
    assertThat(limiter.tryAcquire(-1L)).isTrue();
  }

  private static long usedHeapAfterGc() {
    // Runtime rather than MemoryMXBean: the tests compile inside the module, which does not read
    // java.management. After a full collection both report the same used heap.
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
