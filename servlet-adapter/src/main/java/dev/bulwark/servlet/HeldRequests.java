package dev.bulwark.servlet;

/**
 * What {@link BulwarkFilter} does, on Jetty 12 (ee10), with an admitted asynchronous request that
 * the application holds without I/O past the connection's idle timeout: whether its edge permits
 * (concurrency permit, in-flight count, breaker permission) come back when its client has gone.
 *
 * <h2>Why it is needed</h2>
 * Jetty 12 does not read the socket of an HTTP/1.1 request it is handling, so a client that closes
 * its connection while the application holds the request (an {@code AsyncContext} that nobody
 * completes yet) goes unnoticed until the application reads or writes: the request, and the permits
 * the edge gave it, stay held. What Jetty does report, every idle timeout of the connection
 * ({@code ServerConnector.setIdleTimeout}, 30 s by default) that passes without I/O, is an idle
 * timeout to the request; by default it ignores it for an asynchronous request.
 *
 * <h2>What each value does</h2>
 * At each such idle timeout of a request whose filter chain has returned with the request
 * asynchronous ({@code isAsyncStarted()}) and that waits for the application (no thread of it runs
 * the request), the filter decides whether the request is ended. An ended request is failed by
 * Jetty with a {@link java.util.concurrent.TimeoutException}: the application's
 * {@code AsyncListener.onError} runs, its later reads and writes fail, and Jetty closes the
 * connection. The edge's permits come back at once, the exchange finished as cancelled
 * ({@link dev.bulwark.http.EdgeExchange#cancel()}: the client went away, so the route's breaker
 * records no outcome). With any value but {@link #KEEP}, the filter also releases the permits of
 * an asynchronous request when Jetty reports any other failure of it (its connection closed, an
 * HTTP/2 stream reset) that Jetty does not tell the application's {@code AsyncListener} of (it
 * tells it only while the request waits): at once, or, for a failure during the request's first
 * dispatch, when that dispatch returns. The cost, on Jetty and unless {@link #KEEP}: one small
 * object and one Jetty listener per admitted request, a second listener per asynchronous one.
 *
 * <p>A request that a thread of the application runs (a synchronous one still in the chain, or an
 * {@code AsyncContext.dispatch()} running) is never ended by the filter, whatever the value: its
 * thread is busy, its permit comes back when the chain returns, and it learns that its client
 * left, as without the filter, when a read or write fails. Requests that read or write within the
 * idle timeout never see an idle timeout. Outside Jetty 12 ee10 (another container, or Jetty's
 * classes hidden from the application) every value behaves as {@link #KEEP}.
 */
public enum HeldRequests {

  /**
   * Jetty's own semantics: the filter adds nothing. A held request's permits come back when the
   * application completes it or does I/O that fails, or when its {@code AsyncContext} times out.
   */
  KEEP,

  /**
   * The default: at each idle timeout, the request is ended if its client has closed the connection
   * (the filter looks at the socket without reading from it: the client's end-of-stream or reset
   * has arrived and no unread byte is ahead of it). A vanished client's permits therefore come back
   * within one idle timeout of it going; a client that is still connected is never ended, however
   * long the application holds its request. Bytes the client sent that nobody read yet (a body the
   * application ignores, a pipelined next request) hide a close behind them: such a request is
   * kept, as with {@link #KEEP}. So is a TLS client that closes politely: its {@code close_notify}
   * alert is such bytes (a TLS connection that just drops is seen); where clients talk TLS to Jetty
   * itself, {@link #END_IF_IDLE} ends their held requests too. A client that half-closes its
   * connection (sends its end-of-stream but keeps reading) counts as gone, as it does for most
   * servers and proxies. Only HTTP/1 connections are looked at: Jetty reads an HTTP/2 connection
   * itself and fails a held request at once when its stream is reset or its connection closes
   * without a {@code GOAWAY} (the application's {@code AsyncListener.onError} runs and the permits
   * come back, whatever the value).
   */
  END_IF_CLIENT_GONE,

  /**
   * At the first idle timeout, the request is ended whether or not its client is still connected,
   * as Jetty ends a request blocked in a read or a write: an asynchronous request may go without
   * I/O for at most the connection's idle timeout. An application that holds requests longer on
   * purpose (long polling) sets the idle timeout above its longest hold, or writes within it.
   */
  END_IF_IDLE;

  /**
   * The value of the init-param {@value BulwarkFilter#HELD_REQUESTS_PARAMETER}: the constant's name
   * in any case, with {@code -} for {@code _} ({@code keep}, {@code end-if-client-gone},
   * {@code end-if-idle}), surrounding whitespace ignored.
   *
   * @param text the init-param's value
   * @return the value it names
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if it names no value; the message lists the valid ones
   */
  public static HeldRequests parse(String text) {
    String name = text.trim().replace('-', '_');
    for (HeldRequests value : values()) {
      if (value.name().equalsIgnoreCase(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("held requests must be one of keep, end-if-client-gone, end-if-idle but was '"
        + text + "'");
  }
}
