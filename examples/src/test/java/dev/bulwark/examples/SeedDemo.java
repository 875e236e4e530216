package dev.bulwark.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A seed file served by the demo on a real server (Jetty or Netty) over a ManualTicker, with a
 * java.net.http client: the over-HTTP checks of docs/seeds.md.
 */
final class SeedDemo implements AutoCloseable {

  /** The two adapters a seed is checked on. */
  enum Adapter {
    JETTY,
    NETTY;

    RunningDemo.Server server() {
      return this == JETTY
          ? gateway -> JettyDemoServer.start("127.0.0.1", 0, gateway)
          : gateway -> NettyDemoServer.start("127.0.0.1", 0, gateway);
    }
  }

  /**
   * This demo's own client. A client shared by every test kept idle connections to servers that had
   * stopped; when a later test's server was given the same ephemeral port, its first request went
   * out on such a connection and failed with "header parser received no bytes" (seen once, JDK 25).
   */
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final RunningDemo demo;

  SeedDemo(Adapter adapter, char seed) throws Exception {
    this(adapter, seed, b -> {});
  }

  /** With more settings of the gateway, e.g. the command line's {@code --trusted-proxies}. */
  SeedDemo(Adapter adapter, char seed, java.util.function.Consumer<DemoGateway.Builder> more) throws Exception {
    demo = new RunningDemo(adapter.server(), b -> {
      b.configResource("seeds/seed-" + seed + ".yaml");
      more.accept(b);
    });
  }

  /** Sends a request; headers are name, value pairs. */
  HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(demo.url(path)))
        .timeout(Duration.ofSeconds(20))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, Map.of(), "");
  }

  HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    return send("GET", path, headers, "");
  }

  HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return send("POST", path, Map.of("Content-Type", "application/json"), body);
  }

  /** Stages an upstream outage (every call fails) or ends it. */
  void upstreamFails(boolean fails) throws IOException, InterruptedException {
    HttpResponse<String> r = postJson("/admin/upstream", "{\"failureRate\":" + (fails ? "1.0" : "0.0") + "}");
    if (r.statusCode() != 200) {
      throw new AssertionError("POST /admin/upstream: " + r.statusCode() + " " + r.body());
    }
  }

  void advance(Duration d) {
    demo.ticker.advance(d);
  }

  @Override
  public void close() {
    demo.close();
  }
}
