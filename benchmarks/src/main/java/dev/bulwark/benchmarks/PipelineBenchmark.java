package dev.bulwark.benchmarks;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Pipeline;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.Retry;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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
 * A retry, a circuit breaker and a rate limiter around a trivial call that succeeds: the full
 * resilience stack that every healthy outbound call pays for.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -prof gc
 * </pre>
 * (2 forks, 5 x 1 s warm-up, 5 x 2 s measurement per implementation, about a minute in all).
 *
 * <p>Each {@code impl} composes the same three policies in the same order, retry outermost and the
 * limiter innermost, set up once as an application would. The retry has 3 attempts and exponential
 * backoff from 100 ms retrying {@link IOException}; the breaker opens after 5 consecutive failures
 * for 60 s; the limiter allows 10^9 calls per second.
 * <ul>
 *   <li>{@code bulwark}: {@code Pipeline.of(retry, breaker, limiter)}, {@code pipeline.call(supplier)};
 *       the limiter is the default token bucket;
 *   <li>{@code resilience4j} 2.4: {@code Retry.decorateCheckedSupplier(retry,
 *       CircuitBreaker.decorateCheckedSupplier(breaker, RateLimiter.decorateCheckedSupplier(limiter,
 *       supplier)))} decorated once, then {@code get()}; the breaker is a count-based window of 5
 *       calls that opens at a 100% failure rate (5 consecutive failures), the limiter an
 *       {@code AtomicRateLimiter} at 10^9 per 1 s period with timeout 0;
 *   <li>{@code failsafe} 3.3.2: {@code Failsafe.with(retryPolicy, circuitBreaker, rateLimiter)}
 *       (outermost first), {@code executor.get(supplier)}; the breaker has a failure threshold of 5,
 *       the limiter is a smooth rate limiter at 10^9 executions per second with no wait.
 * </ul>
 * The limit is open: no call is ever refused (a refusal would throw and fail the iteration). The
 * trial set-up checks that each stack returns the call's value and retries an {@link IOException}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PipelineBenchmark {

  private static final long OPEN_RATE = 1_000_000_000L;

  /** The stack under test. */
  @Param({"bulwark", "resilience4j", "failsafe"})
  public String impl;

  /** What the call returns. */
  public Object payload = "payload";

  private Guarded guarded;

  /** A call guarded by one stack, set up once; monomorphic within a fork. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Throwable;
  }

  /** Builds the stack and checks that it passes values through and retries failures. */
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
   * One call that succeeds through retry, breaker and limiter.
   *
   * @return the call's value
   * @throws Throwable never, in practice
   */
  @Benchmark
  public Object success() throws Throwable {
    return guarded.call();
  }

  static Guarded create(String impl, CheckedSupplier<Object> call) {
    switch (impl) {
      case "bulwark":
        {
          Pipeline pipeline =
              Pipeline.of(
                  Retry.builder()
                      .maxAttempts(3)
                      .backoff(
                          Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)))
                      .retryOn(e -> e instanceof IOException)
                      .build(),
                  CircuitBreaker.of(
                      "benchmark",
                      CircuitBreakerConfig.builder()
                          .trip(TripStrategy.consecutiveFailures(5))
                          .openDuration(Backoff.fixed(Duration.ofSeconds(60)))
                          .build()),
                  RateLimiter.builder(RateLimit.perSecond(OPEN_RATE)).build());
          return () -> pipeline.call(call);
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
          io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
              io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                  "benchmark",
                  io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                      .slidingWindowType(SlidingWindowType.COUNT_BASED)
                      .slidingWindowSize(5)
                      .minimumNumberOfCalls(5)
                      .failureRateThreshold(100)
                      .waitDurationInOpenState(Duration.ofSeconds(60))
                      .build());
          io.github.resilience4j.ratelimiter.RateLimiter limiter =
              io.github.resilience4j.ratelimiter.RateLimiter.of(
                  "benchmark",
                  RateLimiterConfig.custom()
                      .limitForPeriod(Math.toIntExact(OPEN_RATE))
                      .limitRefreshPeriod(Duration.ofSeconds(1))
                      .timeoutDuration(Duration.ZERO)
                      .build());
          io.github.resilience4j.core.functions.CheckedSupplier<Object> decorated =
              io.github.resilience4j.retry.Retry.decorateCheckedSupplier(
                  retry,
                  io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCheckedSupplier(
                      breaker,
                      io.github.resilience4j.ratelimiter.RateLimiter.decorateCheckedSupplier(
                          limiter, call::get)));
          return decorated::get;
        }
      case "failsafe":
        {
          RetryPolicy<Object> retry =
              RetryPolicy.builder()
                  .withMaxAttempts(3)
                  .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0)
                  .handle(IOException.class)
                  .build();
          dev.failsafe.CircuitBreaker<Object> breaker =
              dev.failsafe.CircuitBreaker.builder()
                  .withFailureThreshold(5)
                  .withDelay(Duration.ofSeconds(60))
                  .build();
          dev.failsafe.RateLimiter<Object> limiter =
              dev.failsafe.RateLimiter.<Object>smoothBuilder(OPEN_RATE, Duration.ofSeconds(1))
                  .build();
          FailsafeExecutor<Object> executor = Failsafe.with(retry, breaker, limiter);
          dev.failsafe.function.CheckedSupplier<Object> supplier = call::get;
          return () -> executor.get(supplier);
        }
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }
}
