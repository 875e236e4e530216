package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Sweeps running on the calling threads, concurrently with requests, never drop a bucket that is
 * not full, and drop every idle one.
 *
 * <p>Stepped, never timed: four threads hammer the same hot keys (and each adds a refused, hence
 * still full, churn key) in lock-step phases of a {@link Phaser}. Between phases the main thread
 * alone advances the {@link ManualTicker} by 10 ms, so the clock runs through 20 sweep periods and
 * every pass begins inside a phase, on whichever request thread first sees it due, racing with the
 * other threads' requests. After each phase the main thread finishes any pass still under way (a
 * thread that loses the race for the sweep skips it, so how far a pass gets inside a phase depends on
 * the scheduler) and makes the same calls, in order, on a second limiter used by this thread only.
 * Every decision inside a phase reads the same instant, so the outcome cannot depend on the order the
 * threads ran in: after every phase the shared limiter must hold exactly the keys of the reference
 * and have granted every hot key exactly as often. A hot key whose bucket a sweep dropped would have
 * been recreated full and granted up to 5 permits too many; a sweep that skipped an idle key would
 * leave one key too many.
 */
class KeyedRateLimiterSweepRaceTest {

  private static final long MS = 1_000_000L;
  private static final int HOT_KEYS = 50;
  private static final int THREADS = 4;
  private static final long STEP = 10 * MS;
  private static final int STEPS = 2_000; // 20 s of ticker time: 20 sweep periods of 1 s

  private final ManualTicker ticker = new ManualTicker(123 * MS);

  private InMemoryKeyedRateLimiter<String> limiter() {
    return (InMemoryKeyedRateLimiter<String>)
        KeyedRateLimiter.builder(RateLimit.perSecond(10).withBurst(5)).ticker(ticker).<String>build();
  }

  /** One thread's requests in one phase: each hot key once, then one churn key above the burst. */
  private static void requests(
      KeyedRateLimiter<String> limiter, int thread, int phase, AtomicLongArray granted) {
    for (int key = 0; key < HOT_KEYS; key++) {
      if (limiter.tryAcquire("hot-" + key)) {
        granted.incrementAndGet(key);
      }
    }
    // refused (6 > burst 5): tracked, still full, so idle 500 ms later and swept by the next pass
    assertThat(limiter.tryAcquire("churn-" + thread + "-" + phase, 6)).isFalse();
  }

  /**
   * Ends the pass under way, if any: alone, every lookup while a pass is due advances it by a step
   * of at most 64 keys, and a lookup made once it is over changes nothing.
   */
  private static void finishPass(KeyedRateLimiter<String> limiter) {
    long steps = limiter.trackedKeys() / 64 + 2;
    for (long i = 0; i < steps; i++) {
      limiter.peek("not-tracked", 1); // looks up (and sweeps) without tracking the key
    }
  }

  @Test
  void hammeredKeysSurviveEverySweepAndIdleKeysDoNot() throws Exception {
    InMemoryKeyedRateLimiter<String> shared = limiter();
    InMemoryKeyedRateLimiter<String> reference = limiter();
    AtomicLongArray granted = new AtomicLongArray(HOT_KEYS);
    AtomicLongArray referenceGranted = new AtomicLongArray(HOT_KEYS);
    Phaser phases = new Phaser(THREADS + 1); // per step: "go" once the clock moved, then "done"
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  try {
                    for (int phase = 0; phase < STEPS; phase++) {
                      phases.arriveAndAwaitAdvance(); // go
                      requests(shared, thread, phase, granted);
                      phases.arriveAndAwaitAdvance(); // done
                    }
                  } catch (RuntimeException | Error e) {
                    phases.forceTermination(); // releases everyone instead of hanging the build
                    throw e;
                  }
                  return null;
                }));
      }
      for (int phase = 0; phase < STEPS; phase++) {
        ticker.advanceNanos(STEP);
        phases.arriveAndAwaitAdvance(); // go
        if (phases.arriveAndAwaitAdvance() < 0) { // done, or a worker failed
          break;
        }
        finishPass(shared);
        for (int thread = 0; thread < THREADS; thread++) {
          requests(reference, thread, phase, referenceGranted);
        }
        finishPass(reference);
        assertThat(shared.trackedKeys()).as("keys after phase %d", phase).isEqualTo(reference.trackedKeys());
        for (int key = 0; key < HOT_KEYS; key++) {
          assertThat(granted.get(key))
              .as("grants of hot-%d after phase %d", key, phase)
              .isEqualTo(referenceGranted.get(key));
        }
      }
    } finally {
      phases.forceTermination();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> worker : workers) {
      worker.get(); // rethrows a worker's failure
    }
    // The reference itself behaves as specified. 5 tokens, then one per 100 ms: a hot key is granted
    // its burst and then every token that refills during the 20 s, so it is never full, never idle.
    for (int key = 0; key < HOT_KEYS; key++) {
      assertThat(referenceGranted.get(key)).isEqualTo(5 + (STEPS - 1) * STEP / (100 * MS));
    }
    // The last pass ran at 20 s, in the last phase: it dropped every churn key full for 500 ms
    // (created at 19.5 s or before) and kept the hot keys and the churn keys of the last 50 phases
    // (19.51 s to 20 s), of the 8,000 made.
    assertThat(reference.trackedKeys()).isEqualTo(HOT_KEYS + THREADS * 50L);
  }
}
