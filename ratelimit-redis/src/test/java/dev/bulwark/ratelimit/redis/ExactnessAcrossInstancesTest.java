package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Three limiter instances, each with its own connection pool (standing in for three servers), and
 * four threads each, race for one key: exactly the limit is admitted, no more and no fewer. The
 * limits refill far slower than the test runs, on the real server clock.
 */
@ExtendWith(RedisServers.class)
class ExactnessAcrossInstancesTest {

  private static final int INSTANCES = 3;
  private static final int THREADS_PER_INSTANCE = 4;
  private static final int ATTEMPTS_PER_THREAD = 60;
  /**
   * Exactness is what these tests judge, not latency: on a loaded CI machine a round trip can take
   * longer than the 100 ms default call timeout, and a call that times out is decided by the
   * failure policy instead of Redis.
   */
  private static final java.time.Duration PATIENT = java.time.Duration.ofSeconds(30);

  private static HostAndPort address;
  private static final List<JedisPooled> clients = new ArrayList<>();

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    address = server.address();
    for (int i = 0; i < INSTANCES; i++) {
      clients.add(new JedisPooled(address));
    }
  }

  @AfterAll
  static void disconnect() {
    clients.forEach(JedisPooled::close);
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"TOKEN_BUCKET", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER"})
  void manyInstancesAndThreadsAdmitExactlyTheLimit(RateLimitAlgorithm algorithm) throws Exception {
    String name = "exact-" + UUID.randomUUID();
    RateLimit limit = RateLimit.of(100, java.time.Duration.ofDays(1)); // one permit per 14.4 min
    List<RedisKeyedRateLimiter<String>> limiters = new ArrayList<>();
    for (JedisPooled client : clients) {
      limiters.add(
          RedisKeyedRateLimiter.builder(client, limit)
              .name(name)
              .algorithm(algorithm)
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .callTimeout(PATIENT)
              .build());
    }
    AtomicInteger granted = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    runConcurrently(
        limiters.size() * THREADS_PER_INSTANCE,
        thread -> {
          RedisKeyedRateLimiter<String> limiter = limiters.get(thread % limiters.size());
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            int permits = 1 + (i + thread) % 3;
            if (limiter.tryAcquire("hot", permits)) {
              granted.addAndGet(permits);
            }
          }
        },
        errors);
    assertThat(errors).isEmpty();
    // 720 attempts of 1 to 3 permits, each thread asking for 1 every third attempt: the last
    // permits go to whoever asks for few enough, and every permit goes to someone.
    assertThat(granted.get()).isEqualTo(100);
    assertThat(limiters.get(0).peek("hot", 1).remaining()).isZero();
    for (RedisKeyedRateLimiter<String> limiter : limiters) {
      assertThat(limiter.inFallback()).isFalse();
    }
  }

  @Test
  void singlePermitsAreAdmittedExactlyUpToTheLimit() throws Exception {
    String name = "exact-single-" + UUID.randomUUID();
    List<RedisKeyedRateLimiter<String>> limiters = new ArrayList<>();
    for (JedisPooled client : clients) {
      limiters.add(RedisKeyedRateLimiter.builder(client, RateLimit.perHour(100))
          .name(name)
          .callTimeout(PATIENT)
          .build());
    }
    AtomicInteger granted = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    runConcurrently(
        limiters.size() * THREADS_PER_INSTANCE,
        thread -> {
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            if (limiters.get(thread % limiters.size()).tryAcquire("hot")) {
              granted.incrementAndGet();
            }
          }
        },
        errors);
    assertThat(errors).isEmpty();
    assertThat(granted.get()).isEqualTo(100);
  }

  @Test
  void concurrencyLeasesNeverExceedTheirMaximumsAcrossInstances() throws Exception {
    String name = "exact-leases-" + UUID.randomUUID();
    List<RedisKeyedConcurrencyLimiter<String>> limiters = new ArrayList<>();
    for (JedisPooled client : clients) {
      limiters.add(
          RedisKeyedConcurrencyLimiter.builder(client, 2, 3)
              .name(name)
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .callTimeout(PATIENT)
              .build());
    }
    AtomicInteger total = new AtomicInteger();
    AtomicInteger[] perKey = {new AtomicInteger(), new AtomicInteger()};
    AtomicInteger maxTotal = new AtomicInteger();
    AtomicInteger maxPerKey = new AtomicInteger();
    AtomicInteger grants = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    runConcurrently(
        limiters.size() * THREADS_PER_INSTANCE,
        thread -> {
          int key = thread % 2;
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            try (ConcurrencyLimiter.Permit permit =
                limiters.get(thread % limiters.size()).tryAcquire("k" + key)) {
              if (permit.isAcquired()) {
                grants.incrementAndGet();
                maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
                maxPerKey.accumulateAndGet(perKey[key].incrementAndGet(), Math::max);
                // Hold the lease for a round trip, during which Redis counts it.
                assertThat(limiters.get(thread % limiters.size()).inFlight("k" + key)).isBetween(1, 2);
                perKey[key].decrementAndGet();
                total.decrementAndGet();
              }
            }
          }
        },
        errors);
    assertThat(errors).isEmpty();
    assertThat(maxTotal.get()).isLessThanOrEqualTo(3);
    assertThat(maxPerKey.get()).isLessThanOrEqualTo(2);
    assertThat(grants.get()).isPositive();
    assertThat(limiters.get(0).inFlight()).isZero();
  }

  /** Body of one thread, given its index. */
  interface Body {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(int threads, Body body, List<Throwable> errors)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  body.run(index);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      thread.start();
      started.add(thread);
    }
    start.countDown();
    for (Thread thread : started) {
      thread.join();
    }
  }
}
