package dev.bulwark.benchmarks;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.retry.Hedge;
import dev.bulwark.retry.HedgeDelay;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * The cost of a hedge around a synchronous call that succeeds before its hedge delay: what every
 * healthy call pays for being hedged.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar "HedgeBenchmark|FallbackBenchmark" -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 *
 * <p>Each {@code impl} hedges after 1 s (never reached: the call returns a field of the state):
 * <ul>
 *   <li>{@code bulwark}: {@code Hedge.builder().delay(HedgeDelay.fixed(1 s)).build()},
 *       {@code hedge.call(supplier)};
 *   <li>{@code bulwarkPercentile}: the same with {@code HedgeDelay.percentile(95, 1024, 1 s, 10 ms)},
 *       which also records each call's latency (the percentile of this call is nanoseconds, so the
 *       delay settles at its 10 ms minimum);
 *   <li>{@code timer}: the straightforward hedge a team writes itself, and the shape of
 *       Resilience4j's hedge: a timer armed on a {@link ScheduledThreadPoolExecutor} per call (it
 *       would start the backup attempt) and cancelled when the primary returns. Resilience4j's own
 *       {@code resilience4j-hedge} is not published on Maven Central (2.4.0 is absent, and the 2.4.0
 *       BOM does not list it), so it cannot be measured here;
 *   <li>{@code clock}: the call and one {@code System.nanoTime()}: the floor of any hedge that
 *       knows when a call started (Bulwark's reads the clock once, twice with a percentile delay);
 *   <li>{@code bare}: the call alone, the floor.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class HedgeBenchmark {

  /** The hedge under test. */
  @Param({"bulwark", "bulwarkPercentile", "timer", "clock", "bare"})
  public String impl;

  /** What the call returns. */
  public Object payload = "payload";

  /** Where {@code clock} writes its reading, so that the JIT keeps it. */
  public volatile long clockSink;

  private ScheduledThreadPoolExecutor scheduler;
  private Guarded guarded;

  /** A call guarded by one implementation, set up once; monomorphic within a fork. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Exception;
  }

  /** Builds the hedge and checks that it passes the call's value through. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    CheckedSupplier<Object> call = () -> payload;
    Duration delay = Duration.ofSeconds(1);
    switch (impl) {
      case "bulwark":
        {
          Hedge hedge = Hedge.builder().delay(HedgeDelay.fixed(delay)).build();
          guarded = () -> hedge.call(call);
          break;
        }
      case "bulwarkPercentile":
        {
          Hedge hedge = Hedge.builder().delay(HedgeDelay.percentile(95, 1024, delay, Duration.ofMillis(10))).build();
          guarded = () -> hedge.call(call);
          break;
        }
      case "timer":
        {
          Runnable backup = () -> {};
          long delayNanos = delay.toNanos();
          guarded =
              () -> {
                ScheduledFuture<?> timer = scheduler.schedule(backup, delayNanos, TimeUnit.NANOSECONDS);
                try {
                  return call.get();
                } finally {
                  timer.cancel(false);
                }
              };
          break;
        }
      case "clock":
        guarded =
            () -> {
              clockSink = System.nanoTime();
              return call.get();
            };
        break;
      case "bare":
        guarded = call::get;
        break;
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
    if (guarded.call() != payload) {
      throw new IllegalStateException(impl + " did not return the call's value");
    }
  }

  /** Stops the timer implementation's scheduler. */
  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
  }

  /**
   * One call that succeeds before its hedge delay.
   *
   * @return the call's value
   * @throws Exception never, in practice
   */
  @Benchmark
  public Object noHedge() throws Exception {
    return guarded.call();
  }
}
