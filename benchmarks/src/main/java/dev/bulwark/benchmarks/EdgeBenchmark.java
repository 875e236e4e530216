package dev.bulwark.benchmarks;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRequest;
import dev.bulwark.http.EdgeResponse;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.micrometer.EdgeBinder;
import dev.bulwark.micrometer.EdgeMetrics;
import dev.bulwark.validation.InputPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The whole http-edge chain per request, without I/O: what an adapter adds to every request.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.EdgeBenchmark -prof gc
 * </pre>
 *
 * <p>Per operation, both variants create the request view an adapter would: {@code GET
 * /api/search?q=hello} with 5 headers (Host, User-Agent, Accept, Accept-Encoding, Connection) from
 * the next of {@value #CLIENTS} pre-generated client IPs. {@code adapter}:
 * <ul>
 *   <li>{@code none}: only the view, the baseline an adapter pays anyway;
 *   <li>{@code bulwark}: the view, then {@code edge.begin(view)}, {@code writeHeaders} into a
 *       reusable no-op response, and {@code complete(200)}. The route has a keyed rate limit per
 *       client IP (1000/second, so every request is admitted: this measures the admitted path),
 *       query validation with {@link InputPolicy#forQueries()} (SQL-injection and XSS detectors
 *       on), a circuit breaker with the default config, and the {@link SecurityHeaders#api()}
 *       headers;
 *   <li>{@code metered}: the same, on an edge whose listener is micrometer-metrics'
 *       {@code EdgeMetrics} bound to a {@link SimpleMeterRegistry}: each request is counted by
 *       route, outcome and status, timed (a {@code Timer} with SLO buckets at 3 s and 5 s) and its
 *       body sizes recorded (two {@code DistributionSummary}s), as issue #19 asks.
 * </ul>
 * Both edge variants complete with {@code complete(200, -1, 512)}: the request's size is the
 * declared 0, the response's 512 bytes.
 * The IPs are touched once in the set-up, so every client already has its bucket: the common case
 * of returning clients. Each thread walks the IP array from its own offset, and prints at the end
 * of a trial how many of its requests were admitted (warm-up included): {@code admitted N of M}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EdgeBenchmark {

  static final int CLIENTS = 10_000;
  private static final long SEED = 0xED6EL;

  private static final String[] HEADER_NAMES = {
    "Host", "User-Agent", "Accept", "Accept-Encoding", "Connection"
  };
  private static final String[] HEADER_VALUES = {
    "api.example.com",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "application/json",
    "gzip, deflate, br",
    "keep-alive"
  };

  /** What runs per request. */
  @Param({"none", "bulwark", "metered"})
  public String adapter;

  private String[] ips;
  private Edge edge;
  private boolean runEdge;
  private final NoopResponse response = new NoopResponse();
  private MeterRegistry registry;
  private EdgeMetrics binder;

  /** Each thread's position in the IP array and its counts. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long admitted;
    long calls;

    /**
     * Starts each thread at its own offset.
     *
     * @param thread the thread's index
     */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = thread.getThreadIndex() * (CLIENTS / Math.max(1, thread.getThreadCount()));
    }

    /** Prints how many of this thread's requests were admitted (warm-up included). */
    @TearDown(Level.Trial)
    public void report() {
      if (calls > 0) {
        System.out.printf("admitted %d of %d%n", admitted, calls);
      }
    }
  }

  /** Generates the IPs and builds the edge with every client already known to the limiter. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(SEED);
    ips = new String[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
      ips[i] = String.format(Locale.ROOT, "10.%d.%d.%d",
          random.nextInt(256), random.nextInt(256), 1 + random.nextInt(254));
    }
    EdgeBuilder builder = Edge.builder();
    if (adapter.equals("metered")) {
      EdgeMetrics metrics = EdgeMetrics.builder()
          .serviceLevelObjectives(Duration.ofSeconds(3), Duration.ofSeconds(5)).build();
      builder.listener(metrics);
      registry = new SimpleMeterRegistry();
      binder = metrics;
    }
    edge = builder
        .securityHeaders(SecurityHeaders.api())
        .route(Route.builder("/api/search")
            .name("search")
            .methods("GET")
            .rateLimit(RateLimitGate.of("1000/second"))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.defaults()))
            .build())
        .build();
    runEdge = !adapter.equals("none");
    if (binder != null) {
      EdgeBinder.of(edge, binder).bindTo(registry);
    }
    for (String ip : ips) {
      edge.begin(new SearchRequest(ip)).complete(200);
    }
  }

  /**
   * One request through the chain (or only its view, for {@code none}).
   *
   * @param cursor this thread's cursor
   * @return the exchange, or the view
   */
  @Benchmark
  public Object request(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == CLIENTS ? 0 : i + 1;
    SearchRequest request = new SearchRequest(ips[i]);
    if (!runEdge) {
      return request;
    }
    EdgeExchange exchange = edge.begin(request);
    cursor.calls++;
    if (exchange.admitted()) {
      cursor.admitted++;
      exchange.writeHeaders(response);
      exchange.complete(200, -1, 512);
    }
    return exchange;
  }

  /** A thin view, as an adapter builds over its framework's already parsed request. */
  static final class SearchRequest implements EdgeRequest {
    private final String peer;

    SearchRequest(String peer) {
      this.peer = peer;
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/search";
    }

    @Override
    public String rawQuery() {
      return "q=hello";
    }

    @Override
    public String header(String name) {
      for (int i = 0; i < HEADER_NAMES.length; i++) {
        if (HEADER_NAMES[i].equalsIgnoreCase(name)) {
          return HEADER_VALUES[i];
        }
      }
      return null;
    }

    @Override
    public List<String> headers(String name) {
      String value = header(name);
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public List<String> headerNames() {
      return new ArrayList<>(List.of(HEADER_NAMES));
    }

    @Override
    public String peerAddress() {
      return peer;
    }

    @Override
    public boolean secure() {
      return false;
    }

    @Override
    public long contentLength() {
      return -1;
    }
  }

  /** A response that drops every header; it counts them so the writes are not dead code. */
  static final class NoopResponse implements EdgeResponse {
    int writes;

    @Override
    public void setHeader(String name, String value) {
      writes++;
    }

    @Override
    public void addHeader(String name, String value) {
      writes++;
    }

    @Override
    public boolean containsHeader(String name) {
      return false;
    }

    @Override
    public void removeHeader(String name) {
      writes++;
    }
  }
}
