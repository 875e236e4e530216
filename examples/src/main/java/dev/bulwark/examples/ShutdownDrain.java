package dev.bulwark.examples;

import dev.bulwark.http.DrainResult;
import dev.bulwark.http.Edge;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The demo's shutdown hook (issue #19): on SIGTERM or Ctrl-C it drains the edge the server runs
 * then (after a {@code --config} reload, the reloaded one: new requests get
 * 503 with {@code Connection: close}; requests in flight and open WebSockets get up to the deadline
 * to finish, then the sockets are closed with 1001), says how the drain ended, and closes the
 * server. The deadline is {@value #ENV} seconds, 30 by default (the Go services' value).
 */
final class ShutdownDrain implements Runnable {

  /** The environment variable that sets the drain deadline, in whole seconds from 0 to 3600. */
  static final String ENV = "BULWARK_DRAIN_SECONDS";
  /** The deadline without {@value #ENV}. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** How long the sockets told to go away get to close before the server stops. */
  private static final Duration CLOSE_FRAMES = Duration.ofSeconds(1);

  private final Supplier<Edge> edge;
  private final DemoServer server;
  private final Duration deadline;
  private final PrintStream err;

  ShutdownDrain(Supplier<Edge> edge, DemoServer server, Duration deadline, PrintStream err) {
    this.edge = edge;
    this.server = server;
    this.deadline = deadline;
    this.err = err;
  }

  /**
   * Reads the deadline from the environment.
   *
   * @throws UsageException if {@value #ENV} is set but not an integer from 0 to 3600
   */
  static Duration deadline(Map<String, String> env) throws UsageException {
    String value = env.get(ENV);
    if (value == null || value.isBlank()) {
      return DEFAULT_DEADLINE;
    }
    String v = value.trim();
    if (v.length() > 4 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(v) > 3600) {
      throw new UsageException(ENV + " must be an integer from 0 to 3600 but was '" + value + "'");
    }
    return Duration.ofSeconds(Integer.parseInt(v));
  }

  @Override
  public void run() {
    try {
      Edge current = edge.get();
      DrainResult result = current.drain(deadline);
      if (result.connectionsClosed() > 0) {
        // Let the close frames go out before the server stops: wait (for the sockets to close,
        // not for a time) at most one more second.
        current.drain(CLOSE_FRAMES);
      }
      err.println(result.drained()
          ? "bulwark-demo: drained: nothing was left in flight"
          : "bulwark-demo: drain deadline of " + deadline.toSeconds() + " s passed: " + result.requestsLeft()
              + " request(s) still in flight, " + result.connectionsClosed() + " WebSocket(s) closed with 1001");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
  }
}
