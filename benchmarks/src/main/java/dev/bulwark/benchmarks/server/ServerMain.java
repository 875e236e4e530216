package dev.bulwark.benchmarks.server;

/**
 * Starts one benchmark server in this JVM and runs until killed:
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.bulwark.benchmarks.server.ServerMain jetty|netty VARIANT PORT STATUS_PORT
 * </pre>
 * {@code VARIANT} is one of {@link Variant} in lower case ({@code bucket4j} on Jetty only). The
 * application answers {@code GET /api/hello?q=...} on {@code PORT} (127.0.0.1); {@link StatusEndpoint}
 * answers on {@code STATUS_PORT}. Prints {@code ready} once both listen. Used by
 * {@code benchmarks/server-bench.sh}.
 */
public final class ServerMain {

  private ServerMain() {}

  /**
   * Starts the server.
   *
   * @param args server, variant, port, status port
   * @throws Exception if the server cannot start; the message says why
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: ServerMain jetty|netty VARIANT PORT STATUS_PORT, got " + args.length + " arguments");
    }
    BenchServer server = start(args[0], Variant.parse(args[1]), Integer.parseInt(args[2]));
    StatusEndpoint status = StatusEndpoint.start(Integer.parseInt(args[3]), server.app());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      status.close();
      server.close();
    }));
    System.out.println("ready " + args[0] + " " + args[1] + " port=" + server.port()
        + " status=" + status.port());
    Thread.currentThread().join();
  }

  /**
   * Starts a server of one kind in this JVM.
   *
   * @param kind {@code "jetty"} or {@code "netty"}
   * @param variant what is in front of the application
   * @param port the port, or 0 for an ephemeral one
   * @return the running server
   * @throws IllegalArgumentException for an unknown kind, or {@code bucket4j} on Netty
   * @throws Exception if the server cannot start
   */
  static BenchServer start(String kind, Variant variant, int port) throws Exception {
    switch (kind) {
      case "jetty":
        return JettyBench.start(variant, port);
      case "netty":
        return NettyBench.start(variant, port);
      default:
        throw new IllegalArgumentException("unknown server '" + kind + "'; expected jetty or netty");
    }
  }
}
