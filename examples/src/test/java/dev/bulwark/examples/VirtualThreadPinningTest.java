package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.Timeout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/**
 * No virtual thread pins on Bulwark's blocking paths: many virtual threads wait in
 * {@code RateLimiter.acquire}, sleep between retries, are interrupted by a {@code Timeout}, pass a
 * pipeline of retry, breaker and limiter, and queue for Redis connections behind the Redis guard,
 * while JFR records every {@code jdk.VirtualThreadPinned} event (threshold zero). A control run
 * (a virtual thread blocking in a class initializer, which pins on every JDK) proves the recording
 * sees pinning when it happens.
 *
 * <p>Virtual threads exist from JDK 21, and this code compiles for 17, so it reaches them through
 * {@code Executors.newVirtualThreadPerTaskExecutor} by reflection. On 17 the test is skipped;
 * {@code .ci/run} runs the suite on JDK 25 and fails unless this test ran there (issue #18).
 */
class VirtualThreadPinningTest {

  private static final int THREADS = 200;

  @Test
  void noVirtualThreadPinsOnBulwarksBlockingPaths() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(4);
    pool.setMaxWait(Duration.ofSeconds(10));
    try (LocalRedis redis = LocalRedis.start();
        JedisPooled jedis = new JedisPooled(pool, URI.create(redis.url()))) {
      BlockingPaths paths = new BlockingPaths(jedis);
      // Loading a class pins by the JDK's design (JEP 491 keeps class loading and initialisation
      // pinned), so one call on this platform thread loads every path's classes first, and a plain
      // timed read that cannot be answered makes one virtual thread park on a socket, which starts
      // the JDK's socket poller (a PING alone may be answered before its read parks, and then the
      // poller starts under the recording, pinning its racers). What is measured is the
      // steady state: waits, sleeps, interrupts, locks and pooled sockets under 200 threads.
      paths.callEach(0);
      ExecutorService warmUp = virtualThreads();
      try {
        warmUp.submit(VirtualThreadPinningTest::parkOnASocket).get();
        assertThat(warmUp.submit(jedis::ping).get()).isEqualTo("PONG");
      } finally {
        warmUp.shutdown();
      }
      List<RecordedEvent> pinned = recordPinning(() -> onVirtualThreads(paths));
      pinned.removeIf(VirtualThreadPinningTest::waitsForAnotherLibrarysInitialisation);
      assertThat(pinned).as("pinned virtual threads, with stacks").isEmpty();
    }
  }

  @Test
  void theRecordingSeesAPinnedThread() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    List<RecordedEvent> pinned = recordPinning(() -> {
      ExecutorService threads = virtualThreads();
      try {
        threads.submit(() -> SlowInitializer.VALUE).get();
      } finally {
        threads.shutdown();
      }
    });
    assertThat(pinned).isNotEmpty();
  }

  /**
   * Whether the event is a JDK or Jedis class being initialised, or a wait for another thread to
   * finish initialising one: one-time work of the JDK's (JEP 491 keeps class initialisation
   * pinned), not a Bulwark blocking path. Initialising a Bulwark class still counts.
   */
  private static boolean waitsForAnotherLibrarysInitialisation(RecordedEvent event) {
    String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
    if (reason == null) {
      return false;
    }
    String waited = "Waited for initialization of ";
    String initialising = "VM call to ";
    if (reason.startsWith(waited)) {
      return !reason.startsWith(waited + "dev.bulwark.");
    }
    return reason.startsWith(initialising) && reason.endsWith(".<clinit> on stack")
        && !reason.startsWith(initialising + "dev.bulwark.");
  }

  /**
   * Parks this virtual thread in a timed socket read that no data ever answers, so the JDK's
   * socket poller ({@code sun.nio.ch.Poller}) is initialised before the recording starts.
   */
  private static Void parkOnASocket() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      client.setSoTimeout(50);
      try {
        client.getInputStream().read();
        throw new AssertionError("nothing was written, yet the read returned");
      } catch (SocketTimeoutException expected) {
        assertThat(accepted.isConnected()).isTrue();
      }
    }
    return null;
  }

  private static void onVirtualThreads(BlockingPaths paths) throws Exception {
    AtomicInteger done = new AtomicInteger();
    ExecutorService threads = virtualThreads();
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int n = i;
        tasks.add(threads.submit(() -> {
          paths.callEach(n);
          done.incrementAndGet();
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(done).hasValue(THREADS);
  }

  /** Each of Bulwark's blocking paths, built once and shared by every thread. */
  private static final class BlockingPaths {
    private final RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(2_000).withBurst(1)).build();
    private final Retry retry =
        Retry.builder().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(5))).build();
    private final Timeout timeout = Timeout.of(Duration.ofMillis(20));
    private final Pipeline pipeline = Pipeline.of(
        Retry.ofDefaults(), CircuitBreaker.ofDefaults("pinning"),
        RateLimiter.builder(RateLimit.perSecond(5_000)).build());
    private final RedisKeyedRateLimiter<String> redisLimiter;
    private final RedisKeyedRateLimiter<String> combinedLimiter;

    BlockingPaths(JedisPooled jedis) {
      redisLimiter = RedisKeyedRateLimiter.builder(jedis, RateLimit.perMinute(1_000))
          .name("pinning")
          .<String>keyToString(k -> k)
          .callTimeout(Duration.ofSeconds(2))
          .build();
      // Callers that share pipelined round trips park while another thread sends their call.
      combinedLimiter = RedisKeyedRateLimiter.builder(jedis, RateLimit.perMinute(1_000))
          .name("pinning-combined")
          .<String>keyToString(k -> k)
          .callTimeout(Duration.ofSeconds(2))
          .combineSynchronousCalls(true)
          .build();
    }

    /** A waiting acquire, a retry that sleeps twice, a timeout that interrupts, a pipeline, Redis. */
    void callEach(int n) throws Exception {
      assertThat(limiter.acquire(1, Duration.ofSeconds(5))).isTrue();
      AtomicInteger attempts = new AtomicInteger();
      assertThat(retry.<Integer>call(() -> {
        if (attempts.incrementAndGet() < 3) {
          throw new IOException("transient");
        }
        return 1;
      })).isEqualTo(1);
      try {
        timeout.call(() -> {
          Thread.sleep(TimeUnit.SECONDS.toMillis(5));
          return 0;
        });
        throw new AssertionError("the timeout did not fire");
      } catch (TimeoutException expected) {
        // interrupted on time
      }
      assertThat(pipeline.<Integer>call(() -> 2)).isEqualTo(2);
      for (int j = 0; j < 5; j++) {
        redisLimiter.tryAcquire("client-" + (n % 20));
        combinedLimiter.tryAcquire("client-" + (n % 20));
        combinedLimiter.tryAcquireDecisionAsync("client-" + (n % 20), 1).toCompletableFuture().join();
      }
    }
  }

  /** Runs the work under a JFR recording and returns the pinning events it saw. */
  private static List<RecordedEvent> recordPinning(Work work) throws Exception {
    Path file = Files.createTempFile("pinning-", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
      List<RecordedEvent> pinned = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
          pinned.add(event);
        }
      }
      return pinned;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static ExecutorService virtualThreads() throws ReflectiveOperationException {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Blocks in its initializer: a virtual thread initialising it pins its carrier. */
  private static final class SlowInitializer {
    static final int VALUE = sleepThenReturn();

    private static int sleepThenReturn() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }
  }
}
