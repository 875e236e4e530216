package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The asynchronous decision path: the caller's thread never makes the Redis call (an executor the
 * test holds shows each call waiting until the test runs it), at most {@code maxCallsInFlight} calls
 * are in flight and the next decision follows the failure policy at once, and the deny cache answers
 * without the executor. Ordering only: no wall time.
 */
@ExtendWith(RedisServers.class)
class AsyncDecisionTest {

  private static CountingJedis redis;

  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
  private final HeldExecutor executor = new HeldExecutor();

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    redis = new CountingJedis(server.address());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @Test
  void keyedDecisionsRunOnTheExecutorBoundedInFlightThenTheDenyCacheAnswersAtOnce() {
    RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(2))
        .name("async-" + UUID.randomUUID())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .asyncExecutor(executor)
        .maxCallsInFlight(2)
        .ticker(clock)
        .serverClockForTesting(clock)
        .recordStats()
        .build();
    redis.scriptLoad(LuaScript.RATE_LIMIT.source(), LuaScript.RATE_LIMIT.sha1()); // no NOSCRIPT retry below
    int calls = redis.evalshaCalls();
    CompletionStage<RateLimitDecision> first = limiter.tryAcquireDecisionAsync("k", 1);
    CompletionStage<RateLimitDecision> second = limiter.tryAcquireDecisionAsync("k", 1);
    // Returned before Redis was asked: the calls wait in the executor.
    assertThat(first.toCompletableFuture()).isNotDone();
    assertThat(second.toCompletableFuture()).isNotDone();
    assertThat(redis.evalshaCalls()).isEqualTo(calls);
    assertThat(limiter.asyncCallsInFlight()).isEqualTo(2);

    // A third finds two in flight: the failure policy (FAIL_CLOSED) refuses it at once, no Redis.
    CompletableFuture<RateLimitDecision> third = limiter.tryAcquireDecisionAsync("k", 1).toCompletableFuture();
    assertThat(third).isDone();
    assertThat(third.join().allowed()).isFalse();
    assertThat(executor.waiting()).isEqualTo(2);

    executor.runAll();
    assertThat(first.toCompletableFuture().join().allowed()).isTrue();
    assertThat(second.toCompletableFuture().join()).isEqualTo(
        new RateLimitDecision(true, RateLimit.perHour(2), 0, 0, 3_600_000_000_000L));
    assertThat(limiter.asyncCallsInFlight()).isZero();
    assertThat(redis.evalshaCalls()).isGreaterThanOrEqualTo(calls + 2);

    // "k" is spent: Redis said so, and the deny cache answers on the caller's thread.
    int before = redis.evalshaCalls();
    CompletableFuture<RateLimitDecision> cached = limiter.tryAcquireDecisionAsync("k", 1).toCompletableFuture();
    assertThat(cached).isDone();
    assertThat(cached.join().allowed()).isFalse();
    assertThat(cached.join().retryAfterNanos()).isEqualTo(1_800_000_000_000L);
    assertThat(executor.waiting()).isZero();
    assertThat(redis.evalshaCalls()).isEqualTo(before);
    assertThat(limiter.stats().orElseThrow().permitted()).isEqualTo(2);
    assertThat(limiter.stats().orElseThrow().rejected()).isEqualTo(2);
  }

  @Test
  void aPeekRunsOnTheExecutorTakesNothingAndTellsNoListener() {
    RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(2))
        .name("async-peek-" + UUID.randomUUID())
        .asyncExecutor(executor)
        .ticker(clock)
        .serverClockForTesting(clock)
        .recordStats()
        .build();
    int calls = redis.evalshaCalls();
    CompletableFuture<RateLimitDecision> peek = limiter.peekAsync("k", 1).toCompletableFuture();
    assertThat(peek).isNotDone();
    assertThat(redis.evalshaCalls()).isEqualTo(calls);
    executor.runAll();
    assertThat(peek.join()).isEqualTo(new RateLimitDecision(true, RateLimit.perHour(2), 2, 0, 0));
    assertThat(limiter.peek("k", 1).remaining()).isEqualTo(2); // nothing was taken
    assertThat(limiter.stats().orElseThrow().permitted()).isZero();

    limiter.tryAcquireDecision("k", 2);
    CompletableFuture<RateLimitDecision> spent = limiter.peekAsync("k", 1).toCompletableFuture();
    assertThat(spent).isDone(); // the deny cache answers on the caller's thread
    assertThat(spent.join().allowed()).isFalse();
    assertThatThrownBy(() -> limiter.peekAsync("k", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hierarchicalDecisionsRunOnTheExecutorAndKeepTheirSemantics() {
    RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
        .name("async-h-" + UUID.randomUUID())
        .global(RateLimit.perHour(3))
        .perClient(RateLimit.perHour(2))
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .asyncExecutor(executor)
        .maxCallsInFlight(1)
        .ticker(clock)
        .serverClockForTesting(clock)
        .build();
    CompletableFuture<Decision> a = limiter.tryAcquireDecisionAsync("home", "a", 2).toCompletableFuture();
    assertThat(a).isNotDone();
    CompletableFuture<Decision> over = limiter.tryAcquireDecisionAsync("home", "b", 1).toCompletableFuture();
    assertThat(over).isDone(); // one call in flight already: FAIL_CLOSED refuses at the client level
    assertThat(over.join().allowed()).isFalse();
    assertThat(over.join().level()).isEqualTo(Level.CLIENT);
    executor.runAll();
    assertThat(a.join().allowed()).isTrue();

    CompletableFuture<Decision> b = limiter.tryAcquireDecisionAsync("home", "b", 1).toCompletableFuture();
    executor.runAll();
    assertThat(b.join().level()).isEqualTo(Level.GLOBAL); // the global level's last permit
    assertThat(b.join().decision().remaining()).isZero();
    CompletableFuture<Decision> dry = limiter.tryAcquireDecisionAsync("home", "c", 1).toCompletableFuture();
    assertThat(dry).as("the global deny cache answers on the caller's thread").isDone();
    assertThat(dry.join().level()).isEqualTo(Level.GLOBAL);
    assertThat(executor.waiting()).isZero();
    assertThatThrownBy(() -> limiter.tryAcquireDecisionAsync("home", "c", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eightCallersWaitingOnTheirOwnDecisionsNeverExceedEightInFlightOnTheDefaultExecutor() throws Exception {
    // Each caller starts its next decision as soon as the last completes: the slot must be free
    // by then, and the default executor must not refuse, or FAIL_CLOSED would refuse decisions.
    RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(redis, RateLimit.perSecond(1_000_000))
        .name("async-many-" + UUID.randomUUID())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .callTimeout(java.time.Duration.ofSeconds(10))
        .maxCallsInFlight(8)
        .build();
    java.util.concurrent.atomic.AtomicInteger granted = new java.util.concurrent.atomic.AtomicInteger();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int caller = t;
      threads.add(new Thread(() -> {
        try {
          for (int i = 0; i < 200; i++) {
            if (limiter.tryAcquireDecisionAsync("k" + (caller * 1000 + i), 1).toCompletableFuture().join().allowed()) {
              granted.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(errors).isEmpty();
    assertThat(granted.get()).isEqualTo(1_600);
    assertThat(limiter.inFallback()).isFalse();
    assertThat(limiter.asyncCallsInFlight()).isZero();
  }

  @Test
  void whileRedisHoldsACallTheCallerHasItsStageAndOtherDecisionsStillAnswer() {
    // CLIENT PAUSE WRITE makes the server hold every command that may write (EVALSHA included) until
    // CLIENT UNPAUSE (which it still serves):
    // a Redis that does not answer, with no wall time involved.
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis slow = new CountingJedis(server.hostAndPort());
        Jedis admin = new Jedis(server.hostAndPort())) {
      RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(slow)
          .name("paused-" + UUID.randomUUID())
          .global(RateLimit.perHour(100))
          .perClient(RateLimit.perHour(1))
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(java.time.Duration.ofSeconds(30))
          .build();
      assertThat(limiter.tryAcquire("home", "spent")).isTrue(); // "spent" is now in the deny cache
      assertThat(admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "60000", "WRITE")).isNotNull();
      try {
        CompletableFuture<Decision> pending = limiter.tryAcquireDecisionAsync("home", "fresh", 1).toCompletableFuture();
        // The caller got its stage back while Redis holds the call ...
        assertThat(pending).isNotDone();
        // ... and a decision that needs no Redis answers meanwhile, on the caller's thread.
        CompletableFuture<Decision> cached = limiter.tryAcquireDecisionAsync("home", "spent", 1).toCompletableFuture();
        assertThat(cached).isDone();
        assertThat(cached.join().allowed()).isFalse();
        assertThat(pending).isNotDone();
        assertThat(limiter.asyncCallsInFlight()).isEqualTo(1);
        admin.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
        assertThat(pending.join().allowed()).isTrue();
      } finally {
        admin.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
      }
      assertThat(limiter.inFallback()).isFalse();
    }
  }

  @Test
  void theBoundIsValidated() {
    assertThatThrownBy(() -> RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(1)).maxCallsInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCallsInFlight must be >= 1 but was 0");
    RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(redis).maxCallsInFlight(4);
    assertThatThrownBy(() -> b.maxCallsInFlight(5)).isInstanceOf(IllegalStateException.class);
  }
}
