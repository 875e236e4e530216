package dev.bulwark.benchmarks;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.retry.Retry;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
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
 * The cost of a retry around a call that succeeds first time: what every healthy call pays.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RetryBenchmark -prof gc
 * </pre>
 * (2 forks, 5 x 1 s warm-up, 5 x 2 s measurement per implementation, about a minute in all).
 *
 * <p>Each {@code impl} is configured alike: 3 attempts, exponential backoff from 100 ms times 2
 * capped at 10 s, retrying {@link IOException}; each is set up once, as an application would, and
 * the call returns a field of the state:
 * <ul>
 *   <li>{@code bulwark}: {@code Retry.builder()...build()}, {@code retry.call(supplier)};
 *   <li>{@code resilience4j}: {@code Retry.of(name, RetryConfig)} 2.4, a supplier decorated once with
 *       {@code Retry.decorateCheckedSupplier}, then {@code get()};
 *   <li>{@code failsafe}: {@code Failsafe.with(RetryPolicy)} 3.3.2, {@code executor.get(supplier)}.
 * </ul>
 * The trial set-up checks that each implementation returns the call's value and really retries an
 * {@link IOException}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class RetryBenchmark {

  /** The retry under test. */
  @Param({"bulwark", "resilience4j", "failsafe"})
  public String impl;

  /** What the call returns. */
  public Object payload = "payload";

  private Guarded guarded;

  /** A call guarded by one implementation, set up once; monomorphic within a fork. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Throwable;
  }

  /** Builds the retry and checks that it passes values through and retries failures. */
  @Setup(Level.Trial)
  public void setUp() throws Throwable {
    guarded = create(impl, () -> payload);
    if (guarded.call() != payload) {
      throw new IllegalStateException(impl + " did not return the call's value");
    }
    int[] calls = new int[1];
    Object retried =
        create(
                impl,
                () -> {
                  if (calls[0]++ == 0) {
                    throw new IOException("first attempt fails");
                  }
                  return payload;
                })
            .call();
    if (retried != payload || calls[0] != 2) {
      throw new IllegalStateException(impl + " did not retry an IOException once");
    }
  }

  /**
   * One call that succeeds first time.
   *
   * @return the call's value
   * @throws Throwable never, in practice
   */
  @Benchmark
  public Object noFailure() throws Throwable {
    return guarded.call();
  }

  static Guarded create(String impl, CheckedSupplier<Object> call) {
    switch (impl) {
      case "bulwark":
        {
          Retry retry =
              Retry.builder()
                  .maxAttempts(3)
                  .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)))
                  .retryOn(e -> e instanceof IOException)
                  .build();
          return () -> retry.call(call);
        }
      case "resilience4j":
        {
          io.github.resilience4j.retry.Retry retry =
              io.github.resilience4j.retry.Retry.of(
                  "benchmark",
                  RetryConfig.custom()
                      .maxAttempts(3)
                      .intervalFunction(
                          IntervalFunction.ofExponentialBackoff(
                              Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)))
                      .retryExceptions(IOException.class)
                      .build());
          io.github.resilience4j.core.functions.CheckedSupplier<Object> decorated =
              io.github.resilience4j.retry.Retry.decorateCheckedSupplier(retry, call::get);
          return decorated::get;
        }
      case "failsafe":
        {
          FailsafeExecutor<Object> executor =
              Failsafe.with(
                  RetryPolicy.builder()
                      .withMaxAttempts(3)
                      .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0)
                      .handle(IOException.class)
                      .build());
          dev.failsafe.function.CheckedSupplier<Object> supplier = call::get;
          return () -> executor.get(supplier);
        }
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }
}
