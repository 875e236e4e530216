package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * For keys already tracked, the keyed and hierarchical limiters allocate nothing per decision,
 * granted or refused. Measured with the JVM's per-thread allocation counter over a million
 * decisions: one allocation per decision would be at least 16 MB.
 */
class KeyedHotPathAllocationTest {

  private static final int KEYS = 1_000;
  private static final int DECISIONS = 1_000_000;
  private static final long SLACK_BYTES = 64 * 1024;

  private final ManualTicker ticker = new ManualTicker();
  private final String[] keys = new String[KEYS];

  KeyedHotPathAllocationTest() {
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "10.0." + (i >> 8) + "." + (i & 0xFF);
    }
  }

  @Test
  void keyedTryAcquireOnTrackedKeysAllocatesNothing() throws Exception {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.builder(RateLimit.perSecond(100).withBurst(5)).ticker(ticker).build();
    Runnable decisions =
        () -> {
          int granted = 0;
          for (int i = 0; i < DECISIONS; i++) {
            if (limiter.tryAcquire(keys[i % KEYS])) {
              granted++;
            }
            if ((i & 0x3FF) == 0) {
              ticker.advanceNanos(1_000_000);
            }
          }
          assertThat(granted).isPositive().isLessThan(DECISIONS); // both outcomes are exercised
        };
    decisions.run(); // creates every key and lets the JIT compile the path
    long bytes = allocatedBy(decisions);
    System.out.println("allocated " + bytes);
    assertThat(bytes).isLessThan(SLACK_BYTES);
  }

  @Test
  void hierarchicalTryAcquireOnTrackedClientsAllocatesNothing() throws Exception {
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder()
            .global(RateLimit.perSecond(100_000))
            .perClient(RateLimit.perSecond(100).withBurst(5))
            .route("chat", RateLimit.perSecond(50))
            .route("search", RateLimit.perSecond(30))
            .ticker(ticker)
            .build();
    String[] routes = {"chat", "search", "home"};
    Runnable decisions =
        () -> {
          int granted = 0;
          for (int i = 0; i < DECISIONS; i++) {
            if (limiter.tryAcquire(routes[i % 3], keys[i % KEYS])) {
              granted++;
            }
            if ((i & 0x3FF) == 0) {
              ticker.advanceNanos(1_000_000);
            }
          }
          assertThat(granted).isPositive().isLessThan(DECISIONS);
        };
    decisions.run();
    long bytes = allocatedBy(decisions);
    System.out.println("allocated " + bytes);
    assertThat(bytes).isLessThan(SLACK_BYTES);
  }

  /** Bytes allocated by the current thread while running {@code body}. */
  private static long allocatedBy(Runnable body) throws Exception {
    // Reflection: the tests compile inside the module, which does not read java.management.
    Object threads =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocated =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getCurrentThreadAllocatedBytes");
    long before = (Long) allocated.invoke(threads);
    body.run();
    long after = (Long) allocated.invoke(threads);
    return after - before;
  }
}
