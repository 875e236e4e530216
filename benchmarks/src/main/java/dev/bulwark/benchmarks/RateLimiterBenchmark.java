package dev.bulwark.benchmarks;

import dev.bulwark.ratelimit.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One shared, non-blocking rate limiter: Bulwark against the physical floor and its peers.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.RateLimiterBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.RateLimiterBenchmark -prof gc -t 2
 * </pre>
 * (2 forks, 5 x 1 s warm-up, 5 x 2 s measurement per combination, about 6 minutes per command; the
 * full name matters: JMH takes a regular expression, and a bare {@code RateLimiterBenchmark} also
 * selects {@code KeyedRateLimiterBenchmark}). The
 * limiter lives in a {@link Scope#Benchmark} state, so with {@code -t 2} both threads hit the same
 * limiter: the contended case.
 *
 * <p>{@code impl}:
 * <ul>
 *   <li>{@code floor}: {@link FloorGcra}, one {@code System.nanoTime()} and one CAS on an
 *       {@code AtomicLong} GCRA: nothing correct can be cheaper;
 *   <li>{@code bulwark}: {@code RateLimiter.builder(limit).build()}, the default token bucket;
 *   <li>{@code bucket4j}: a local Bucket4j 8.17 bucket, nanosecond precision,
 *       {@link SynchronizationStrategy#LOCK_FREE} (its CAS-on-a-state-copy strategy; the others are
 *       {@code SYNCHRONIZED} and the thread-unsafe {@code NONE}), greedy refill;
 *   <li>{@code resilience4j}: {@link AtomicRateLimiter} with timeout 0, {@code acquirePermission()};
 *   <li>{@code guava}: {@code com.google.common.util.concurrent.RateLimiter.create(rate)},
 *       {@code tryAcquire()}.
 * </ul>
 *
 * <p>{@code load}:
 * <ul>
 *   <li>{@code open}: 10^9 permits per second with a burst of 10^9 (Resilience4j: 10^9 per 1 s cycle),
 *       far above what two cores can ask for: every call is granted. Checked, not assumed: a call
 *       refused under {@code open} fails the iteration with an {@link IllegalStateException};
 *   <li>{@code tight}: 10 per second (burst 10; Resilience4j 10 per 1 s cycle; Guava 10/s): almost
 *       every call is refused. The trial set-up checks that the limiter really refuses.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class RateLimiterBenchmark {

  private static final long OPEN_RATE = 1_000_000_000L;
  private static final long TIGHT_RATE = 10L;

  /** The limiter under test. */
  @Param({"floor", "bulwark", "bucket4j", "resilience4j", "guava"})
  public String impl;

  /** {@code open} (never refuses) or {@code tight} (10 per second). */
  @Param({"open", "tight"})
  public String load;

  private Limiter limiter;
  private boolean open;
  private final LongAdder refusedWhileOpen = new LongAdder();

  /** One non-blocking acquisition of one permit; monomorphic within a fork. */
  @FunctionalInterface
  interface Limiter {
    boolean tryAcquire();
  }

  /** Builds the limiter and checks that it behaves as its load promises. */
  @Setup(Level.Trial)
  public void setUp() {
    open = switch (load) {
      case "open" -> true;
      case "tight" -> false;
      default -> throw new IllegalArgumentException("unknown load " + load);
    };
    limiter = create(impl, open ? OPEN_RATE : TIGHT_RATE);
    int granted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (limiter.tryAcquire()) {
        granted++;
      }
    }
    if (open ? granted != 1_000 : granted > 20) {
      throw new IllegalStateException(
          impl + " granted " + granted + " of 1000 calls in a burst under load " + load);
    }
  }

  /** Fails the iteration loudly if an {@code open} limiter refused anything. */
  @TearDown(Level.Iteration)
  public void checkOpen() {
    long refused = refusedWhileOpen.sumThenReset();
    if (refused != 0) {
      throw new IllegalStateException(
          impl + " refused " + refused + " calls under load open: the figures are invalid");
    }
  }

  /**
   * Takes one permit.
   *
   * @return whether it was granted
   */
  @Benchmark
  public boolean tryAcquire() {
    boolean granted = limiter.tryAcquire();
    if (!granted && open) {
      refusedWhileOpen.increment();
    }
    return granted;
  }

  static Limiter create(String impl, long perSecond) {
    switch (impl) {
      case "floor":
        FloorGcra floor = new FloorGcra(TimeUnit.SECONDS.toNanos(1) / perSecond, perSecond);
        return floor::tryAcquire;
      case "bulwark":
        dev.bulwark.ratelimit.RateLimiter bulwark =
            dev.bulwark.ratelimit.RateLimiter.builder(RateLimit.perSecond(perSecond)).build();
        return bulwark::tryAcquire;
      case "bucket4j":
        Bucket bucket =
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder()
                        .capacity(perSecond)
                        .refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .withNanosecondPrecision()
                .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
                .build();
        return () -> bucket.tryConsume(1);
      case "resilience4j":
        AtomicRateLimiter r4j =
            new AtomicRateLimiter(
                "benchmark",
                RateLimiterConfig.custom()
                    .limitForPeriod(Math.toIntExact(perSecond))
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build());
        return r4j::acquirePermission;
      case "guava":
        com.google.common.util.concurrent.RateLimiter guava =
            com.google.common.util.concurrent.RateLimiter.create(perSecond);
        return guava::tryAcquire;
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }
}
