package dev.bulwark.examples;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * A private {@code redis-server} for one test, on a free loopback port, empty, without persistence:
 * the binary on the PATH if there is one, else the one shipped in the embedded-redis jar (as
 * ratelimit-redis's tests do), so the build needs nothing installed. Never a shared server: the
 * demo's limits live 15 minutes in Redis, and a test must not meet a previous run's.
 */
final class LocalRedis implements AutoCloseable {

  private final int port;
  private final Process process;

  private LocalRedis(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static LocalRedis start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createDirectories(Path.of("target", "redis-logs"));
    Path log = Files.createTempFile(dir, "redis-" + port + "-", ".log");
    Process process = new ProcessBuilder(List.of(binary().getAbsolutePath(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    LocalRedis redis = new LocalRedis(port, process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!redis.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        redis.close();
        throw new IOException("redis-server on port " + port + " did not start; see " + log);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return redis;
  }

  private static File binary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator, -1)) {
        File candidate = new File(dir, "redis-server");
        if (candidate.isFile() && candidate.canExecute()) {
          return candidate;
        }
      }
    }
    return ExecutableProvider.newJarResourceProvider().get();
  }

  private boolean answers() {
    try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server as a crash would and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
