package dev.bulwark.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.http.client.ResilientHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * The overhead of {@link ResilientHttpClient} on a successful call: a GET to a local JDK
 * {@code HttpServer} answering {@code 200 ok}, sent by a bare {@link HttpClient} ({@code bare}) and
 * by the resilient client wrapping the same {@code HttpClient} with
 * {@link HttpPolicy#defaults()} (retry with budget, breaker, per-attempt and overall timeouts:
 * {@code bulwark}); {@code bareWithTimeout} is the bare client sending a request that carries a
 * 10 s timeout, as each of the resilient client's attempts does, to show what the JDK's request
 * timer costs by itself. All read the body as a String over one kept-alive HTTP/1.1 connection; the
 * server sets TCP_NODELAY ({@code sun.net.httpserver.nodelay}), or delayed ACKs would dominate.
 *
 * <p>The {@code stub} rows send through {@link StubHttpClient}, which answers at once without a
 * network: their difference is the resilient client's own cost per call, which the {@code local}
 * rows put in proportion to a real (loopback) round trip.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HttpClientBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 * The target (issue #23) is {@code bulwark <= 1.05 x bare}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class HttpClientBenchmark {

  /** The client under test. */
  @Param({"bare", "bareWithTimeout", "bulwark"})
  public String impl;

  /** What answers: a local JDK server over loopback, or {@link StubHttpClient} (no network). */
  @Param({"local", "stub"})
  public String server;

  private HttpServer httpServer;
  private HttpClient http;
  private ResilientHttpClient resilient;
  private HttpRequest request;
  private HttpRequest timedRequest;

  /** Starts the server and checks that both clients get its answer. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK, and every call takes about 40 ms of waiting instead of tens of microseconds.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    httpServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
    httpServer.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    httpServer.start();
    http = "stub".equals(server)
        ? new StubHttpClient()
        : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    resilient = ResilientHttpClient.builder(http).policy(HttpPolicy.defaults()).build();
    request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpServer.getAddress().getPort() + "/ok")).GET().build();
    timedRequest = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(10)).GET().build();
    if (!"ok".equals(call())) {
      throw new IllegalStateException(impl + " did not get the server's answer");
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    httpServer.stop(0);
  }

  /**
   * One successful call.
   *
   * @return the body
   * @throws IOException never, with the local server up
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  public String call() throws IOException, InterruptedException {
    if ("bare".equals(impl)) {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
    if ("bareWithTimeout".equals(impl)) {
      return http.send(timedRequest, HttpResponse.BodyHandlers.ofString()).body();
    }
    return resilient.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
