package dev.bulwark.examples;

import java.io.IOException;
import java.util.List;

/**
 * A running HTTP server that serves a {@link DemoGateway} (its edge in front of its app): what
 * {@link DemoMain} starts through a {@link Factory}. Jetty through the servlet adapter serves it by
 * default, Netty through the Netty adapter with {@code --netty}.
 */
public interface DemoServer extends AutoCloseable {

  /**
   * Returns the port the server listens on at 127.0.0.1.
   *
   * @return the port; the chosen one when started with port 0
   */
  int port();

  /**
   * Returns remarks for the user about how this server honours the options, printed at start.
   *
   * @return remarks, possibly none
   */
  default List<String> notes() {
    return List.of();
  }

  /**
   * Blocks until {@link #close()} is called (by a shutdown hook, for example).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void awaitClose() throws InterruptedException;

  /** Stops the server; idempotent. Requests in flight may be cut off. */
  @Override
  void close();

  /** Starts a {@link DemoServer}. */
  @FunctionalInterface
  interface Factory {
    /**
     * Starts a server for the gateway, on 127.0.0.1 and the options' port.
     *
     * @param options the command line
     * @param gateway the edge and the app to serve
     * @return the running server
     * @throws IOException if the server cannot listen
     */
    DemoServer start(DemoOptions options, DemoGateway gateway) throws IOException;
  }
}
