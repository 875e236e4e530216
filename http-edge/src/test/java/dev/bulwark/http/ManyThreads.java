package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs a randomised check on many threads at once, for the lock-free caches' tests. */
final class ManyThreads {

  private static final int THREADS = 8;
  private static final int CHECKS_PER_THREAD = 100_000;

  private ManyThreads() {}

  /**
   * Runs {@code check} {@value #CHECKS_PER_THREAD} times on each of {@value #THREADS} threads at
   * once (thread t with a random seeded t), and asserts that it held every time.
   *
   * @param check one check: draws its inputs from the random, returns whether the result was right
   */
  static void assertEveryCheckHolds(Predicate<SplittableRandom> check) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        wrong.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          int bad = 0;
          for (int n = 0; n < CHECKS_PER_THREAD; n++) {
            if (!check.test(random)) {
              bad++;
            }
          }
          return bad;
        }));
      }
      for (Future<Integer> f : wrong) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
