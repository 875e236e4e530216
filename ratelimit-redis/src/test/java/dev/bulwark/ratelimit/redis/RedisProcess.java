package dev.bulwark.ratelimit.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * One {@code redis-server} process started by the tests on a free loopback port: the binary on the
 * PATH if there is one, else the one shipped in the embedded-redis jar. It can be stopped (killed,
 * as a crash would) and started again on the same port, empty. Its command line and output go to
 * a directory of its own under {@code target/redis-logs}.
 */
final class RedisProcess implements AutoCloseable {

  private static final Object BINARY_LOCK = new Object();
  private static File binary;

  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private Process process;

  private RedisProcess(int port, List<String> extraArgs) throws IOException {
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    Path logs = Path.of("target", "redis-logs");
    Files.createDirectories(logs);
    this.dir = Files.createTempDirectory(logs, "redis-" + port + "-");
  }

  /** Starts a server on a free port, with extra {@code --name value} settings. */
  static RedisProcess launch(String... extraArgs) {
    try {
      RedisProcess server = new RedisProcess(freePort(), List.of(extraArgs));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The redis-server binary: from the PATH if present, else extracted from embedded-redis. */
  static File binary() throws IOException {
    synchronized (BINARY_LOCK) {
      if (binary == null) {
        binary = onPath();
        if (binary == null) {
          binary = ExecutableProvider.newJarResourceProvider().get();
        }
      }
      return binary;
    }
  }

  private static File onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      File candidate = new File(dir, "redis-server");
      if (candidate.isFile() && candidate.canExecute()) {
        return candidate;
      }
    }
    return null;
  }

  /** A port free now, whose cluster bus port (+10000) is free too. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (port + 10_000 > 65_535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket(port + 10_000)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port pair found");
  }

  /** Starts the process (again, empty) and waits until it answers PING. */
  void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary().getAbsolutePath());
    command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"));
    command.addAll(List.of("--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString()));
    command.addAll(extraArgs);
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + System.lineSeparator());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    Await.until(Duration.ofSeconds(20), "redis-server on port " + port + " to answer", this::answers);
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " exited; see " + dir);
    }
    try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  /** Kills the process as a crash would (SIGKILL), and waits for it to be gone. */
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("redis-server on port " + port + " did not die");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Kills and starts again on the same port: an empty server, without any script loaded. */
  void restartEmpty() throws IOException {
    kill();
    start();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  int port() {
    return port;
  }

  HostAndPort hostAndPort() {
    return new HostAndPort("127.0.0.1", port);
  }

  /** A plain connection to this server alone. */
  Jedis connect() {
    return new Jedis("127.0.0.1", port, 2_000);
  }

  @Override
  public void close() {
    kill();
  }

  @Override
  public String toString() {
    return "redis-server:" + port;
  }
}
