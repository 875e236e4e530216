package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis is killed while four threads make decisions: no thread sees an exception, the breaker opens,
 * and once it is open every decision follows the policy without a single Redis call (counted).
 */
class OutageUnderLoadTest {

  private static final int THREADS = 4;

  @ParameterizedTest
  @EnumSource(FailurePolicy.class)
  void redisDyingUnderLoadCostsNoCallOnceTheBreakerIsOpen(FailurePolicy policy) throws Exception {
    ManualTicker ticker = new ManualTicker(); // never advanced: the breaker stays open
    List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis redis = new CountingJedis(server.hostAndPort())) {
      RedisKeyedRateLimiterBuilder<Object> builder =
          RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(1_000))
              .name("load-" + policy)
              .failurePolicy(policy)
              .ticker(ticker)
              .fallbackListener(events::add);
      if (policy == FailurePolicy.FALLBACK_LOCAL) {
        builder.expectedInstances(2);
      }
      RedisKeyedRateLimiter<String> limiter = builder.build();

      AtomicLongArray decisions = new AtomicLongArray(THREADS);
      AtomicLong allowedAfterOpen = new AtomicLong();
      AtomicLong refusedAfterOpen = new AtomicLong();
      AtomicLong allowedInFallback = new AtomicLong(); // from the fallback's start, not just COUNT
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      Phase phase = new Phase();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (long i = 0; phase.value != Phase.STOP; i++) {
                      boolean counting = phase.value == Phase.COUNT;
                      boolean local = limiter.inFallback();
                      boolean allowed = limiter.tryAcquire("t" + id + "-" + (i % 10));
                      if (counting) {
                        (allowed ? allowedAfterOpen : refusedAfterOpen).incrementAndGet();
                      }
                      if (local && allowed) {
                        allowedInFallback.incrementAndGet();
                      }
                      decisions.incrementAndGet(id);
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      try {
        Await.until(Duration.ofSeconds(30), "200 decisions with Redis up", () -> total(decisions) >= 200);
        server.kill();
        Await.until(
            Duration.ofSeconds(30),
            "the breaker to open",
            () -> limiter.circuitBreaker().state() == CircuitState.OPEN);
        // Let every thread finish a decision started before the breaker opened.
        awaitEachThreadAdvances(decisions, 1);
        int calls = redis.evalshaCalls();
        phase.value = Phase.COUNT;
        awaitEachThreadAdvances(decisions, 500);
        phase.value = Phase.STOP;
        for (Thread thread : threads) {
          thread.join();
        }

        assertThat(errors).isEmpty();
        assertThat(redis.evalshaCalls()).isEqualTo(calls);
        long counted = allowedAfterOpen.get() + refusedAfterOpen.get();
        assertThat(counted).isGreaterThanOrEqualTo(4 * 500 - THREADS);
        switch (policy) {
          case FAIL_CLOSED:
            assertThat(allowedAfterOpen.get()).isZero();
            break;
          case FAIL_OPEN:
            assertThat(refusedAfterOpen.get()).isZero();
            break;
          default:
            // 1000 per hour over 2 instances: 500 per key locally (no refill within the test), for
            // the 40 keys in use. Counted from the fallback's start: fast threads can exhaust their
            // keys while the test waits for slow ones, before the COUNT phase begins.
            assertThat(allowedInFallback.get()).isPositive().isLessThanOrEqualTo(40 * 500);
            break;
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(RedisFallbackEvent.Entered.class);
        assertThat(limiter.inFallback()).isTrue();
      } finally {
        phase.value = Phase.STOP;
        for (Thread thread : threads) {
          thread.join();
        }
      }
    }
  }

  private static long total(AtomicLongArray decisions) {
    long sum = 0;
    for (int i = 0; i < decisions.length(); i++) {
      sum += decisions.get(i);
    }
    return sum;
  }

  private static void awaitEachThreadAdvances(AtomicLongArray decisions, long by) {
    long[] start = new long[decisions.length()];
    for (int i = 0; i < start.length; i++) {
      start[i] = decisions.get(i);
    }
    Await.until(Duration.ofSeconds(30), "every thread to make " + by + " more decisions", () -> {
      for (int i = 0; i < start.length; i++) {
        if (decisions.get(i) < start[i] + by) {
          return false;
        }
      }
      return true;
    });
  }

  /** What the load threads do now. */
  private static final class Phase {
    static final int RUN = 0;
    static final int COUNT = 1;
    static final int STOP = 2;
    volatile int value = RUN;
  }
}
