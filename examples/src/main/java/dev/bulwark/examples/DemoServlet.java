package dev.bulwark.examples;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link DemoApp} behind the servlet adapter's {@link BulwarkFilter}, without ever
 * holding a container thread while the app works: each request goes asynchronous at once
 * ({@link AsyncContext}), its body is read with a non-blocking {@link ReadListener}, the app's
 * stage completes on whatever thread finishes the work (the scheduler, for {@code /api/chat} and
 * {@code /api/stream}), and the response is written on a container thread
 * ({@link AsyncContext#start}). The filter has already written the edge's headers (security
 * headers, CSP nonce, CORS, RateLimit); the servlet adds the app's status, content type, headers
 * and body, and never resets the response.
 *
 * <p>Every response is counted ({@link DemoApp#record}) before it is written, so a client that
 * has its answer also finds it in {@code /api/state}. A body above {@value #MAX_BODY_BYTES} bytes
 * (the largest route limit; the edge refuses larger declared lengths per route, this catches
 * chunked bodies) gets a 413. A request still unanswered after {@value #TIMEOUT_MILLIS} ms (longer
 * than the chat pipeline's 30 s timeout) gets a 503 and its work is cancelled, as when the client
 * goes away.
 */
final class DemoServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DemoServlet.class);

  /** The largest body read: the demo's largest route limit (documents, 10 MiB). */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** How long a request may take before it is answered with a 503. */
  static final long TIMEOUT_MILLIS = 45_000;

  /** The app; servlets are serializable in principle, this one never is. */
  private final transient DemoApp app;

  DemoServlet(DemoApp app) {
    this.app = app;
  }

  /** The decoded path the app routes on: the servlet is mapped to {@code /*}. */
  static String path(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null || info.isEmpty() ? "/" : info;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Exchange exchange = new Exchange(request, response, request.startAsync());
    exchange.start();
  }

  /** One request on its way through the app: reads the body, calls the app, writes the answer. */
  private final class Exchange implements ReadListener, AsyncListener {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final @Nullable String routeKey;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private volatile @Nullable CompletableFuture<DemoResponse> work;

    Exchange(HttpServletRequest request, HttpServletResponse response, AsyncContext async) {
      this.request = request;
      this.response = response;
      this.async = async;
      this.routeKey = app.routeKey(request.getMethod(), path(request));
    }

    void start() throws IOException {
      async.setTimeout(TIMEOUT_MILLIS);
      async.addListener(this);
      if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
        request.getInputStream().setReadListener(this);
      } else {
        dispatch(new byte[0]);
      }
    }

    @Override
    public void onDataAvailable() throws IOException {
      ServletInputStream in = request.getInputStream();
      while (!answered.get() && in.isReady() && !in.isFinished()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        body.write(buffer, 0, n);
        if (body.size() > MAX_BODY_BYTES) {
          answer(DemoResponse.problem(413, "the body exceeds " + MAX_BODY_BYTES + " bytes")
              .withHeader("Connection", "close"));
          return;
        }
      }
    }

    @Override
    public void onAllDataRead() {
      if (!answered.get()) {
        dispatch(body.toByteArray());
      }
    }

    @Override
    public void onError(Throwable failure) {
      // Reading the body failed: the client is gone or sent a malformed body.
      LOG.debug("reading the request body failed", failure);
      answer(DemoResponse.problem(400, "the request body could not be read"));
    }

    // The completion hook's dependent stage is not needed: the hook catches what it can throw.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void dispatch(byte[] bytes) {
      DemoRequest demoRequest;
      try {
        demoRequest = demoRequest(bytes);
      } catch (IllegalArgumentException e) {
        answer(DemoResponse.problem(400, "malformed request: " + e.getMessage()));
        return;
      }
      CompletableFuture<DemoResponse> stage = app.handle(demoRequest).toCompletableFuture();
      work = stage;
      stage.whenComplete(
          (r, error) -> {
            DemoResponse answer = r != null ? r : DemoResponse.problem(500, "no response");
            try {
              async.start(() -> answer(answer));
            } catch (IllegalStateException e) {
              // The request timed out or failed meanwhile: it was answered or is gone.
            }
          });
    }

    private DemoRequest demoRequest(byte[] bytes) {
      Object exchange = request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
      return DemoRequest.received(request.getMethod(), path(request), request.getQueryString(), bytes,
          request.getContentType(), peer(request), exchange instanceof EdgeExchange ? (EdgeExchange) exchange : null);
    }

    /** Counts and writes the answer, once; later calls do nothing. */
    private void answer(DemoResponse answer) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      app.record(routeKey, answer.status());
      try {
        response.setStatus(answer.status());
        answer.contentType().ifPresent(response::setContentType);
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
          response.setHeader(h.getKey(), h.getValue());
        }
        byte[] bytes = answer.body();
        response.setContentLength(bytes.length);
        if (bytes.length > 0) {
          ServletOutputStream out = response.getOutputStream();
          out.write(bytes);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("writing the response failed", e);
      } finally {
        async.complete();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      cancelWork();
      answer(DemoResponse.problem(503, "the request took longer than " + TIMEOUT_MILLIS / 1000 + " s"));
    }

    @Override
    public void onError(AsyncEvent event) {
      cancelWork();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      cancelWork(); // nothing left to cancel unless the client went away first
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }

    private void cancelWork() {
      CompletableFuture<DemoResponse> w = work;
      if (w != null && !w.isDone()) {
        w.cancel(true);
      }
    }
  }

  /** The TCP peer: the container's literal address (no DNS), without brackets or zone. */
  static InetAddress peer(HttpServletRequest request) {
    String literal = request.getRemoteAddr();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    return DemoRequest.address(literal);
  }
}
