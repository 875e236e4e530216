package dev.bulwark.servlet;

import dev.bulwark.http.EdgeExchange;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Finishes an exchange whose request went asynchronous: {@code complete(status, ...)} when the async
 * response completes, {@code fail} when it times out or fails (a client that went away surfaces
 * here as an error). The container calls {@code onComplete} after {@code onTimeout} and
 * {@code onError} too; the exchange ignores every call after the first.
 *
 * <p>The sizes the exchange is told, without wrapping any response: the request body's bytes when
 * the filter counted a streamed body ({@link CountedBodyRequest}); the response body's bytes as the
 * container counted them where it can be asked (Jetty 12 ee10: what the application wrote through
 * the output stream or the writer, buffered or flushed, chunked or not, before any content coding
 * the server applies; see {@link JettyResponses}), else the response's {@code Content-Length} when it
 * is visible as the exchange ends (set by the application, or by the container once it committed an
 * asynchronous response), else -1. A response that has no body by HTTP's rules (to a {@code HEAD},
 * or a 1xx, 204 or 304) is 0. A body the container renders after the chain returned (the error page
 * of {@code sendError}) is not counted.
 */
final class OutcomeListener implements AsyncListener {

  private final EdgeExchange exchange;
  private final HttpServletResponse response;
  private final HttpServletRequest request;

  OutcomeListener(EdgeExchange exchange, HttpServletRequest request, HttpServletResponse response) {
    this.exchange = exchange;
    this.request = request;
    this.response = response;
  }

  /**
   * Finishes an exchange once the filter chain returned: now, or when the asynchronous response
   * the application started ends.
   *
   * @return whether the request is held asynchronously: it was asynchronous and this listener now
   *     waits for its end (the caller need not ask {@code isAsyncStarted()} again, which takes
   *     Jetty's request lock); false when the exchange was finished now
   */
  static boolean finish(EdgeExchange exchange, HttpServletRequest request, HttpServletResponse response) {
    if (request.isAsyncStarted()) {
      try {
        request.getAsyncContext().addListener(new OutcomeListener(exchange, request, response));
        return true;
      } catch (IllegalStateException completedMeanwhile) {
        // Another thread completed the async response between the two calls: it is done.
      }
    }
    complete(exchange, request, response);
    return false;
  }

  /** Completes the exchange with the response's status and the sizes known. */
  static void complete(EdgeExchange exchange, HttpServletRequest request, HttpServletResponse response) {
    long requestBytes = request instanceof CountedBodyRequest ? ((CountedBodyRequest) request).bytesRead() : -1;
    int status = status(response);
    exchange.complete(status, requestBytes, responseBytes(request, response, status));
  }

  /**
   * The response body's size as the class describes: 0 for a response without a body, else the
   * container's count, else the declared {@code Content-Length}, else -1.
   */
  static long responseBytes(HttpServletRequest request, HttpServletResponse response, int status) {
    if (status < 200 || status == 204 || status == 304 || "HEAD".equals(request.getMethod())) {
      return 0;
    }
    if (JettyEe10.AVAILABLE) {
      long written = JettyResponses.bytesWritten(request);
      if (written >= 0) {
        return written;
      }
    }
    return contentLength(response);
  }

  /** The response's declared {@code Content-Length}, or -1 when it has none (or not a number). */
  static long contentLength(HttpServletResponse response) {
    String length = response.getHeader("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(length.trim());
      return n >= 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The response's status, or 500 for one no HTTP response can carry. */
  static int status(HttpServletResponse response) {
    int status = response.getStatus();
    return status >= 100 && status <= 599 ? status : 500;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    complete(exchange, request, response);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    Throwable cause = event.getThrowable();
    exchange.fail(cause != null ? cause : new TimeoutException("the asynchronous request timed out"));
  }

  @Override
  public void onError(AsyncEvent event) {
    Throwable cause = event.getThrowable();
    exchange.fail(cause != null ? cause : new IOException("the asynchronous request failed"));
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new asynchronous cycle drops the listeners of the last one: stay registered.
    event.getAsyncContext().addListener(this);
  }
}
