package dev.bulwark.examples;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspDirective;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link DemoApp} with the JDK's built-in HTTP server ({@code com.sun.net.httpserver})
 * and <em>no edge</em>: no rate or concurrency limits, no input validation, no CORS, no security
 * headers, except a nonce-based Content-Security-Policy on the dashboard page so that its inline
 * script and style run as they will behind the edge. The client IP is the TCP peer.
 *
 * <p>It is how {@link DemoMain} serves until the servlet and Netty adapters are wired in (then it
 * is no longer needed), and how tests run the traffic scenario against the real app. Handlers
 * complete asynchronously; the response is written on the server's small pool, never on the
 * app's scheduler. Bodies above {@value #MAX_BODY_BYTES} bytes (the demo's largest route limit)
 * get a 413 without reaching the app.
 */
final class JdkDemoServer implements DemoServer {

  private static final Logger LOG = LoggerFactory.getLogger(JdkDemoServer.class);

  /** The largest request body read, the demo's largest route limit (documents, 10 MB). */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  private static final ContentSecurityPolicy DASHBOARD_CSP =
      ContentSecurityPolicy.builder()
          .directive(CspDirective.DEFAULT_SRC, "'self'")
          .nonce(CspDirective.SCRIPT_SRC)
          .nonce(CspDirective.STYLE_SRC)
          .directive(CspDirective.OBJECT_SRC, "'none'")
          .directive(CspDirective.BASE_URI, "'none'")
          .directive(CspDirective.FRAME_ANCESTORS, "'none'")
          .build();

  private final HttpServer server;
  private final ExecutorService pool;
  private final int maxBodyBytes;
  private final DemoApp app;
  private final List<String> notes;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private JdkDemoServer(HttpServer server, ExecutorService pool, DemoApp app, List<String> notes, int maxBodyBytes) {
    this.server = server;
    this.pool = pool;
    this.maxBodyBytes = maxBodyBytes;
    this.app = app;
    this.notes = List.copyOf(notes);
  }

  /** The {@link DemoServer.Factory} form: 127.0.0.1 and the options' port. */
  static JdkDemoServer start(DemoOptions options, DemoApp app) throws IOException {
    List<String> notes = new ArrayList<>();
    notes.add("serving with the JDK's built-in HTTP server and no edge: no limits, validation, CORS"
        + " or security headers (the servlet and Netty adapters are not wired in yet)");
    if (options.netty()) {
      notes.add("--netty is ignored: the Netty adapter is not wired in yet");
    }
    if (options.redisUrl() != null) {
      notes.add("--redis / REDIS_URL is ignored: this server applies no rate limits");
    }
    if (options.config() != null) {
      notes.add("--config is ignored: this server reads no policy file");
    }
    if (!options.trustedProxies().isEmpty()) {
      notes.add("--trusted-proxies is ignored: this server keys on the peer address only");
    }
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), app, notes, MAX_BODY_BYTES);
  }

  /** Starts a server on {@code address}; port 0 picks a free one. */
  static JdkDemoServer start(InetSocketAddress address, DemoApp app, List<String> notes, int maxBodyBytes)
      throws IOException {
    HttpServer server = HttpServer.create(address, 128);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread t = new Thread(task, "demo-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    JdkDemoServer demo = new JdkDemoServer(server, pool, app, notes, maxBodyBytes);
    server.createContext("/", demo::exchange);
    server.setExecutor(pool);
    server.start();
    return demo;
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public List<String> notes() {
    return notes;
  }

  @Override
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      server.stop(0);
      pool.shutdownNow();
      closed.countDown();
    }
  }

  private void exchange(HttpExchange ex) {
    String routeKey = null;
    try {
      URI uri = ex.getRequestURI();
      String path = uri.getPath();
      if (path == null || !path.startsWith("/")) {
        write(ex, Problem.of(400, "the request target must be an absolute path"), null, null);
        return;
      }
      routeKey = app.routeKey(ex.getRequestMethod(), path);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(maxBodyBytes + 1);
      }
      if (body.length > maxBodyBytes) {
        write(ex, Problem.of(413, "the body exceeds " + maxBodyBytes + " bytes"), routeKey, null);
        return;
      }
      String nonce = path.equals("/") ? DASHBOARD_CSP.newNonce() : null;
      DemoRequest.Builder request =
          DemoRequest.builder(ex.getRequestMethod(), path, ex.getRemoteAddress().getAddress())
              .query(QueryStrings.decode(uri.getRawQuery()))
              .body(body, ex.getRequestHeaders().getFirst("Content-Type"));
      if (nonce != null) {
        request.cspNonce(nonce);
      }
      String key = routeKey;
      app.handle(request.build())
          .whenCompleteAsync(
              (response, error) ->
                  write(ex, response != null ? response : Problem.of(500, "no response"), key, nonce),
              pool);
    } catch (IllegalArgumentException e) {
      write(ex, Problem.of(400, "malformed request: " + e.getMessage()), routeKey, null);
    } catch (IOException | RuntimeException e) {
      LOG.debug("request failed", e);
      ex.close();
    }
  }

  /** Counts the response (before the client can see it), then writes it and closes the exchange. */
  private void write(HttpExchange ex, DemoResponse response, @Nullable String routeKey, @Nullable String nonce) {
    app.record(routeKey, response.status());
    try (ex) {
      Headers headers = ex.getResponseHeaders();
      response.contentType().ifPresent(type -> headers.set("Content-Type", type));
      for (Map.Entry<String, String> h : response.headers().entrySet()) {
        headers.set(h.getKey(), h.getValue());
      }
      if (nonce != null) {
        headers.set(DASHBOARD_CSP.headerName(), DASHBOARD_CSP.headerValue(nonce));
      }
      byte[] body = response.body();
      ex.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("writing the response failed", e);
    }
  }
}
