package dev.bulwark.headers.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.headers.ResponseHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One web origin for the browser proof: a JDK {@link HttpServer} on {@code 127.0.0.1} and an
 * ephemeral port, routing exact paths to handlers. Distinct ports are distinct origins.
 */
final class Site implements AutoCloseable {

  /** Handles one request. */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;

  Site(Map<String, Handler> routes) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Handler handler = routes.get(exchange.getRequestURI().getPath());
            if (handler == null) {
              send(exchange, 404, List.of(), "text/plain", "not found");
            } else {
              handler.handle(exchange);
            }
          }
        });
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
  }

  /** Returns the origin, such as {@code http://127.0.0.1:41234}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static void send(
      HttpExchange exchange, int status, List<ResponseHeader> headers, String type, String body)
      throws IOException {
    for (ResponseHeader h : headers) {
      exchange.getResponseHeaders().add(h.name(), h.value());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
