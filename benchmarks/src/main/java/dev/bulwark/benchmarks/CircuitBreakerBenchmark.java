package dev.bulwark.benchmarks;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.CheckedSupplier;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * The cost of a circuit breaker: what every healthy call pays, and how cheaply an open breaker
 * rejects (an overloaded system must reject cheaply).
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CircuitBreakerBenchmark -prof gc
 * </pre>
 * (2 forks, 5 x 1 s warm-up, 5 x 2 s measurement per implementation and method, about 3 minutes).
 *
 * <ul>
 *   <li>{@code closedSuccess}: a decorated call of a trivial supplier on a CLOSED breaker that trips
 *       on consecutive failures. Bulwark {@code consecutiveFailures(5)}; Resilience4j 2.4
 *       {@code COUNT_BASED} window of 5 calls at a 100% failure rate (its way to say 5 in a row),
 *       supplier decorated once with {@code CircuitBreaker.decorateSupplier}; Failsafe 3.3.2
 *       {@code withFailureThreshold(5)} (count-based), {@code Failsafe.with(breaker).get(supplier)}.
 *   <li>{@code closedSuccessTimed}: the same call with time-based tracking. Bulwark and
 *       Resilience4j: a 60 s time-based window with slow-call tracking (slower than 1 s, 100%);
 *       Failsafe has no slow-call tracking: {@code withFailureThreshold(5, 1 min)} (time-based).
 *   <li>{@code openReject}: a call on a breaker opened for an hour; the rejection exception is caught
 *       and returned. Resilience4j's {@code CallNotPermittedException} is created per call, with a
 *       stack trace; Bulwark's is created once per opening and stackless.
 * </ul>
 * The trial set-up checks that each implementation returns the call's value when closed and rejects
 * when open.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class CircuitBreakerBenchmark {

  /** The breaker under test. */
  @Param({"bulwark", "resilience4j", "failsafe"})
  public String impl;

  /** What the call returns. */
  public Object payload = "payload";

  private Guarded closed;
  private Guarded closedTimed;
  private Guarded open;

  /** A call guarded by one implementation, set up once; monomorphic within a fork. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Throwable;
  }

  /** Builds the three breakers and checks that they pass values through, or reject. */
  @Setup(Level.Trial)
  public void setUp() throws Throwable {
    Supplier<Object> supplier = () -> payload;
    switch (impl) {
      case "bulwark":
        bulwark(supplier);
        break;
      case "resilience4j":
        resilience4j(supplier);
        break;
      case "failsafe":
        failsafe(supplier);
        break;
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
    if (closed.call() != payload || closedTimed.call() != payload) {
      throw new IllegalStateException(impl + " did not return the call's value");
    }
    if (!(open.call() instanceof RuntimeException)) {
      throw new IllegalStateException(impl + " did not reject on an open breaker");
    }
  }

  private void bulwark(Supplier<Object> supplier) throws Exception {
    CircuitBreaker consecutive =
        CircuitBreaker.of("closed", CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build());
    CircuitBreaker timed =
        CircuitBreaker.of(
            "timed",
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(60))).slowCallRate(100, Duration.ofSeconds(1)))
                .build());
    CircuitBreaker opened =
        CircuitBreaker.of(
            "open",
            CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofHours(1))).build());
    opened.onError(opened.acquirePermission(), 0, new IllegalStateException("down"));
    if (opened.state() != CircuitState.OPEN) {
      throw new IllegalStateException("bulwark breaker did not open");
    }
    CheckedSupplier<Object> call = supplier::get;
    closed = () -> consecutive.call(call);
    closedTimed = () -> timed.call(call);
    open =
        () -> {
          try {
            return opened.call(call);
          } catch (CircuitOpenException e) {
            return e;
          }
        };
  }

  private void resilience4j(Supplier<Object> supplier) {
    io.github.resilience4j.circuitbreaker.CircuitBreaker consecutive =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "closed",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .build());
    io.github.resilience4j.circuitbreaker.CircuitBreaker timed =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "timed",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(60)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .build());
    io.github.resilience4j.circuitbreaker.CircuitBreaker opened =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "open",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    opened.transitionToOpenState();
    Supplier<Object> closedCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(consecutive, supplier);
    Supplier<Object> timedCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(timed, supplier);
    Supplier<Object> openCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(opened, supplier);
    closed = closedCall::get;
    closedTimed = timedCall::get;
    open =
        () -> {
          try {
            return openCall.get();
          } catch (CallNotPermittedException e) {
            return e;
          }
        };
  }

  private void failsafe(Supplier<Object> supplier) {
    FailsafeExecutor<Object> consecutive =
        Failsafe.with(dev.failsafe.CircuitBreaker.builder().withFailureThreshold(5).build());
    FailsafeExecutor<Object> timed =
        Failsafe.with(
            dev.failsafe.CircuitBreaker.builder().withFailureThreshold(5, Duration.ofMinutes(1)).build());
    dev.failsafe.CircuitBreaker<Object> breaker =
        dev.failsafe.CircuitBreaker.builder().withDelay(Duration.ofHours(1)).build();
    breaker.open();
    FailsafeExecutor<Object> opened = Failsafe.with(breaker);
    dev.failsafe.function.CheckedSupplier<Object> call = supplier::get;
    closed = () -> consecutive.get(call);
    closedTimed = () -> timed.get(call);
    open =
        () -> {
          try {
            return opened.get(call);
          } catch (CircuitBreakerOpenException e) {
            return e;
          }
        };
  }

  /**
   * A successful call on a CLOSED breaker that trips on consecutive failures.
   *
   * @return the call's value
   * @throws Throwable never
   */
  @Benchmark
  public Object closedSuccess() throws Throwable {
    return closed.call();
  }

  /**
   * A successful call on a CLOSED breaker with a time-based window and slow-call tracking.
   *
   * @return the call's value
   * @throws Throwable never
   */
  @Benchmark
  public Object closedSuccessTimed() throws Throwable {
    return closedTimed.call();
  }

  /**
   * A call on an OPEN breaker: the rejection, caught.
   *
   * @return the rejection exception
   * @throws Throwable never
   */
  @Benchmark
  public Object openReject() throws Throwable {
    return open.call();
  }
}
