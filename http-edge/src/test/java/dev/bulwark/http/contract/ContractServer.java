package dev.bulwark.http.contract;

/**
 * A running server that an adapter test started for {@link EdgeAdapterContract}: the contract app
 * behind the adapter, listening on {@code 127.0.0.1}.
 */
public interface ContractServer extends AutoCloseable {

  /**
   * Returns the port the server listens on.
   *
   * @return the bound port (the server was asked for port 0)
   */
  int port();

  /**
   * Stops the server and waits until its threads are gone, so that no server outlives its test.
   *
   * @throws Exception if stopping fails
   */
  @Override
  void close() throws Exception;
}
