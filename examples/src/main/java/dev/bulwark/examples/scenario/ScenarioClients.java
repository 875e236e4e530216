package dev.bulwark.examples.scenario;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty {@link HttpClient} per source address, all sharing one thread pool and one scheduler.
 * Jetty's client is used because it can bind its connections to a source address
 * ({@link HttpClient#setBindAddress}); {@code java.net.http.HttpClient} cannot. Clients are created
 * on first use; {@link #close} stops them all. Thread-safe.
 */
final class ScenarioClients implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioClients.class);

  private final QueuedThreadPool pool;
  private final ScheduledExecutorScheduler scheduler;
  private final Map<String, HttpClient> clients = new LinkedHashMap<>();

  ScenarioClients() throws IOException {
    pool = new QueuedThreadPool(64, 4);
    pool.setName("scenario-http");
    pool.setDaemon(true);
    scheduler = new ScheduledExecutorScheduler("scenario-http-scheduler", true);
    try {
      pool.start(); // started here, so the clients leave it running when they stop
      scheduler.start();
    } catch (Exception e) {
      close();
      throw new IOException("cannot start the scenario's HTTP client threads", e);
    }
  }

  /**
   * Returns the client that sends from {@code address}, creating and starting it on first use.
   *
   * @param address the source address, or null to let the system choose
   * @param userAgent the User-Agent of a new client
   */
  synchronized HttpClient client(@Nullable String address, String userAgent) throws IOException {
    String key = address == null ? "" : address;
    HttpClient existing = clients.get(key);
    if (existing != null) {
      return existing;
    }
    HttpClient client = new HttpClient();
    client.setExecutor(pool);
    client.setScheduler(scheduler);
    client.setFollowRedirects(false);
    client.setConnectTimeout(5_000);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
    if (address != null) {
      client.setBindAddress(new InetSocketAddress(InetAddress.getByName(address), 0));
    }
    try {
      client.start();
    } catch (Exception e) {
      throw new IOException("cannot start an HTTP client bound to " + key, e);
    }
    clients.put(key, client);
    return client;
  }

  /** Whether a socket can be bound to {@code address} (a literal: no DNS). */
  static boolean canBind(String address) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    for (HttpClient c : clients.values()) {
      stop(c);
    }
    clients.clear();
    stop(scheduler);
    stop(pool);
  }

  private static void stop(org.eclipse.jetty.util.component.LifeCycle component) {
    try {
      component.stop();
    } catch (Exception e) {
      LOG.debug("stopping {} failed", component, e);
    }
  }
}
