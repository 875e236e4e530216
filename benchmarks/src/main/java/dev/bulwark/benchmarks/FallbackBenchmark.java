package dev.bulwark.benchmarks;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Fallback;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a fallback around a call that succeeds: what every healthy call pays.
 *
 * <p>Run with {@link HedgeBenchmark} (see its Javadoc for the command).
 *
 * <p>Each {@code impl} falls back to a fixed value on an {@link IOException}:
 * <ul>
 *   <li>{@code bulwark}: {@code Fallback.builder().value(...).when(IOException)},
 *       {@code fallback.call(supplier)};
 *   <li>{@code failsafe}: {@code Failsafe.with(Fallback.builder(value).handle(IOException))} 3.3.2,
 *       {@code executor.get(supplier)};
 *   <li>{@code bare}: the call alone, the floor.
 * </ul>
 * The trial set-up checks that each implementation passes the value through and really falls back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class FallbackBenchmark {

  /** The fallback under test. */
  @Param({"bulwark", "failsafe", "bare"})
  public String impl;

  /** What the call returns. */
  public Object payload = "payload";

  /** What the fallback returns. */
  public Object substitute = "substitute";

  private Guarded guarded;

  /** A call guarded by one implementation, set up once; monomorphic within a fork. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Exception;
  }

  /** Builds the fallback and checks it. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    guarded = create(impl, () -> payload);
    if (guarded.call() != payload) {
      throw new IllegalStateException(impl + " did not return the call's value");
    }
    if (!"bare".equals(impl)
        && create(impl, () -> { throw new IOException("down"); }).call() != substitute) {
      throw new IllegalStateException(impl + " did not fall back on an IOException");
    }
  }

  private Guarded create(String impl, CheckedSupplier<Object> call) {
    switch (impl) {
      case "bulwark":
        {
          Fallback<Object> fallback =
              Fallback.builder().value(substitute).when(e -> e instanceof IOException).build();
          return () -> fallback.call(call);
        }
      case "failsafe":
        {
          FailsafeExecutor<Object> executor =
              Failsafe.with(
                  dev.failsafe.Fallback.builder(substitute).handle(IOException.class).build());
          dev.failsafe.function.CheckedSupplier<Object> supplier = call::get;
          return () -> executor.get(supplier);
        }
      case "bare":
        return call::get;
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  /**
   * One call that succeeds.
   *
   * @return the call's value
   * @throws Exception never, in practice
   */
  @Benchmark
  public Object noFailure() throws Exception {
    return guarded.call();
  }
}
