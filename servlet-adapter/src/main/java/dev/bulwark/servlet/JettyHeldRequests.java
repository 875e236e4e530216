package dev.bulwark.servlet;

import dev.bulwark.http.EdgeExchange;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.ee10.servlet.ServletChannelState;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.jspecify.annotations.Nullable;

/**
 * Ends an asynchronous request held past its connection's idle timeout, on Jetty 12 ee10, as
 * {@link HeldRequests} describes, and cancels its exchange when Jetty fails it.
 *
 * <h2>How a closed client is seen without reading</h2>
 * Jetty's HTTP/1.1 connection does not ask its selector to read while a request is being handled,
 * so nothing reads the client's end-of-stream. Reading it ourselves could consume the bytes of a
 * pipelined next request, which cannot be given back. Instead, at an idle timeout (when Jetty calls
 * the core request's idle-timeout listener, on one of its threads), the socket is registered, for
 * reading, with a selector of our own that lives only for this check (a channel may be registered
 * with several selectors; Jetty's own registration is untouched), polled once without waiting, and
 * asked how many bytes are readable ({@code FIONREAD}, which consumes nothing). Readable with none
 * to read means the end-of-stream or a reset arrived: the client is gone. Readable with bytes to
 * read means the client sent something nobody read yet: it may still be there, and the request is
 * kept. Not readable: connected. The check costs a selector's creation and a few system calls
 * (about 0.3 ms), once per idle timeout of a held request, never on the request path.
 *
 * <p>Only loaded when {@link JettyEe10#AVAILABLE}; the filter catches a {@link LinkageError} (Jetty's
 * core or I/O classes hidden from the application) and then adds nothing.
 */
final class JettyHeldRequests {

  private JettyHeldRequests() {}

  /**
   * Adds the idle-timeout and failure listeners to the Jetty request behind {@code request}, which
   * went asynchronous; does nothing when it is not a Jetty ee10 request or has completed already.
   *
   * @param exchange the request's exchange, cancelled when the request is ended or fails
   * @param request the request the filter passed on (or one it wraps)
   * @param policy {@link HeldRequests#END_IF_CLIENT_GONE} or {@link HeldRequests#END_IF_IDLE}
   */
  static void watch(EdgeExchange exchange, HttpServletRequest request, HeldRequests policy) {
    ServletContextRequest jetty = jettyRequest(request);
    if (jetty == null) {
      return;
    }
    // Cancelled here, before Jetty fails the request: its failure reaches the application's (and
    // OutcomeListener's) onError, which would record the timeout on the breaker as the route's failure.
    Predicate<TimeoutException> onIdle = timeout -> {
      if (held(jetty) && (policy == HeldRequests.END_IF_IDLE || clientGone(jetty))) {
        exchange.cancel();
        return true;
      }
      return false;
    };
    Consumer<Throwable> onFailure = failure -> exchange.cancel();
    try {
      jetty.addIdleTimeoutListener(onIdle);
      jetty.addFailureListener(onFailure);
    } catch (IllegalStateException completed) {
      // The application completed the request on another thread meanwhile: nothing to watch.
    }
  }

  /**
   * Whether no thread of the application runs the request: it waits, asynchronous, for the
   * application to complete or dispatch it (not while an {@code AsyncContext.dispatch()} runs).
   */
  private static boolean held(ServletContextRequest request) {
    return request.getServletRequestState().getState() == ServletChannelState.State.WAITING;
  }

  /** The Jetty ee10 request behind {@code request}, or null (another container, a test's stub). */
  private static @Nullable ServletContextRequest jettyRequest(ServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper) {
      r = ((ServletRequestWrapper) r).getRequest();
    }
    if (r instanceof ServletApiRequest
        && ((ServletApiRequest) r).getServletRequestInfo() instanceof ServletContextRequest) {
      return (ServletContextRequest) ((ServletApiRequest) r).getServletRequestInfo();
    }
    return null;
  }

  /**
   * Whether the client of an HTTP/1 request has closed its connection, seen without reading (see
   * the class description). False on HTTP/2 and later, where Jetty reads the connection itself, and
   * on a transport other than a socket channel.
   */
  static boolean clientGone(ServletContextRequest request) {
    HttpVersion version = request.getConnectionMetaData().getHttpVersion();
    if (version != HttpVersion.HTTP_1_0 && version != HttpVersion.HTTP_1_1) {
      return false;
    }
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    while (endPoint instanceof EndPoint.Wrapper) {
      endPoint = ((EndPoint.Wrapper) endPoint).unwrap();
    }
    if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
      return true;
    }
    if (!(endPoint instanceof SelectableChannelEndPoint)
        || !(((SelectableChannelEndPoint) endPoint).getChannel() instanceof SocketChannel)) {
      return false;
    }
    return closedByPeer((SocketChannel) ((SelectableChannelEndPoint) endPoint).getChannel());
  }

  /**
   * Whether a non-blocking socket channel has its peer's end-of-stream (or a reset) next, with no
   * byte to read ahead of it; true also when the channel can no longer be asked (closed, input shut).
   */
  static boolean closedByPeer(SocketChannel channel) {
    Selector selector;
    try {
      selector = Selector.open();
    } catch (IOException noSelector) {
      return false; // out of file descriptors, say: this check cannot tell, so the client stays
    }
    try (selector) {
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      if (selector.selectNow() == 0 || !key.isReadable()) {
        return false;
      }
      return channel.socket().getInputStream().available() == 0;
    } catch (IOException closed) {
      // ClosedChannelException, or a SocketException: closed, not connected, or input shut down.
      return true;
    }
  }
}
