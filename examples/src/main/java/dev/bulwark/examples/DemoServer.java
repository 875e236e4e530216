package dev.bulwark.examples;

import java.io.IOException;
import java.util.List;

/**
 * A running HTTP server that serves a {@link DemoApp}: what {@link DemoMain} starts through a
 * {@link Factory}. {@link JdkDemoServer} serves the app with the JDK's built-in server and no edge;
 * servers over the servlet (Jetty) and Netty adapters, with the edge, implement the same interface.
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
     * Starts a server for the app, on 127.0.0.1 and the options' port.
     *
     * @param options the command line
     * @param app the app to serve
     * @return the running server
     * @throws IOException if the server cannot listen
     */
    DemoServer start(DemoOptions options, DemoApp app) throws IOException;
  }
}
