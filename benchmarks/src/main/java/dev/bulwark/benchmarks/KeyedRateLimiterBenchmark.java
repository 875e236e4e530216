package dev.bulwark.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A keyed rate limiter (one bucket per client IP) under Zipf-distributed traffic from 1,000,000
 * client IPs: Bulwark against Bucket4j buckets held in a Caffeine cache.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.KeyedRateLimiterBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.KeyedRateLimiterBenchmark -prof gc -t 2
 * </pre>
 *
 * <p>Workload: {@value #SAMPLES} requests are drawn once (fixed seed) from a Zipf distribution with
 * exponent 1.0 over {@value #CLIENTS} IPs {@code "10.x.y.z"}; the key strings are built in the set-up,
 * so the benchmark measures only the limiter. Each thread walks the sample array from its own offset.
 * Every sampled key is touched once in the set-up, so during the measurement every key exists: the
 * common case of a server whose clients come back. Per-key limit 100 per minute, burst 100.
 *
 * <p>{@code impl}:
 * <ul>
 *   <li>{@code bulwark}: {@code KeyedRateLimiter.builder(limit).maximumKeys(1_000_000).build()}; by
 *       default a sweep drops keys that have been full for their refill-to-full time (1 minute here),
 *       one pass per minute. No pass falls inside a measurement (the first is due a minute after the
 *       set-up); {@link KeyedSweepBenchmark} measures a pass over this benchmark's keys (about 32 ms,
 *       about 0.1 ns per decision at this rate; under 300 bytes);
 *   <li>{@code bucket4j}: what a Bucket4j 8.17 user writes: local buckets (nanosecond precision,
 *       {@link SynchronizationStrategy#LOCK_FREE}, greedy refill) in
 *       {@code Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(1 minute)}, looked up
 *       with {@code cache.get(key, k -> newBucket())}.
 * </ul>
 *
 * <p>The sample holds about 224,000 distinct IPs; the hottest alone draws 6.9% of the traffic
 * (1 / H(10^6)). Hot keys spend their 100 permits at once, cold keys are granted: in smoke runs
 * (1 and 2 threads) 51% to 64% of all calls were refused. Each thread prints its refused fraction
 * (warm-up included) at the end of a trial: {@code refused N of M calls}.
 *
 * <p>Bucket4j's Caffeine keeps Caffeine's default maintenance executor (the common
 * {@code ForkJoinPool}), as a Bucket4j user would; Bulwark runs that maintenance on the calling
 * thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class KeyedRateLimiterBenchmark {

  static final int CLIENTS = 1_000_000;
  static final int SAMPLES = 1 << 20;
  private static final int MASK = SAMPLES - 1;
  private static final double ZIPF_EXPONENT = 1.0;
  private static final long SEED = 0x5EED_B01L;

  private static final int PERMITS_PER_MINUTE = 100;
  private static final Function<String, Bucket> NEW_BUCKET = key -> newBucket();

  /** The keyed limiter under test. */
  @Param({"bulwark", "bucket4j"})
  public String impl;

  private String[] keys;
  private Limiter limiter;

  /** One non-blocking acquisition of one permit for a key; monomorphic within a fork. */
  @FunctionalInterface
  interface Limiter {
    boolean tryAcquire(String key);
  }

  /** Each thread's position in the sample array and its counts. */
  @State(Scope.Thread)
  public static class Cursor {
    long calls;
    long refused;

    /**
     * Starts each thread at its own offset, so that two threads do not ask for the same key at the
     * same instant.
     *
     * @param thread the thread's index
     */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      calls = (long) thread.getThreadIndex() * (SAMPLES / Math.max(1, thread.getThreadCount()));
    }

    /** Prints the refused fraction of this thread's calls (warm-up included). */
    @TearDown(Level.Trial)
    public void report() {
      System.out.printf(
          "refused %d of %d calls (%.2f%%)%n", refused, calls, 100.0 * refused / Math.max(1, calls));
    }
  }

  /** Draws the keys and builds the limiter with every sampled key already present. */
  @Setup(Level.Trial)
  public void setUp() {
    keys = zipfKeys();
    limiter = create(impl);
    for (String key : keys) {
      limiter.tryAcquire(key);
    }
  }

  /**
   * Takes one permit for the next key.
   *
   * @param cursor this thread's cursor
   * @return whether it was granted
   */
  @Benchmark
  public boolean tryAcquire(Cursor cursor) {
    String key = keys[(int) cursor.calls++ & MASK];
    boolean granted = limiter.tryAcquire(key);
    if (!granted) {
      cursor.refused++;
    }
    return granted;
  }

  static Limiter create(String impl) {
    switch (impl) {
      case "bulwark":
        KeyedRateLimiter<String> bulwark =
            KeyedRateLimiter.builder(RateLimit.perMinute(PERMITS_PER_MINUTE))
                .maximumKeys(CLIENTS)
                .build();
        return bulwark::tryAcquire;
      case "bucket4j":
        Cache<String, Bucket> cache =
            Caffeine.newBuilder()
                .maximumSize(CLIENTS)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
        return key -> cache.get(key, NEW_BUCKET).tryConsume(1);
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  private static Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(PERMITS_PER_MINUTE)
                .refillGreedy(PERMITS_PER_MINUTE, Duration.ofMinutes(1))
                .build())
        .withNanosecondPrecision()
        .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
        .build();
  }

  /**
   * Draws {@link #SAMPLES} client IPs from a Zipf distribution over {@link #CLIENTS} ranks by
   * inverting its cumulative distribution. Equal IPs share one {@code String}, with its hash cached.
   */
  static String[] zipfKeys() {
    double[] cumulative = new double[CLIENTS];
    double sum = 0;
    for (int rank = 0; rank < CLIENTS; rank++) {
      sum += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
      cumulative[rank] = sum;
    }
    String[] byRank = new String[CLIENTS];
    String[] samples = new String[SAMPLES];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < SAMPLES; i++) {
      int rank = ceilingIndex(cumulative, random.nextDouble() * sum);
      String ip = byRank[rank];
      if (ip == null) {
        ip = "10." + (rank >>> 16 & 0xFF) + "." + (rank >>> 8 & 0xFF) + "." + (rank & 0xFF);
        ip.hashCode(); // cache the hash now, not during the measurement
        byRank[rank] = ip;
      }
      samples[i] = ip;
    }
    return samples;
  }

  /** Returns the first index whose value is {@code >= target} (the last index if none is). */
  private static int ceilingIndex(double[] sorted, double target) {
    int low = 0;
    int high = sorted.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < target) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
