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
 * The watch of one admitted request on Jetty 12 ee10: ends it when it is held asynchronously past
 * its connection's idle timeout, as {@link HeldRequests} describes, and cancels its exchange when
 * Jetty fails it after it went asynchronous.
 *
 * <h2>Listeners</h2>
 * The failure listener is added before the filter chain runs, because Jetty adds no listener to a
 * request that failed already, and tells the application's {@code AsyncListener} (hence
 * {@link OutcomeListener}) only of a failure that comes while the request waits: a failure during
 * the first dispatch (an HTTP/2 reset while the handler still runs, say) would otherwise leave the
 * request held until the application completes it. The idle-timeout listener is added once the
 * chain returned with the request asynchronous. Per admitted request: this object and one
 * listener; per asynchronous one, a second listener.
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
 * (about 0.3 ms, measured on a cold JVM), once per idle timeout of a held request, never on the
 * request path.
 *
 * <p>Only loaded when {@link JettyEe10#AVAILABLE}; the filter catches a {@link LinkageError} (Jetty's
 * core or I/O classes hidden from the application) and then adds nothing.
 */
final class JettyHeldRequests implements Consumer<Throwable>, Predicate<TimeoutException> {

  private final EdgeExchange exchange;
  private final ServletContextRequest jetty;
  private final HeldRequests policy;
  /** Set once the filter chain returned with the request asynchronous. */
  private volatile boolean async;
  /** The first failure Jetty reported for the request, or null. */
  private volatile @Nullable Throwable failure;

  private JettyHeldRequests(EdgeExchange exchange, ServletContextRequest jetty, HeldRequests policy) {
    this.exchange = exchange;
    this.jetty = jetty;
    this.policy = policy;
  }

  /**
   * Before the filter chain runs: listens for the failures Jetty reports for the request behind
   * {@code request}, from now on, so that one reported while the application's first dispatch
   * still runs is not missed (Jetty adds no listener to a request that failed already, and tells
   * the application's {@code AsyncListener} only of a failure that comes while the request waits).
   * One object and one listener per request.
   *
   * @param exchange the request's exchange, cancelled when the request is ended or fails
   * @param request the request the filter passes on (or one it wraps)
   * @param policy {@link HeldRequests#END_IF_CLIENT_GONE} or {@link HeldRequests#END_IF_IDLE}
   * @return the watch, for {@link #heldAsynchronously()}; or null when the request is not Jetty
   *     ee10's (another container, a test's stub) or has completed
   */
  static @Nullable JettyHeldRequests listen(EdgeExchange exchange, HttpServletRequest request, HeldRequests policy) {
    ServletContextRequest jetty = jettyRequest(request);
    if (jetty == null) {
      return null;
    }
    JettyHeldRequests watch = new JettyHeldRequests(exchange, jetty, policy);
    try {
      jetty.addFailureListener(watch);
    } catch (IllegalStateException completed) {
      return null;
    }
    return watch;
  }

  /**
   * After the filter chain returned with the request asynchronous: cancels the exchange now if Jetty
   * reported a failure meanwhile, else listens for the request's idle timeouts.
   */
  void heldAsynchronously() {
    async = true;
    if (failure != null) {
      exchange.cancel();
      return;
    }
    try {
      jetty.addIdleTimeoutListener(this);
    } catch (IllegalStateException completed) {
      // The application completed the request on another thread meanwhile: nothing to watch.
    }
  }

  /**
   * Jetty's failure listener: cancels the exchange of a request that went asynchronous (now, or in
   * {@link #heldAsynchronously()} when the chain returns). A synchronous request is finished by
   * the filter when its chain returns, as usual.
   */
  @Override
  public void accept(Throwable reported) {
    failure = reported;
    if (async) {
      exchange.cancel();
    }
  }

  /**
   * Jetty's idle-timeout listener: whether to end the request (Jetty then fails it). The exchange is
   * cancelled here, before Jetty fails the request: that failure reaches the application's (and
   * {@link OutcomeListener}'s) {@code onError}, which would record the timeout on the route's breaker.
   */
  @Override
  public boolean test(TimeoutException timeout) {
    if (held(jetty) && (policy == HeldRequests.END_IF_IDLE || clientGone(jetty))) {
      exchange.cancel();
      return true;
    }
    return false;
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
