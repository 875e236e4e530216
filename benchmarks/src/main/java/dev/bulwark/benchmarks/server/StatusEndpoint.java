package dev.bulwark.benchmarks.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A tiny HTTP endpoint on its own port, outside the server under test: {@code GET /} answers one
 * line of {@code key=value} pairs read from this JVM, such as
 * {@code requests=120 cpu_ns=3500000 alloc_bytes=880000 gc_count=2 gc_ms=5 jit_ticks=3}. The script reads it
 * before and after each round; the differences divided by the requests give CPU and allocation
 * per request.
 *
 * <ul>
 *   <li>{@code requests}: answered by the application ({@link HelloApp#answered()});
 *   <li>{@code cpu_ns}: the process's CPU time, all threads, user and system
 *       ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()});
 *   <li>{@code alloc_bytes}: heap bytes allocated by all threads since start, including threads
 *       that have ended ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()});
 *   <li>{@code gc_count}, {@code gc_ms}: collections and their time, over all collectors;
 *   <li>{@code jit_ticks}: CPU time (user and system, in clock ticks, {@code getconf CLK_TCK})
 *       of the JIT compiler threads alive now, read from {@code /proc/self/task/*}{@code /stat}
 *       (threads named {@code C1 CompilerThre...} or {@code C2 CompilerThre...}); -1 where there
 *       is no {@code /proc}. Part of {@code cpu_ns}: compiling is a warm-up cost, not a
 *       per-request one, so the summary also shows the CPU per request without it. A compiler
 *       thread that ends takes its ticks with it (the JVM starts and stops them on demand), which
 *       the summary shows as an unreadable difference rather than guessing.
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
        + " gc_ms=" + gcMillis
        + " jit_ticks=" + compilerTicks();
  }

  /**
   * Returns the CPU clock ticks (user + system) of this JVM's live JIT compiler threads, or -1
   * without a readable {@code /proc/self/task}.
   */
  static long compilerTicks() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path task : dirs) {
        ticks += compilerTicks(task.resolve("stat"));
      }
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
    return ticks;
  }

  /** The ticks of one thread's stat line if it is a compiler thread, else 0 (also if it ended). */
  private static long compilerTicks(Path stat) throws IOException {
    String line;
    try {
      line = Files.readString(stat, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return 0; // the thread ended between listing and reading
    }
    // pid (comm) state ppid ...: comm may hold spaces, so fields are counted after the last ')'.
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String comm = line.substring(open + 1, close);
    if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
      return 0;
    }
    // After ") ": state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
    return field(line, close + 2, 11) + field(line, close + 2, 12);
  }

  /** The {@code index}th (0-based) space-separated number of {@code line} from {@code from}. */
  private static long field(String line, int from, int index) {
    int start = from;
    for (int i = 0; i < index; i++) {
      start = line.indexOf(' ', start) + 1;
    }
    int end = line.indexOf(' ', start);
    return Long.parseLong(line.substring(start, end < 0 ? line.length() : end).trim());
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
