package dev.bulwark.netty;

import dev.bulwark.http.EdgeExchange;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One response a channel owes, in request order (HTTP/1.1 answers pipelined requests in the order
 * they came): either an admitted exchange waiting for the application's response, or a response
 * of the handler's own (a rejection, a {@code 100 Continue}) waiting for the responses ahead of it.
 *
 * <p>For an admitted exchange it is also the listener of the write that ends the response: it
 * finishes the exchange with the status the response had, or with the write's failure (or as a
 * failure when the application wrote a status outside 100 to 599, which HTTP does not have), and
 * the response body's size ({@link #responseBytes}; 0 for a response without a body) for the edge's
 * listener.
 */
final class Pending implements ChannelFutureListener {

  /** The admitted exchange, or null for a response of the handler's own. */
  final @Nullable EdgeExchange exchange;
  /** The request passed on for {@link #exchange}, for {@link BulwarkHandler#exchange}. */
  final @Nullable HttpRequest request;
  /** The handler's own response to write when this entry reaches the head. */
  final @Nullable FullHttpResponse response;
  /** The status of the application's response once its head is written, else -1. */
  int status = -1;
  /**
   * The body bytes of the application's response written so far: the content of every
   * {@code HttpContent} after its head; -1 once anything else (a {@code FileRegion}) was written,
   * whose size this handler does not read.
   */
  long responseBytes;

  private Pending(
      @Nullable EdgeExchange exchange, @Nullable HttpRequest request, @Nullable FullHttpResponse response) {
    this.exchange = exchange;
    this.request = request;
    this.response = response;
  }

  static Pending admitted(EdgeExchange exchange, HttpRequest request) {
    return new Pending(exchange, request, null);
  }

  static Pending own(FullHttpResponse response) {
    return new Pending(null, null, response);
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    EdgeExchange e = Objects.requireNonNull(exchange, "exchange");
    Throwable cause = future.cause();
    if (!future.isSuccess() && cause != null) {
      e.fail(cause);
    } else if (status < 100 || status > 599) {
      e.fail(new IllegalStateException("the application answered with status " + status));
    } else {
      e.complete(status, -1, hasBody() ? responseBytes : 0);
    }
  }

  /**
   * Whether the response has a body by HTTP's rules: not for a {@code HEAD} request, nor a 1xx, 204
   * or 304 (whatever content the application wrote, the codec sends none of it).
   */
  private boolean hasBody() {
    HttpRequest r = request;
    return status >= 200 && status != 204 && status != 304 && (r == null || !HttpMethod.HEAD.equals(r.method()));
  }

  @Override
  public String toString() {
    return exchange != null ? "Pending[" + exchange + ", status=" + status + "]" : "Pending[" + response + "]";
  }
}
