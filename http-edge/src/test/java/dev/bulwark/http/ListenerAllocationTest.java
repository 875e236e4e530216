package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The listener hook adds no allocation to a request: an admitted request ({@code begin} then
 * {@code complete}) allocates the same with no listener and with a listener that counts, measured
 * with the JVM's per-thread allocation counter (one byte more per request would show as
 * {@value #CALLS} bytes).
 */
class ListenerAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int CALLS = 20_000;

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
  void aCountingListenerCostsNoAllocationPerRequest() {
    LongAdder admitted = new LongAdder();
    EdgeListener counting = new EdgeListener() {
      @Override
      public void requestFinished(String route, EdgeOutcome outcome, int status) {
        admitted.increment();
      }
    };
    Edge without = edge(null);
    Edge with = edge(counting);
    EdgeRequest request = FakeRequest.get("/api");

    long withoutListener = bytesPerBatch(without, request);
    long withListener = bytesPerBatch(with, request);
    long withoutAgain = bytesPerBatch(without, request);

    assertThat(admitted.sum()).isEqualTo(2L * CALLS);
    assertThat(withoutListener).isPositive(); // the exchange itself: the counter does see allocation
    assertThat(Math.abs(withListener - Math.min(withoutListener, withoutAgain))).isLessThan(CALLS);
  }
}
