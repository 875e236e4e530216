package dev.bulwark.benchmarks.server;

/** A running benchmark server: its application port and how to stop it. */
interface BenchServer extends AutoCloseable {

  /**
   * Returns the port {@code GET /api/hello} is served on.
   *
   * @return the bound port
   */
  int port();

  /**
   * Returns the application, whose answered requests the status endpoint reports.
   *
   * @return the application
   */
  HelloApp app();

  /**
   * Stops the server and waits for its threads.
   *
   * @throws IllegalStateException if stopping fails or is interrupted (the interrupt flag is kept)
   */
  @Override
  void close();
}
