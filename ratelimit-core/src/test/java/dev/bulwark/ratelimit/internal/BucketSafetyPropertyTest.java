package dev.bulwark.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Safety under any interleaving: worker threads hammer {@code tryAcquire(now, 1..3)} with readings
 * of a {@link ManualTicker}, and every grant is checked against each algorithm's documented bound, in
 * terms of the readings the workers passed in. The bounds are proven for every interleaving, so the
 * test cannot flake; the ticker starts near {@link Long#MAX_VALUE} so that readings also wrap around
 * during the run.
 *
 * <p>One of the workers also advances the clock, by a random 0 to 40 ns before each of its attempts:
 * time then moves at the pace of the work however busy the machine is, with no spinning, while the
 * other workers' readings go stale across window boundaries whenever it steps between their reading
 * and their decision.
 */
class BucketSafetyPropertyTest {

  private static final int WORKERS = 4;
  private static final int ATTEMPTS = 100_000;
  private static final long START = Long.MAX_VALUE - 1_000_000;

  /**
   * Five permits per 500 ns: a permit every 100 ns. Windows are short next to the ticker's steps
   * (0 to 40 ns), so that readings cross window boundaries often while windows are full.
   */
  private static final RateLimit LIMIT = RateLimit.of(5, Duration.ofNanos(500));

  @Test
  void tokenBucketNeverExceedsBurstPlusRateTimesTime() throws InterruptedException {
    List<Grant> grants = hammer(RateLimitAlgorithm.TOKEN_BUCKET, List.of(LIMIT));
    assertTokenBucketBound(grants, LIMIT);
  }

  @Test
  void fixedWindowNeverExceedsTheBurstPerAlignedWindow() throws InterruptedException {
    List<Grant> grants = hammer(RateLimitAlgorithm.FIXED_WINDOW, List.of(LIMIT));
    assertAlignedWindowBound(grants, LIMIT, LIMIT.burst());
  }

  @Test
  void slidingCounterStaysWithinItsErrorBound() throws InterruptedException {
    List<Grant> grants = hammer(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER, List.of(LIMIT));
    assertAlignedWindowBound(grants, LIMIT, LIMIT.burst());
    assertSlidingBound(grants, LIMIT, 2 * LIMIT.burst() - 1);
    assertWeightedEstimateBound(grants, LIMIT);
  }

  @Test
  void slidingLogNeverExceedsTheBurstInAnyPeriod() throws InterruptedException {
    List<Grant> grants = hammer(RateLimitAlgorithm.SLIDING_WINDOW_LOG, List.of(LIMIT));
    assertSlidingBound(grants, LIMIT, LIMIT.burst());
  }

  /**
   * Several window limits at once: each one's bound holds for the combined grants. (Token buckets
   * are left out: their refund may give back too much after a race, see GcraBucket#refund.)
   */
  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"FIXED_WINDOW", "SLIDING_WINDOW_COUNTER", "SLIDING_WINDOW_LOG"})
  void multiLimitKeepsEveryLimitsBound(RateLimitAlgorithm algorithm) throws InterruptedException {
    RateLimit slow = RateLimit.of(12, Duration.ofNanos(2000));
    List<Grant> grants = hammer(algorithm, List.of(LIMIT, slow));
    for (RateLimit limit : List.of(LIMIT, slow)) {
      if (algorithm == RateLimitAlgorithm.SLIDING_WINDOW_LOG) {
        assertSlidingBound(grants, limit, limit.burst());
      } else {
        assertAlignedWindowBound(grants, limit, limit.burst());
      }
    }
  }

  /** A grant at a reading relative to the bucket's creation. */
  private record Grant(long time, int permits) {}

  private static List<Grant> hammer(RateLimitAlgorithm algorithm, List<RateLimit> limits)
      throws InterruptedException {
    ManualTicker ticker = new ManualTicker(START);
    Bucket bucket = Buckets.create(limits, algorithm, ticker.read());
    long[][] times = new long[WORKERS][ATTEMPTS];
    int[][] permits = new int[WORKERS][ATTEMPTS];
    int[] granted = new int[WORKERS];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      threads.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(worker);
                try {
                  go.await();
                  for (int i = 0; i < ATTEMPTS; i++) {
                    if (worker == 0) {
                      ticker.advanceNanos(random.nextLong(41));
                    }
                    long now = ticker.read();
                    int n = 1 + random.nextInt(3);
                    if (bucket.tryAcquire(now, n) == 0) {
                      times[worker][granted[worker]] = now - START;
                      permits[worker][granted[worker]] = n;
                      granted[worker]++;
                    }
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              }));
    }
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failure.get()).isNull();
    List<Grant> grants = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      for (int i = 0; i < granted[w]; i++) {
        grants.add(new Grant(times[w][i], permits[w][i]));
      }
    }
    grants.sort(Comparator.comparingLong(Grant::time));
    // The run must have exercised the limit: many windows' worth of grants, and refusals.
    long total = grants.stream().mapToLong(Grant::permits).sum();
    assertThat(total).as("permits granted").isGreaterThan(100 * limits.get(0).burst());
    assertThat(grants.size()).as("some attempts were refused").isLessThan(WORKERS * ATTEMPTS);
    return grants;
  }

  /** Permits per distinct reading, in time order. */
  private static SortedMap<Long, Long> perReading(List<Grant> grants) {
    TreeMap<Long, Long> sums = new TreeMap<>();
    for (Grant grant : grants) {
      sums.merge(grant.time(), (long) grant.permits(), Long::sum);
    }
    return sums;
  }

  /**
   * For all readings {@code t_i <= t_j}: permits in {@code [t_i, t_j]} <= burst + floor((t_j -
   * t_i) / T), i.e. {@code T * P(i..j) - (t_j - t_i) <= burst * T}, checked in one pass with a
   * running maximum of {@code t_i - T * P(before i)}.
   */
  private static void assertTokenBucketBound(List<Grant> grants, RateLimit limit) {
    long interval = limit.emissionIntervalNanos();
    long allowance = limit.burst() * interval;
    long before = 0;
    long best = Long.MIN_VALUE;
    for (var entry : perReading(grants).entrySet()) {
      long t = entry.getKey();
      best = Math.max(best, t - interval * before);
      long upTo = before + entry.getValue();
      assertThat(interval * upTo - t + best)
          .as("token bucket bound broken at %d ns", t)
          .isLessThanOrEqualTo(allowance);
      before = upTo;
    }
  }

  private static void assertAlignedWindowBound(List<Grant> grants, RateLimit limit, long bound) {
    long window = limit.period().toNanos();
    TreeMap<Long, Long> perWindow = new TreeMap<>();
    for (Grant grant : grants) {
      perWindow.merge(grant.time() / window, (long) grant.permits(), Long::sum);
    }
    perWindow.forEach(
        (index, sum) ->
            assertThat(sum).as("%s: window %d", limit, index).isLessThanOrEqualTo(bound));
  }

  /**
   * The counter's own invariant, exact under any interleaving: at every grant reading {@code t} in
   * window {@code i}, the permits granted in window {@code i} at readings {@code <= t} plus
   * {@code ceil(prev_i * (W - off_t) / W)} never exceed the burst ({@code prev_i} = all permits
   * granted in window {@code i - 1}). Whichever grant among those up to {@code t} won its CAS last
   * saw all the others, at an offset no later than {@code off_t}, where the weight is no smaller.
   */
  private static void assertWeightedEstimateBound(List<Grant> grants, RateLimit limit) {
    long window = limit.period().toNanos();
    TreeMap<Long, Long> perWindow = new TreeMap<>();
    for (Grant grant : grants) {
      perWindow.merge(grant.time() / window, (long) grant.permits(), Long::sum);
    }
    long index = -1;
    long sum = 0;
    for (var entry : perReading(grants).entrySet()) {
      long t = entry.getKey();
      if (t / window != index) {
        index = t / window;
        sum = 0;
      }
      sum += entry.getValue();
      long prev = perWindow.getOrDefault(index - 1, 0L);
      long offset = t - index * window;
      long weighted = (prev * (window - offset) + window - 1) / window;
      assertThat(sum + weighted)
          .as("%s: estimate at %d ns (window %d, prev %d)", limit, t, index, prev)
          .isLessThanOrEqualTo(limit.burst());
    }
  }

  /** For every reading t: permits granted in [t, t + period) <= bound. */
  private static void assertSlidingBound(List<Grant> grants, RateLimit limit, long bound) {
    long window = limit.period().toNanos();
    List<Long> times = new ArrayList<>(perReading(grants).keySet());
    List<Long> sums = new ArrayList<>(perReading(grants).values());
    long inWindow = 0;
    int end = 0;
    for (int start = 0; start < times.size(); start++) {
      while (end < times.size() && times.get(end) - times.get(start) < window) {
        inWindow += sums.get(end);
        end++;
      }
      assertThat(inWindow)
          .as("%s: period starting at %d ns", limit, times.get(start))
          .isLessThanOrEqualTo(bound);
      inWindow -= sums.get(start);
    }
  }
}
