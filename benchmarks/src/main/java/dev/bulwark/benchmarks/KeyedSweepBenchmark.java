package dev.bulwark.benchmarks;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.internal.BucketCache;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the in-memory keyed limiter's idle sweep costs: one complete pass over the keys of
 * {@link KeyedRateLimiterBenchmark} (the same Zipf sample, about 224,000 distinct IPs), none of them
 * idle, so every pass examines every key and keeps it. The limiter runs such a pass once per idle
 * time (a minute for that benchmark's 100 per minute), in steps of 64 keys on the calling threads;
 * divide a pass by the decisions made in an idle time to get its share of a decision.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.KeyedSweepBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class KeyedSweepBenchmark {

  private final Ticker ticker = Ticker.system();
  private BucketCache<String> buckets;
  private long tracked;

  /**
   * Tracks every sampled key with half its hourly quota spent, so that no key becomes idle during
   * the trial.
   */
  @Setup(Level.Trial)
  public void setUp() {
    buckets =
        new BucketCache<>(
            List.of(RateLimit.perHour(100)),
            RateLimitAlgorithm.TOKEN_BUCKET,
            ticker,
            KeyedRateLimiterBenchmark.CLIENTS);
    for (String key : KeyedRateLimiterBenchmark.zipfKeys()) {
      buckets.findOrCreate(key).tryAcquire(ticker.read(), 50);
    }
    tracked = buckets.size();
  }

  /**
   * Runs one complete pass.
   *
   * @return the keys still tracked (all of them)
   */
  @Benchmark
  public long pass() {
    buckets.cleanUp(ticker.read());
    long size = buckets.size();
    if (size != tracked) {
      throw new IllegalStateException("the pass dropped active keys: " + size + " of " + tracked);
    }
    return size;
  }
}
