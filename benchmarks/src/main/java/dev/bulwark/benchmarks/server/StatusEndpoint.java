package dev.bulwark.benchmarks.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny HTTP endpoint on its own port, outside the server under test: {@code GET /} answers one
 * line of {@code key=value} pairs read from this JVM, such as
 * {@code requests=120 cpu_ns=3500000 alloc_bytes=880000 gc_count=2 gc_ms=5}. The script reads it
 * before and after each round; the differences divided by the requests give CPU and allocation
 * per request.
 *
 * <ul>
 *   <li>{@code requests}: answered by the application ({@link HelloApp#answered()});
 *   <li>{@code cpu_ns}: the process's CPU time, all threads, user and system
 *       ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()});
 *   <li>{@code alloc_bytes}: heap bytes allocated by all threads since start, including threads
 *       that have ended ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()});
 *   <li>{@code gc_count}, {@code gc_ms}: collections and their time, over all collectors.
 * </ul>
 * Reading it costs one request on a JDK thread, negligible beside a round of many thousands.
 */
final class StatusEndpoint implements AutoCloseable {

  private final HttpServer server;

  private StatusEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the endpoint on 127.0.0.1.
   *
   * @param port the port, or 0 for an ephemeral one
   * @param app the application whose answers are counted
   * @return the running endpoint
   * @throws IOException if the port cannot be bound
   */
  static StatusEndpoint start(int port, HelloApp app) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
    server.createContext("/", exchange -> {
      byte[] body = (snapshot(app) + "\n").getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new StatusEndpoint(server);
  }

  /**
   * Returns this JVM's counters as one line of {@code key=value} pairs.
   *
   * @param app the application whose answers are counted
   * @return the line, without a line break
   */
  static String snapshot(HelloApp app) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return "requests=" + app.answered()
        + " cpu_ns=" + os.getProcessCpuTime()
        + " alloc_bytes=" + threads.getTotalThreadAllocatedBytes()
        + " gc_count=" + gcCount
        + " gc_ms=" + gcMillis;
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
