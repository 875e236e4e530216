package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Many threads send requests while another reloads the configuration every millisecond or so,
 * alternating two documents. The clock never moves, so the kept rate limit on {@code /kept} admits
 * exactly its capacity in all, across every reload; {@code /changed}, whose limits alternate, gets
 * a new limiter at every reload. Every request gets an answer, and every concurrency permit taken
 * on any generation's limiter is back when the threads are done.
 */
class ReloadUnderLoadTest {

  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 2_000;
  private static final int KEPT_CAPACITY = 5_000;

  private static String doc(int changedPerClient) {
    return "routes:\n"
        + "  - {pattern: /kept, key: route, rateLimit: " + KEPT_CAPACITY + "/hour,"
        + " concurrency: {perClient: 1000, total: 1000}}\n"
        + "  - {pattern: /changed, concurrency: {perClient: " + changedPerClient + ", total: 1000}}\n";
  }

  @Test
  void noRequestIsLostNoPermitLeaksAndTheKeptLimitAdmitsExactlyItsCapacity() throws Exception {
    ReloadingConfig config =
        ReloadingConfig.fromYaml(EdgeConfigLoader.builder().ticker(new ManualTicker()).build(), doc(500));
    Set<KeyedConcurrencyLimiter<String>> limiters = ConcurrentHashMap.newKeySet();
    limiters.add(config.current().concurrencyLimiter("/kept").orElseThrow());
    limiters.add(config.current().concurrencyLimiter("/changed").orElseThrow());
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger limited = new AtomicInteger();
    AtomicInteger changedAdmitted = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger failedReloads = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String peer = "192.0.2." + (t + 1);
      Thread worker = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
          String path = i % 2 == 0 ? "/kept" : "/changed";
          EdgeExchange exchange = config.edge().begin(FakeRequest.get(path).peer(peer));
          if (exchange.admitted()) {
            LockSupport.parkNanos(1_000); // hold the permit across a possible reload
            exchange.complete(200);
            (path.equals("/kept") ? admitted : changedAdmitted).incrementAndGet();
          } else if (exchange.rejection().status() == 429) {
            limited.incrementAndGet();
          } else {
            other.incrementAndGet();
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    Thread reloader = new Thread(() -> {
      awaitQuietly(start);
      int n = 0;
      while (!done.get()) {
        if (!config.reloadYaml(doc(n++ % 2 == 0 ? 400 : 500))) {
          failedReloads.incrementAndGet();
        }
        limiters.add(config.current().concurrencyLimiter("/kept").orElseThrow());
        limiters.add(config.current().concurrencyLimiter("/changed").orElseThrow());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    });
    reloader.start();
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    done.set(true);
    reloader.join();

    assertThat(failedReloads.get()).isZero();
    int total = THREADS * REQUESTS_PER_THREAD;
    assertThat(config.generation()).as("reloads while the requests ran").isGreaterThan(5);
    assertThat(admitted.get() + limited.get() + changedAdmitted.get() + other.get()).isEqualTo(total);
    assertThat(other.get()).isZero();
    assertThat(changedAdmitted.get()).isEqualTo(total / 2);
    assertThat(admitted.get()).as("no free burst across reloads").isEqualTo(KEPT_CAPACITY);
    assertThat(limited.get()).isEqualTo(total / 2 - KEPT_CAPACITY);
    // one /kept limiter for every generation; a new /changed limiter at each reload
    assertThat(limiters).hasSize((int) config.generation() + 2);
    for (KeyedConcurrencyLimiter<String> limiter : limiters) {
      assertThat(limiter.inFlight()).as("permits leaked on %s", limiter).isZero();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
