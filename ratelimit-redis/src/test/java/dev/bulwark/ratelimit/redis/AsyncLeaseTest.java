package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.ConcurrencyLimiter.Permit;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The asynchronous lease path of {@link RedisKeyedConcurrencyLimiter}: the caller's thread never
 * makes the Redis call, the permit is the synchronous path's lease (same maximums, released once),
 * the bound on calls in flight hands the excess to the failure policy at once, and many concurrent
 * asynchronous acquisitions never exceed a maximum. Ordering only: no wall time.
 */
@ExtendWith(RedisServers.class)
class AsyncLeaseTest {

  private static CountingJedis redis;

  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
  private final HeldExecutor executor = new HeldExecutor();
  private final String name = "async-leases-" + UUID.randomUUID();

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    redis = new CountingJedis(server.address());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @Test
  void acquisitionsRunOnTheExecutorAndGrantTheSameLeasesAsTheSynchronousPath() {
    RedisKeyedConcurrencyLimiter<String> limiter = RedisKeyedConcurrencyLimiter.builder(redis, 1, 5)
        .name(name)
        .leaseDuration(Duration.ofSeconds(10))
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .serverClockForTesting(clock)
        .asyncExecutor(executor)
        .maxCallsInFlight(2)
        .build();
    assertThat(limiter.isRemote()).isTrue();
    int calls = redis.evalshaCalls();
    CompletableFuture<Permit> first = limiter.tryAcquireAsync("a").toCompletableFuture();
    assertThat(first).isNotDone();
    assertThat(redis.evalshaCalls()).isEqualTo(calls); // the caller made no Redis call
    assertThat(limiter.asyncCallsInFlight()).isEqualTo(1);
    executor.runAll();
    Permit held = first.join();
    assertThat(held.isAcquired()).isTrue();
    assertThat(limiter.inFlight("a")).isEqualTo(1);
    assertThat(limiter.asyncCallsInFlight()).isZero();

    // The key is full for the synchronous path and the asynchronous one alike.
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse();
    CompletableFuture<Permit> refused = limiter.tryAcquireAsync("a").toCompletableFuture();
    executor.runAll();
    assertThat(refused.join().isAcquired()).isFalse();

    held.close();
    held.close(); // released once
    assertThat(limiter.inFlight("a")).isZero();
    CompletableFuture<Permit> again = limiter.tryAcquireAsync("a").toCompletableFuture();
    executor.runAll();
    assertThat(again.join().isAcquired()).isTrue();
    again.join().onSuccess();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void acquisitionsBeyondTheBoundFollowTheFailurePolicyAtOnce() {
    RedisKeyedConcurrencyLimiter<String> closed = RedisKeyedConcurrencyLimiter.builder(redis, 5, 5)
        .name(name + "-closed")
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .serverClockForTesting(clock)
        .asyncExecutor(executor)
        .maxCallsInFlight(1)
        .build();
    CompletableFuture<Permit> running = closed.tryAcquireAsync("a").toCompletableFuture();
    CompletableFuture<Permit> excess = closed.tryAcquireAsync("a").toCompletableFuture();
    assertThat(excess).isDone();
    assertThat(excess.join().isAcquired()).isFalse();
    assertThat(executor.waiting()).isEqualTo(1);
    executor.runAll();
    assertThat(running.join().isAcquired()).isTrue();
    running.join().close();

    RedisKeyedConcurrencyLimiter<String> open = RedisKeyedConcurrencyLimiter.builder(redis, 5, 5)
        .name(name + "-open")
        .failurePolicy(FailurePolicy.FAIL_OPEN)
        .serverClockForTesting(clock)
        .asyncExecutor(executor)
        .maxCallsInFlight(1)
        .build();
    CompletableFuture<Permit> pending = open.tryAcquireAsync("a").toCompletableFuture();
    Permit untracked = open.tryAcquireAsync("a").toCompletableFuture().join();
    assertThat(untracked.isAcquired()).isTrue(); // FAIL_OPEN: a permit that holds nothing
    executor.runAll();
    assertThat(open.inFlight("a")).isEqualTo(1); // only the lease that reached Redis
    untracked.close();
    pending.join().close();
    assertThat(open.inFlight("a")).isZero();

    RedisKeyedConcurrencyLimiter<String> local = RedisKeyedConcurrencyLimiter.builder(redis, 4, 4)
        .name(name + "-local")
        .failurePolicy(FailurePolicy.FALLBACK_LOCAL)
        .expectedInstances(4)
        .serverClockForTesting(clock)
        .asyncExecutor(executor)
        .maxCallsInFlight(1)
        .build();
    CompletableFuture<Permit> inRedis = local.tryAcquireAsync("a").toCompletableFuture();
    Permit localOne = local.tryAcquireAsync("a").toCompletableFuture().join();
    Permit localTwo = local.tryAcquireAsync("a").toCompletableFuture().join();
    assertThat(localOne.isAcquired()).isTrue(); // the local limiter: 4 / 4 = 1 per key
    assertThat(localTwo.isAcquired()).isFalse();
    executor.runAll();
    inRedis.join().close();
    localOne.close();
  }

  @Test
  void manyConcurrentAsynchronousAcquisitionsNeverExceedTheMaximums() throws Exception {
    KeyedConcurrencyLimiter<String> limiter = RedisKeyedConcurrencyLimiter.builder(redis, 3, 5)
        .name(name + "-many")
        .leaseDuration(Duration.ofSeconds(30))
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .maxCallsInFlight(64)
        .build();
    int threads = 8;
    int perThread = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Permit>> permits = new CopyOnWriteArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String key = t % 2 == 0 ? "even" : "odd";
      Thread caller = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          permits.add(limiter.tryAcquireAsync(key).toCompletableFuture());
        }
      });
      caller.start();
      callers.add(caller);
    }
    start.countDown();
    for (Thread caller : callers) {
      caller.join();
    }
    CompletableFuture.allOf(permits.toArray(new CompletableFuture<?>[0])).join();
    long acquired = permits.stream().filter(p -> p.join().isAcquired()).count();
    assertThat(permits).hasSize(threads * perThread);
    // 3 per key, 5 in total, and 32 attempts: exactly the total is granted, never more.
    assertThat(acquired).isEqualTo(5);
    assertThat(limiter.inFlight()).isEqualTo(5);
    assertThat(limiter.inFlight("even")).isLessThanOrEqualTo(3);
    assertThat(limiter.inFlight("odd")).isLessThanOrEqualTo(3);
    permits.forEach(p -> p.join().close());
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void badSettingsAndNullKeysAreRefused() {
    RedisKeyedConcurrencyLimiterBuilder<Object> builder = RedisKeyedConcurrencyLimiter.builder(redis, 1, 1);
    assertThatThrownBy(() -> builder.maxCallsInFlight(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCallsInFlight");
    builder.maxCallsInFlight(3);
    assertThatThrownBy(() -> builder.maxCallsInFlight(4)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.asyncExecutor(null)).isInstanceOf(NullPointerException.class);
    RedisKeyedConcurrencyLimiter<Object> limiter = builder.name(name + "-null").build();
    assertThatThrownBy(() -> limiter.tryAcquireAsync(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
  }
}
