package dev.bulwark.benchmarks;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.redis.FailurePolicy;
import dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.embedded.RedisServer;

/**
 * Distributed rate limiting on one local Redis, 8 threads: Bulwark's {@code RedisKeyedRateLimiter}
 * (one EVALSHA per decision, the script deciding atomically inside Redis, plus the local deny cache)
 * against Bucket4j 8.17's Jedis proxy manager (compare-and-swap: read the bucket, decide in Java,
 * write it back with a CAS script, and retry on a lost race), and against the floor of any design
 * with one round trip per decision.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RedisRateLimiterBenchmark
 * java -jar benchmarks/target/benchmarks.jar RedisRateLimiterBenchmark -f 1 -wi 1 -i 2 -w 2s -r 2s
 * </pre>
 * Redis: the server at {@code REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}) if set, else a
 * {@code redis-server} from the embedded-redis jar started on a free port by the trial's set-up and
 * stopped by its tear-down. Each trial uses keys of its own (nothing is flushed), so a shared
 * server is left as it was but for the trial's keys, which expire within a minute.
 *
 * <p>Both modes run: {@code thrpt} (decisions per millisecond, all threads) and {@code sample}
 * (time per decision, with percentiles: read p0.99).
 *
 * <p>{@code impl}:
 * <ul>
 *   <li>{@code bulwark}: {@code RedisKeyedRateLimiter}, token bucket, default settings but a 1 s
 *       call timeout and fail-closed: one EVALSHA per decision on the caller's thread;
 *   <li>{@code bucket4j}: Bucket4j's compare-and-swap proxy manager on the same {@code JedisPooled};
 *   <li>{@code combined}: the same limiter with {@code combineSynchronousCalls(true)}: callers that
 *       ask while two round trips are in flight go together in the next pipeline;
 *   <li>{@code async}: the same limiter as {@code bulwark}, through {@code tryAcquireDecisionAsync}:
 *       each benchmark thread (a caller) starts a decision and waits for it; the calls are queued
 *       and sent in pipelined batches by at most two flushes at a time on an executor of
 *       {@value #FLUSH_THREADS} threads (as the limiter's default executor has), which counts the
 *       threads it used; the tear-down prints them (callers + flush threads). So with {@code -t 6}
 *       the row uses 8 threads in all, with {@code -t 8} ten;
 *   <li>{@code hierarchy}: {@code RedisHierarchicalRateLimiter} with three levels (global, per
 *       client, and a route override per client, each with the row's limit), deciding on the
 *       overridden route: one EVALSHA per decision reading and writing two keys (the route's and
 *       the global one), same settings as {@code bulwark}; the {@code denied} row refuses at the
 *       route level, from the deny cache;
 *   <li>{@code floor}: not a limiter: one EVALSHA per decision, on the same pool, with the key and
 *       the arguments Bulwark sends, of a script that only returns a constant reply of Bulwark's
 *       shape. What the round trip alone costs on this machine: no design with one round trip
 *       per decision can be faster, and {@code floor / bucket4j} bounds the ratio such a design
 *       can reach here (decisions that share a pipelined round trip can).
 * </ul>
 *
 * <p>{@code keys}:
 * <ul>
 *   <li>{@code distinct}: each decision draws one of {@value #DISTINCT_KEYS} keys uniformly, limit
 *       1,000,000 per second: every decision is granted, keys rarely collide;
 *   <li>{@code hot}: every thread on one key, limit 1,000,000 per second: every decision is
 *       granted, all of them contending for one key (Bucket4j's CAS races);
 *   <li>{@code denied}: every thread on one key over its limit (10 per minute): Bulwark's deny
 *       cache answers locally, Bucket4j asks Redis every time.
 * </ul>
 * The tear-down prints how many EVALSHA, EVAL and GET commands Redis ran for how many decisions.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(8)
@State(Scope.Benchmark)
public class RedisRateLimiterBenchmark {

  static final int DISTINCT_KEYS = 100_000;

  /** The threads of the {@code async} rows' executor: the limiter's default, one per flush. */
  static final int FLUSH_THREADS = 2;

  /** The floor's script: no server call, a constant reply shaped like {@code rate_limit.lua}'s. */
  static final String FLOOR_SCRIPT = "return '1 1 999999 0 1 0 0 0'";

  @Param({"bulwark", "combined", "async", "hierarchy", "bucket4j", "floor"})
  public String impl;

  @Param({"distinct", "hot", "denied"})
  public String keys;

  private RedisServer server;
  private JedisPooled redis;
  private HostAndPort address;
  private RedisKeyedRateLimiter<String> bulwark;
  private RedisHierarchicalRateLimiter<String> hierarchy;
  private boolean async;
  private BucketProxy[] buckets;
  private byte[] floorSha;
  private List<List<byte[]>> floorKeys;
  private List<byte[]> floorArgs;
  private String[] names;
  private int keyCount;
  private final Queue<long[]> decisions = new ConcurrentLinkedQueue<>();
  private String statsBefore;
  private final Set<Thread> flushThreads = ConcurrentHashMap.newKeySet();
  private ExecutorService flushes;

  @Setup(Level.Trial)
  public void start() throws IOException {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      address = new HostAndPort(uri.getHost(), uri.getPort());
    } else {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      server =
          RedisServer.newRedisServer()
              .port(port)
              .setting("bind 127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      address = new HostAndPort("127.0.0.1", port);
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(16);
    pool.setMaxIdle(16);
    redis = new JedisPooled(pool, address.getHost(), address.getPort());
    try (Jedis admin = new Jedis(address)) {
      statsBefore = admin.info("commandstats");
    }
    String run = "bench:" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";

    keyCount = "distinct".equals(keys) ? DISTINCT_KEYS : 1;
    async = "async".equals(impl);
    long perSecond = "denied".equals(keys) ? 0 : 1_000_000;
    names = new String[keyCount];
    for (int i = 0; i < keyCount; i++) {
      names[i] = run + "client-" + i;
    }
    if ("hierarchy".equals(impl)) {
      RateLimit wide = RateLimit.perSecond(1_000_000);
      hierarchy = RedisHierarchicalRateLimiter.builder(redis)
          .name("bench-hierarchy")
          .keyPrefix(run)
          .global(wide)
          .perClient(wide)
          .route("api", perSecond == 0 ? RateLimit.perMinute(10) : wide)
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofSeconds(1))
          .<String>build();
    } else if (!"bucket4j".equals(impl)) {
      RateLimit limit = perSecond == 0 ? RateLimit.perMinute(10) : RateLimit.perSecond(perSecond);
      flushes = Executors.newFixedThreadPool(FLUSH_THREADS, task -> {
        Thread thread = new Thread(task, "bench-flush");
        thread.setDaemon(true);
        return thread;
      });
      RedisKeyedRateLimiter<String> limiter =
          RedisKeyedRateLimiter.builder(redis, limit)
              .name("bench")
              .keyPrefix("")
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .callTimeout(Duration.ofSeconds(1))
              .maxCallsInFlight(8)
              .combineSynchronousCalls("combined".equals(impl))
              .asyncExecutor(task -> flushes.execute(() -> {
                flushThreads.add(Thread.currentThread());
                task.run();
              }))
              .<String>build();
      if ("bulwark".equals(impl) || "combined".equals(impl) || "async".equals(impl)) {
        bulwark = limiter;
      } else {
        floorSha = redis.scriptLoad(FLOOR_SCRIPT).getBytes(StandardCharsets.US_ASCII);
        floorKeys = new ArrayList<>(keyCount);
        for (String name : names) {
          floorKeys.add(List.of(limiter.redisKey(name).getBytes(StandardCharsets.UTF_8)));
        }
        // What rate_limit.lua receives for 1,000,000 per second: server clock, take, permits,
        // algorithm, TTL pad, emission interval (µs), burst.
        floorArgs =
            Stream.of("", "1", "1", "g", "0", "1", "1000000")
                .map(arg -> arg.getBytes(StandardCharsets.US_ASCII))
                .toList();
      }
    } else {
      ProxyManager<byte[]> proxies =
          Bucket4jJedis.casBasedBuilder(redis)
              .expirationAfterWrite(
                  ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
              .build();
      BucketConfiguration config =
          BucketConfiguration.builder()
              .addLimit(
                  limit ->
                      perSecond == 0
                          ? limit.capacity(10).refillGreedy(10, Duration.ofMinutes(1))
                          : limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
              .build();
      buckets = new BucketProxy[keyCount];
      for (int i = 0; i < keyCount; i++) {
        buckets[i] = proxies.builder().build(names[i].getBytes(StandardCharsets.UTF_8), config);
      }
    }
  }

  /** Per thread: its key stream and its decision count. */
  @State(Scope.Thread)
  public static class Caller {
    SplittableRandom random;
    long[] made;

    @Setup(Level.Trial)
    public void setUp(RedisRateLimiterBenchmark benchmark) {
      random = new SplittableRandom(System.identityHashCode(this));
      made = new long[1];
      benchmark.decisions.add(made);
    }
  }

  @Benchmark
  public boolean decide(Caller caller) {
    int key = keyCount == 1 ? 0 : caller.random.nextInt(keyCount);
    caller.made[0]++;
    if (bulwark != null) {
      return async
          ? bulwark.tryAcquireDecisionAsync(names[key], 1).toCompletableFuture().join().allowed()
          : bulwark.tryAcquire(names[key]);
    }
    if (hierarchy != null) {
      return hierarchy.tryAcquire("api", names[key]);
    }
    if (floorSha != null) {
      return redis.evalsha(floorSha, floorKeys.get(key), floorArgs) != null;
    }
    return buckets[key].tryConsume(1);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    long made = 0;
    for (long[] count : decisions) {
      made += count[0];
    }
    try (Jedis admin = new Jedis(address)) {
      String stats = admin.info("commandstats");
      System.out.println(
          "\n" + impl + "/" + keys + ": " + made + " decisions, Redis ran "
              + ran(stats, "evalsha") + " EVALSHA, " + ran(stats, "eval") + " EVAL, "
              + ran(stats, "get") + " GET (GETs inside scripts included)");
    }
    if (async) {
      System.out.println(
          "async/" + keys + ": " + decisions.size() + " caller threads, " + flushThreads.size()
              + " executor thread(s) ran the flushes: " + (decisions.size() + flushThreads.size())
              + " threads in all");
    }
    if (flushes != null) {
      flushes.shutdownNow();
    }
    redis.close();
    if (server != null) {
      server.stop();
    }
  }

  /** How many times Redis ran {@code command} during the trial. */
  private long ran(String statsAfter, String command) {
    return calls(statsAfter, command) - calls(statsBefore, command);
  }

  /** The {@code calls} of a command's line in INFO commandstats. */
  private static long calls(String commandStats, String command) {
    String prefix = "cmdstat_" + command + ":calls=";
    for (String line : commandStats.split("\r?\n", -1)) {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.substring(prefix.length(), line.indexOf(',', prefix.length())));
      }
    }
    return 0;
  }
}
