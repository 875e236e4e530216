package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The listener hook costs nothing without a listener and only the event with one: an admitted
 * request ({@code begin} then {@code complete}) with a listener that counts allocates its
 * {@link EdgeEvent.RequestFinished} and the request context it carries (with the test request's
 * own cost of the one header the context reads, at most {@value #EVENT_BYTES} bytes together), and
 * nothing else; without a listener none of that is
 * built. Measured with the JVM's per-thread allocation counter (one byte more per request would
 * show as {@value #CALLS} bytes).
 */
class ListenerAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int CALLS = 20_000;
  /**
   * The event and its context (about 120 bytes with compressed references), and the
   * {@code FakeRequest}'s lower-casing of the {@code Transfer-Encoding} name the context looks up.
   */
  private static final int EVENT_BYTES = 256;

  private static Edge edge(EdgeListener listener) {
    EdgeBuilder builder = Edge.builder().ticker(new ManualTicker());
    if (listener != null) {
      builder.listener(listener);
    }
    return builder
        .route(Route.builder("/api").name("api").concurrency(ConcurrencyGate.of(10, 100))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())).build())
        .build();
  }

  private static long bytesPerBatch(Edge edge, EdgeRequest request) {
    for (int i = 0; i < CALLS; i++) {
      edge.begin(request).complete(200);
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < CALLS; i++) {
      edge.begin(request).complete(200);
    }
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void aCountingListenerCostsOnlyItsEventAndNoListenerCostsNothing() {
    LongAdder admitted = new LongAdder();
    EdgeListener counting = event -> admitted.increment();
    Edge without = edge(null);
    Edge with = edge(counting);
    EdgeRequest request = FakeRequest.get("/api");

    long withoutListener = bytesPerBatch(without, request);
    long withListener = bytesPerBatch(with, request);
    long withoutAgain = bytesPerBatch(without, request);

    assertThat(admitted.sum()).isEqualTo(2L * CALLS);
    assertThat(withoutListener).isPositive(); // the exchange itself: the counter does see allocation
    long eventBytes = withListener - Math.min(withoutListener, withoutAgain);
    assertThat(Math.abs(withoutListener - withoutAgain)).isLessThan(CALLS); // a stable measurement
    assertThat(eventBytes).isBetween(CALLS * 32L, CALLS * (long) EVENT_BYTES);
  }

  /** Route statistics add counter increments and no allocation per request. */
  @Test
  void routeStatisticsAllocateNothingPerRequest() {
    Edge without = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/api").name("api").concurrency(ConcurrencyGate.of(10, 100)).build()).build();
    Edge with = Edge.builder().ticker(new ManualTicker()).routeStatistics()
        .route(Route.builder("/api").name("api").concurrency(ConcurrencyGate.of(10, 100)).build()).build();
    EdgeRequest request = FakeRequest.get("/api");

    long withoutStatistics = bytesPerBatch(without, request);
    long withStatistics = bytesPerBatch(with, request);
    long withoutAgain = bytesPerBatch(without, request);

    assertThat(Math.abs(withoutStatistics - withoutAgain)).isLessThan(CALLS); // a stable measurement
    assertThat(withStatistics - Math.min(withoutStatistics, withoutAgain)).isLessThan(CALLS);
    assertThat(with.routes().get(0).statistics().orElseThrow().statuses()).isEqualTo(Map.of(200, 2L * CALLS));
  }
}
