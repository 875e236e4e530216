package dev.bulwark.benchmarks;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRequest;
import dev.bulwark.http.Route;
import dev.bulwark.micrometer.CircuitBreakerBinder;
import dev.bulwark.micrometer.EdgeBinder;
import dev.bulwark.micrometer.EdgeMetrics;
import dev.bulwark.micrometer.RateLimiterBinder;
import dev.bulwark.micrometer.RetryBinder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * What metrics cost on the success path: the same primitive, unbound and bound to a Micrometer
 * registry by the {@code micrometer-metrics} binders.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MetricsOverheadBenchmark -prof gc
 * </pre>
 * (1 fork, 5 x 1 s warm-up, 5 x 1 s measurement per combination, about 1 minute.)
 *
 * <p>{@code binding}: {@code unbound}, a primitive nobody counts (what a user without metrics pays:
 * one volatile read more than before metrics existed); {@code bound}, bound to a
 * {@link SimpleMeterRegistry}. The binders register function counters and gauges that read the
 * primitive's own counts when the registry publishes, so the registry implementation does not matter
 * on the call path (Prometheus, Datadog... cost the same here); what a bound call pays is the
 * primitive's uncontended {@code LongAdder} increments (for an untimed breaker success, a plain write
 * to a counter cell the thread owns).
 *
 * <ul>
 *   <li>{@code limiterTryAcquire}: {@code tryAcquire()} on a token bucket of 10^9 per second (every
 *       call granted, checked in the set-up), on the system ticker;
 *   <li>{@code breakerCall}: {@code call(supplier)} on a CLOSED breaker tripping on 5 consecutive
 *       failures (the breaker does not time calls: one owned-cell increment when bound);
 *   <li>{@code breakerCallTimed}: the same on a breaker with a 60 s time-based window and slow-call
 *       tracking, which times every call anyway: bound, the duration is summed too (three
 *       increments);
 *   <li>{@code retryCall}: {@code call(supplier)} of a retry whose first attempt succeeds;
 *   <li>{@code edgeRequest}: {@code edge.begin(request)} then {@code complete(200)} on a route with
 *       a concurrency limit and a breaker (the request view is reused). Bound, the edge has an
 *       {@code EdgeMetrics} listener and {@code EdgeBinder} bound it (requests counted per route,
 *       outcome and status; the route's breaker counted too).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class MetricsOverheadBenchmark {

  /** Whether the primitives are bound to a meter registry. */
  @Param({"unbound", "bound"})
  public String binding;

  /** What the calls return. */
  public Object payload = "payload";

  private RateLimiter limiter;
  private CircuitBreaker breaker;
  private CircuitBreaker timedBreaker;
  private Retry retry;
  private CheckedSupplier<Object> call;
  private Edge edge;
  private EdgeRequest request;

  /** Builds the primitives, binds them if asked, and checks that every call succeeds. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    limiter = RateLimiter.builder(RateLimit.perSecond(1_000_000_000).withBurst(1_000_000_000)).name("limiter").build();
    breaker = CircuitBreaker.of("breaker", CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build());
    timedBreaker =
        CircuitBreaker.of(
            "timed",
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(60))).slowCallRate(100, Duration.ofSeconds(1)))
                .build());
    retry = Retry.builder().name("retry").build();
    call = () -> payload;
    EdgeMetrics metrics = EdgeMetrics.create();
    EdgeBuilder edgeBuilder = Edge.builder();
    if (binding.equals("bound")) {
      edgeBuilder.listener(metrics);
    }
    edge = edgeBuilder
        .route(Route.builder("/api/search").name("search").concurrency(ConcurrencyGate.of(1_000, 100_000))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build()))
            .build())
        .build();
    request = new EdgeBenchmark.SearchRequest("203.0.113.7");
    switch (binding) {
      case "unbound":
        break;
      case "bound":
        MeterRegistry registry = new SimpleMeterRegistry();
        EdgeBinder.of(edge, metrics).bindTo(registry);
        RateLimiterBinder.of(limiter).bindTo(registry);
        CircuitBreakerBinder.of(breaker).bindTo(registry);
        CircuitBreakerBinder.of(timedBreaker).bindTo(registry);
        RetryBinder.of(retry).bindTo(registry);
        break;
      default:
        throw new IllegalArgumentException("unknown binding " + binding);
    }
    if (!limiter.tryAcquire() || breaker.call(call) != payload || timedBreaker.call(call) != payload
        || retry.call(call) != payload || edgeRequest() != 1) {
      throw new IllegalStateException("a primitive refused or lost the call");
    }
  }

  /**
   * A granted {@code tryAcquire()}.
   *
   * @return whether it was granted
   */
  @Benchmark
  public boolean limiterTryAcquire() {
    return limiter.tryAcquire();
  }

  /**
   * A successful call on a CLOSED breaker that does not time calls.
   *
   * @return the call's value
   * @throws Exception never
   */
  @Benchmark
  public Object breakerCall() throws Exception {
    return breaker.call(call);
  }

  /**
   * A successful call on a CLOSED breaker with a time-based window and slow-call tracking.
   *
   * @return the call's value
   * @throws Exception never
   */
  @Benchmark
  public Object breakerCallTimed() throws Exception {
    return timedBreaker.call(call);
  }

  /**
   * A call whose first attempt succeeds.
   *
   * @return the call's value
   * @throws Exception never
   */
  @Benchmark
  public Object retryCall() throws Exception {
    return retry.call(call);
  }

  /**
   * An admitted request through an edge, finished with 200.
   *
   * @return 1 when admitted
   */
  @Benchmark
  public int edgeRequest() {
    EdgeExchange exchange = edge.begin(request);
    exchange.complete(200);
    return exchange.admitted() ? 1 : 0;
  }
}
