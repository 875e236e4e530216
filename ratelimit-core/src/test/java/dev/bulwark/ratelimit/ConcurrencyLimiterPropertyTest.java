package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Many threads acquire, run a "call" that may throw, and release in every possible way. Inside the
 * guarded section each thread counts itself in and out; the largest count ever observed must stay
 * within the limits, and everything must be back at zero at the end.
 */
class ConcurrencyLimiterPropertyTest {

  private static final int THREADS = 8;
  private static final int ROUNDS = 10_000;

  @Test
  void fixedLimitIsNeverExceededAndNothingLeaks() throws Exception {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.builder(3).build();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger granted = new AtomicInteger();
    run(
        thread -> {
          SplittableRandom random = new SplittableRandom(thread);
          for (int i = 0; i < ROUNDS; i++) {
            try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire()) {
              if (!permit.isAcquired()) {
                continue;
              }
              granted.incrementAndGet();
              guarded(inside, maxInside, random, permit, () -> {}, () -> {});
            } catch (IllegalStateException expected) {
              // the guarded call failed; try-with-resources released the permit
            }
          }
        });
    assertThat(maxInside.get()).isBetween(1, 3);
    assertThat(inside.get()).isZero();
    assertThat(limiter.inFlight()).isZero();
    assertThat(granted.get()).isPositive();
  }

  @Test
  void keyedLimitsAreNeverExceededAndEveryKeyIsForgotten() throws Exception {
    int keys = 4;
    KeyedConcurrencyLimiter<Integer> limiter = KeyedConcurrencyLimiter.builder(2, 5).build();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicIntegerArray insideKey = new AtomicIntegerArray(keys);
    AtomicIntegerArray maxInsideKey = new AtomicIntegerArray(keys);
    run(
        thread -> {
          SplittableRandom random = new SplittableRandom(thread);
          for (int i = 0; i < ROUNDS; i++) {
            int key = random.nextInt(keys);
            try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire(key)) {
              if (!permit.isAcquired()) {
                continue;
              }
              Runnable enterKey =
                  () -> maxInsideKey.accumulateAndGet(key, insideKey.incrementAndGet(key), Math::max);
              guarded(inside, maxInside, random, permit, enterKey, () -> insideKey.decrementAndGet(key));
            } catch (IllegalStateException expected) {
              // released by try-with-resources
            }
          }
        });
    assertThat(maxInside.get()).isBetween(1, 5);
    for (int key = 0; key < keys; key++) {
      assertThat(maxInsideKey.get(key)).as("key %d", key).isBetween(1, 2);
      assertThat(limiter.inFlight(key)).isZero();
    }
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.trackedKeys()).isZero();
  }

  @Test
  void adaptiveLimitStaysWithinItsBoundsAndNothingLeaks() throws Exception {
    ManualTicker ticker = new ManualTicker();
    ConcurrencyLimiter limiter =
        ConcurrencyLimiter.adaptive(Duration.ofNanos(50))
            .ticker(ticker)
            .initialLimit(4)
            .minLimit(2)
            .maxLimit(6)
            .build();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger limitSeen = new AtomicInteger(4);
    run(
        thread -> {
          SplittableRandom random = new SplittableRandom(thread);
          for (int i = 0; i < ROUNDS; i++) {
            try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire()) {
              if (!permit.isAcquired()) {
                continue;
              }
              ticker.advanceNanos(random.nextInt(20));
              int limit = limiter.limit();
              assertThat(limit).isBetween(2, 6);
              limitSeen.accumulateAndGet(limit, Math::max);
              guarded(inside, maxInside, random, permit, () -> {}, () -> {});
            } catch (IllegalStateException expected) {
              // released by try-with-resources
            }
          }
        });
    assertThat(maxInside.get()).isBetween(1, 6);
    assertThat(inside.get()).isZero();
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.limit()).isBetween(2, 6);
  }

  /**
   * Counts itself in, spins a little, counts itself out, and then (still holding the permit) throws,
   * reports an outcome, or just returns.
   */
  private static void guarded(
      AtomicInteger inside,
      AtomicInteger maxInside,
      SplittableRandom random,
      ConcurrencyLimiter.Permit permit,
      Runnable enter,
      Runnable exit) {
    int now = inside.incrementAndGet();
    maxInside.accumulateAndGet(now, Math::max);
    enter.run();
    try {
      int spins = random.nextInt(8) == 0 ? 2_000 : random.nextInt(50);
      for (int spin = spins; spin > 0; spin--) {
        Thread.onSpinWait();
      }
    } finally {
      exit.run();
      inside.decrementAndGet();
    }
    switch (random.nextInt(5)) {
      case 0:
        throw new IllegalStateException("call failed");
      case 1:
        permit.onSuccess();
        break;
      case 2:
        permit.onDropped();
        permit.close(); // a second release must change nothing
        break;
      default:
        break; // released by close() alone
    }
  }

  /** Runs the body on {@link #THREADS} threads started together; rethrows the first failure. */
  private static void run(ThreadBody body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    IntFunction<Runnable> task =
        thread ->
            () -> {
              try {
                start.await();
                body.run(thread);
              } catch (Throwable t) {
                failures.add(t);
              }
            };
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(task.apply(t), "property-" + t);
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " thread(s) failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  @FunctionalInterface
  private interface ThreadBody {
    void run(int thread) throws Exception;
  }
}
