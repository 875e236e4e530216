package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;

/**
 * Concurrent callers' script calls combined into pipelined round trips ({@link CombiningRunner}):
 * exact under many threads (sync and async callers mixed), batches really form (counted), calls
 * queued behind two held round trips go in pipelines, NOSCRIPT inside a batch, a stalled Redis times
 * the waiting callers out with the failure policy and the limiter recovers, and an interrupted
 * waiter. A held round trip is a real server under {@code CLIENT PAUSE WRITE}; the test waits for
 * states (a call held, calls queued), never for an amount of time.
 */
@ExtendWith(RedisServers.class)
class CombinedCallsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static CountingJedis redis;

  @BeforeAll
  static void connect(RedisServers.Standalone server) {
    redis = new CountingJedis(server.address());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @Test
  void sixteenThreadsOnALimitOfExactlyKGrantExactlyKInFewerRoundTripsThanCalls() throws Exception {
    RedisKeyedRateLimiter<String> keyed = RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(500))
        .combineSynchronousCalls(true)
        .name("combined-" + UUID.randomUUID())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .callTimeout(Duration.ofSeconds(30))
        .denyCache(false) // every decision asks Redis
        .build();
    assertThat(hammer(16, 100, (thread, i) -> keyed.tryAcquire("hot"))).isEqualTo(500);
    CombiningRunner runner = keyed.runner();
    assertThat(runner.combines()).isTrue();
    assertThat(runner.calls()).isEqualTo(1_600);
    assertThat(runner.roundTrips()).isLessThan(runner.calls());
    assertThat(keyed.inFallback()).isFalse();
    assertThat(keyed.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aHierarchyDecidedBySyncAndAsyncCallersTogetherStaysExact() throws Exception {
    RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
        .combineSynchronousCalls(true)
        .name("combined-h-" + UUID.randomUUID())
        .global(RateLimit.perHour(300))
        .perClient(RateLimit.perHour(1_000))
        .route("api", RateLimit.perHour(15))
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .callTimeout(Duration.ofSeconds(30))
        .denyCache(false)
        .build();
    // 16 clients: 8 call the synchronous method, 8 the asynchronous one (and wait for it); on
    // "api" each client may take 15 (240 in all), the rest goes to "home" until the global 300.
    int granted = hammer(16, 60, (thread, i) -> {
      String route = i % 2 == 0 ? "api" : "home";
      String client = "c" + thread;
      return thread % 2 == 0
          ? limiter.tryAcquire(route, client)
          : limiter.tryAcquireDecisionAsync(route, client, 1).toCompletableFuture().join().allowed();
    });
    assertThat(granted).isEqualTo(300);
    CombiningRunner runner = limiter.runner();
    assertThat(runner.calls()).isEqualTo(16 * 60);
    assertThat(runner.roundTrips()).isLessThan(runner.calls());
    assertThat(limiter.inFallback()).isFalse();
    assertThat(limiter.asyncCallsInFlight()).isZero();
  }

  @Test
  void asynchronousCallsBeyondTwoFlushesWaitInTheQueueAndGoInTheFirstFlushsPipeline() {
    HeldExecutor executor = new HeldExecutor();
    RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(10))
        .name("async-batch-" + UUID.randomUUID())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .asyncExecutor(executor)
        .build();
    redis.scriptLoad(LuaScript.RATE_LIMIT.source(), LuaScript.RATE_LIMIT.sha1()); // no NOSCRIPT below
    CombiningRunner runner = limiter.runner();
    int pipelines = redis.pipelines();
    List<CompletableFuture<RateLimitDecision>> decisions = new ArrayList<>();
    for (String key : List.of("a", "b", "c", "d")) {
      decisions.add(limiter.tryAcquireDecisionAsync(key, 1).toCompletableFuture());
    }
    // Two flush tasks (one per sending role), two calls waiting in the queue, nothing sent yet.
    assertThat(executor.waiting()).isEqualTo(2);
    assertThat(runner.queued()).isEqualTo(2);
    assertThat(limiter.asyncCallsInFlight()).isEqualTo(4);
    assertThat(decisions).noneMatch(CompletableFuture::isDone);
    executor.runAll();
    // The first task sent its call with the two queued ones as one pipeline; the second its own.
    assertThat(decisions).allMatch(decision -> decision.join().allowed());
    assertThat(runner.calls()).isEqualTo(4);
    assertThat(runner.roundTrips()).isEqualTo(2);
    assertThat(redis.pipelines()).isEqualTo(pipelines + 1);
    assertThat(limiter.asyncCallsInFlight()).isZero();
  }

  @Test
  void callsMadeWhileTwoRoundTripsAreHeldGoInPipelinesEvenAfterScriptFlush() throws Exception {
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis client = new CountingJedis(server.hostAndPort());
        Jedis admin = new Jedis(server.hostAndPort());
        Jedis other = new Jedis(server.hostAndPort())) {
      RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(client, RateLimit.perHour(10))
          .combineSynchronousCalls(true)
          .name("batch-" + UUID.randomUUID())
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofSeconds(30))
          .build();
      assertThat(limiter.tryAcquire("warm")).isTrue(); // the script is loaded now
      CombiningRunner runner = limiter.runner();
      int pipelines = client.pipelines();
      int loads = client.scriptLoads();
      Map<String, Boolean> results = new ConcurrentHashMap<>();
      List<Thread> threads = new ArrayList<>();
      pause(admin);
      try {
        // Two callers find a free sending role each and send alone; the paused server holds both.
        threads.add(start(() -> results.put("a", limiter.tryAcquire("a"))));
        Await.until(WAIT, "a's EVALSHA held by the paused server", () -> blockedClients(admin) == 1);
        threads.add(start(() -> results.put("b", limiter.tryAcquire("b"))));
        Await.until(WAIT, "b's EVALSHA held", () -> blockedClients(admin) == 2);
        // SCRIPT FLUSH is held too, and runs right after a's and b's calls: the batches meet NOSCRIPT.
        threads.add(start(() -> other.scriptFlush()));
        Await.until(WAIT, "SCRIPT FLUSH held", () -> blockedClients(admin) == 3);
        for (String key : List.of("c", "d", "e", "f")) {
          threads.add(start(() -> results.put(key, limiter.tryAcquire(key))));
        }
        Await.until(WAIT, "four calls queued behind two round trips", () -> runner.queued() == 4);
        assertThat(client.pipelines()).isEqualTo(pipelines);
      } finally {
        unpause(admin);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(results).containsOnlyKeys("a", "b", "c", "d", "e", "f").doesNotContainValue(false);
      // The four queued calls went in at most two batches (two sending roles), so at least one was
      // a pipeline; each call was sent once (a NOSCRIPT retry is not a new call), and the script
      // was loaded again.
      assertThat(runner.calls()).isEqualTo(7);
      assertThat(client.pipelines()).isGreaterThan(pipelines);
      assertThat(client.scriptLoads()).isGreaterThan(loads);
      assertThat(limiter.inFallback()).isFalse();
    }
  }

  @Test
  void aStallTimesTheWaitingCallersOutByThePolicyTheirCallsAreDroppedAndTheLimiterRecovers() throws Exception {
    ManualTicker clock = new ManualTicker(1_000_000_000L);
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis client = new CountingJedis(server.hostAndPort());
        Jedis admin = new Jedis(server.hostAndPort())) {
      RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(client, RateLimit.perHour(10))
          .combineSynchronousCalls(true)
          .name("stall-" + UUID.randomUUID())
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofMillis(100))
          .ticker(clock)
          .build();
      assertThat(limiter.tryAcquire("warm")).isTrue();
      CombiningRunner runner = limiter.runner();
      Map<String, Boolean> results = new ConcurrentHashMap<>();
      Thread a;
      Thread b;
      List<Thread> waiters = new ArrayList<>();
      pause(admin);
      try {
        a = start(() -> results.put("a", limiter.tryAcquire("a")));
        Await.until(WAIT, "a's EVALSHA held", () -> blockedClients(admin) == 1);
        b = start(() -> results.put("b", limiter.tryAcquire("b")));
        Await.until(WAIT, "b's EVALSHA held", () -> blockedClients(admin) == 2);
        for (String key : List.of("c", "d")) {
          waiters.add(start(() -> results.put(key, limiter.tryAcquire(key))));
        }
        Await.until(WAIT, "two calls queued behind two round trips", () -> runner.queued() == 2);
        clock.advance(Duration.ofSeconds(1)); // past the call timeout of the waiting callers
        for (Thread waiter : waiters) {
          waiter.join();
        }
        // Redis still holds a's and b's calls: c and d were decided by the policy (FAIL_CLOSED).
        assertThat(results).containsOnlyKeys("c", "d").doesNotContainValue(true);
      } finally {
        unpause(admin);
      }
      a.join();
      b.join();
      // c's and d's calls were never sent: their keys hold nothing.
      assertThat(admin.exists(limiter.redisKey("c"))).isFalse();
      assertThat(admin.exists(limiter.redisKey("d"))).isFalse();
      assertThat(runner.queued()).isZero();
      // Two timeouts and two slow calls opened the default breaker (3 failures); once it lets a
      // trial through, Redis decides again.
      clock.advance(Duration.ofSeconds(2));
      assertThat(limiter.tryAcquire("after")).isTrue();
      assertThat(admin.exists(limiter.redisKey("after"))).isTrue();
      assertThat(limiter.inFallback()).isFalse();
    }
  }

  @Test
  void anInterruptedWaiterIsDecidedByThePolicyAtOnceKeepsItsInterruptAndTheBreakerIsNotTold() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.builder("interrupts")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build())
        .build();
    try (RedisProcess server = RedisProcess.launch();
        CountingJedis client = new CountingJedis(server.hostAndPort());
        Jedis admin = new Jedis(server.hostAndPort())) {
      RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(client, RateLimit.perHour(10))
          .combineSynchronousCalls(true)
          .name("interrupt-" + UUID.randomUUID())
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofSeconds(30))
          .circuitBreaker(breaker)
          .build();
      assertThat(limiter.tryAcquire("warm")).isTrue();
      CombiningRunner runner = limiter.runner();
      Map<String, Boolean> results = new ConcurrentHashMap<>();
      AtomicInteger stillInterrupted = new AtomicInteger();
      Thread a;
      Thread b;
      pause(admin);
      try {
        a = start(() -> results.put("a", limiter.tryAcquire("a")));
        Await.until(WAIT, "a's EVALSHA held", () -> blockedClients(admin) == 1);
        b = start(() -> results.put("b", limiter.tryAcquire("b")));
        Await.until(WAIT, "b's EVALSHA held", () -> blockedClients(admin) == 2);
        Thread c = start(() -> {
          results.put("c", limiter.tryAcquire("c"));
          if (Thread.currentThread().isInterrupted()) {
            stillInterrupted.incrementAndGet();
          }
        });
        Await.until(WAIT, "c queued behind two round trips", () -> runner.queued() == 1);
        c.interrupt();
        c.join();
        assertThat(results).containsOnlyKeys("c").containsEntry("c", false);
        assertThat(stillInterrupted.get()).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // one failure would open it
      } finally {
        unpause(admin);
      }
      a.join();
      b.join();
      assertThat(results).containsEntry("a", true).containsEntry("b", true);
      assertThat(admin.exists(limiter.redisKey("c"))).isFalse();
      assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void byDefaultOrOnAClusterClientEverySynchronousCallIsItsOwnRoundTrip(LocalCluster cluster) throws Exception {
    RedisKeyedRateLimiter<String> off = RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(100))
        .name("uncombined-" + UUID.randomUUID())
        .callTimeout(Duration.ofSeconds(30))
        .denyCache(false)
        .build();
    int pipelines = redis.pipelines();
    assertThat(hammer(8, 20, (thread, i) -> off.tryAcquire("k"))).isEqualTo(100);
    assertThat(off.runner().combines()).isFalse();
    assertThat(off.runner().roundTrips()).isEqualTo(160);
    assertThat(redis.pipelines()).isEqualTo(pipelines);

    try (JedisCluster clusterClient = cluster.client()) {
      RedisKeyedRateLimiter<String> onCluster = RedisKeyedRateLimiter.builder(clusterClient, RateLimit.perHour(100))
          .name("cluster-" + UUID.randomUUID())
          .build();
      assertThat(onCluster.runner().combines()).isFalse();
      assertThat(onCluster.runner().combinesAsync()).isFalse();
      assertThat(onCluster.tryAcquire("k")).isTrue();
      assertThat(onCluster.runner().roundTrips()).isEqualTo(1);
    }
  }

  /** Per thread and call, a decision; runs {@code threads} x {@code calls}, returns the grants. */
  private static int hammer(int threads, int calls, Decider decider) throws Exception {
    AtomicInteger granted = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      started.add(start(() -> {
        try {
          go.await();
          for (int i = 0; i < calls; i++) {
            if (decider.decide(thread, i)) {
              granted.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    go.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    assertThat(errors).isEmpty();
    return granted.get();
  }

  @FunctionalInterface
  private interface Decider {
    boolean decide(int thread, int call) throws Exception;
  }

  private static Thread start(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pause(Jedis admin) {
    admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "60000", "WRITE");
  }

  private static void unpause(Jedis admin) {
    admin.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
  }

  /** Clients whose command the server holds (CLIENT PAUSE counts them as blocked). */
  private static int blockedClients(Jedis admin) {
    String info = admin.info("clients");
    String field = "blocked_clients:";
    int at = info.indexOf(field) + field.length();
    int end = at;
    while (end < info.length() && Character.isDigit(info.charAt(end))) {
      end++;
    }
    return Integer.parseInt(info.substring(at, end));
  }
}
