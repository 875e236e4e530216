package dev.bulwark.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty HTTP clients bound to source addresses (127.0.0.N), one per address, so that a test plays
 * several client IPs against a demo on 127.0.0.1 (Linux routes all of 127.0.0.0/8 to loopback).
 * {@code java.net.http.HttpClient} cannot choose its source address.
 */
final class SourceClients implements AutoCloseable {

  private final Map<String, HttpClient> clients = new LinkedHashMap<>();

  /** The client that sends from {@code address}, started on first use. */
  synchronized HttpClient from(String address) throws Exception {
    HttpClient existing = clients.get(address);
    if (existing != null) {
      return existing;
    }
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("test-client-" + address);
    pool.setDaemon(true);
    HttpClient client = new HttpClient();
    client.setExecutor(pool);
    client.setFollowRedirects(false);
    client.setBindAddress(new InetSocketAddress(InetAddress.getByName(address), 0));
    client.setMaxConnectionsPerDestination(64);
    client.setRequestBufferSize(64 * 1024); // request lines of long queries
    client.start();
    clients.put(address, client);
    return client;
  }

  @Override
  public synchronized void close() throws Exception {
    for (HttpClient c : clients.values()) {
      c.stop();
    }
    clients.clear();
  }
}
