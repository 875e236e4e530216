package dev.bulwark.benchmarks;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRequest;
import dev.bulwark.http.Route;
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
 * The cost of an edge's per-route statistics ({@code EdgeBuilder.routeStatistics()}): the request
 * of {@link MetricsOverheadBenchmark#edgeRequest()} ({@code begin} then {@code complete(200)} on a
 * route with a concurrency limit and a breaker, the request view reused), on an edge without them
 * ({@code off}) and with them ({@code on}: a route's in-flight count in and out, one status slot).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RouteStatisticsBenchmark {

  /** Whether the edge keeps route statistics. */
  @Param({"off", "on"})
  public String statistics;

  private Edge edge;
  private EdgeRequest request;

  /** Builds the edge and checks that a request is admitted. */
  @Setup(Level.Trial)
  public void setUp() {
    EdgeBuilder builder = Edge.builder();
    if (statistics.equals("on")) {
      builder.routeStatistics();
    }
    edge = builder
        .route(Route.builder("/api/search").name("search").concurrency(ConcurrencyGate.of(1_000, 100_000))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build()))
            .build())
        .build();
    request = new EdgeBenchmark.SearchRequest("203.0.113.7");
    if (edgeRequest() != 1) {
      throw new IllegalStateException("the edge refused the request");
    }
  }

  /**
   * One admitted request, begun and completed.
   *
   * @return 1 when it was admitted
   */
  @Benchmark
  public int edgeRequest() {
    EdgeExchange exchange = edge.begin(request);
    exchange.complete(200);
    return exchange.admitted() ? 1 : 0;
  }
}
