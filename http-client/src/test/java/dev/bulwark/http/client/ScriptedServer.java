package dev.bulwark.http.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real local HTTP server (the JDK's) that answers from a script, one step per request, then 200
 * {@code ok N} for every further request. It records what it received.
 */
final class ScriptedServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Received(String method, String body, int remotePort, Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Released by {@link #close()}: a {@link #hang()} step waits on it. */
  private final CountDownLatch release = new CountDownLatch(1);

  private interface Step {
    void answer(HttpExchange exchange) throws IOException;
  }

  ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The pipeline key of this server's URIs. */
  String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next request with a status, headers (name, value, ...) and body {@code status N}. */
  ScriptedServer status(int status, String... headers) {
    script.add(exchange -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      send(exchange, status, "status " + status);
    });
    return this;
  }

  /** Closes the next request's connection without an answer (the client sees an I/O failure). */
  ScriptedServer reset() {
    script.add(HttpExchange::close);
    return this;
  }

  /** Holds the next request without answering until the server is closed. */
  ScriptedServer hang() {
    script.add(exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    return this;
  }

  List<Received> received() {
    return received;
  }

  int count() {
    return received.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    received.add(new Received(exchange.getRequestMethod(), body,
        exchange.getRemoteAddress().getPort(), Map.copyOf(exchange.getRequestHeaders())));
    Step step = script.poll();
    if (step == null) {
      send(exchange, 200, "ok " + received.size());
    } else {
      step.answer(exchange);
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
