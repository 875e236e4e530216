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

  /** The state that reuses this entry once its write completed, or null for a one-off entry. */
  private final @Nullable ChannelState reuser;
  /** The admitted exchange, or null for a response of the handler's own. */
  @Nullable EdgeExchange exchange;
  /** The request passed on for {@link #exchange}, for {@link BulwarkHandler#exchange}. */
  @Nullable HttpRequest request;
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

  private Pending(@Nullable ChannelState reuser, @Nullable FullHttpResponse response) {
    this.reuser = reuser;
    this.response = response;
  }

  /**
   * Returns a new entry for admitted exchanges of {@code reuser}'s channel, which takes it back
   * ({@link ChannelState#reuse}) when the write that ends its response completed, and hands it to
   * the next admitted request ({@link ChannelState#admitted}).
   */
  static Pending reusable(ChannelState reuser) {
    return new Pending(reuser, null);
  }

  /** Makes this (new or returned) entry the one of an admitted exchange. */
  Pending admit(EdgeExchange admitted, HttpRequest passedOn) {
    exchange = admitted;
    request = passedOn;
    status = -1;
    responseBytes = 0;
    return this;
  }

  static Pending own(FullHttpResponse response) {
    return new Pending(null, response);
  }

  /**
   * Finishes the exchange with the write's outcome. The entry is out of the channel's queue by
   * then, and this is the last use of it: it is cleared and, on the channel's event loop, handed
   * back to its state for the channel's next admitted request.
   */
  @Override
  public void operationComplete(ChannelFuture future) {
    EdgeExchange e = Objects.requireNonNull(exchange, "exchange");
    int s = status;
    long bytes = hasBody() ? responseBytes : 0;
    exchange = null;
    request = null;
    ChannelState r = reuser;
    if (r != null) {
      r.reuse(this);
    }
    Throwable cause = future.cause();
    if (!future.isSuccess() && cause != null) {
      e.fail(cause);
    } else if (s < 100 || s > 599) {
      e.fail(new IllegalStateException("the application answered with status " + s));
    } else {
      e.complete(s, -1, bytes);
    }
  }

  /**
   * Whether the response has a body by HTTP's rules: not for a {@code HEAD} request, nor a 1xx, 204
   * or 304 (whatever content the application wrote, the codec sends none of it).
   */
  private boolean hasBody() {
    HttpRequest r = request;
    return status >= 200 && status != 204 && status != 304 && (r == null || !isHead(r.method()));
  }

  /**
   * Tells whether a method is {@code HEAD}: the decoder's methods are Netty's constants, so
   * identity answers the common ones without comparing names.
   */
  @SuppressWarnings("ReferenceEquality") // a shortcut only: equals decides whenever identity does not
  private static boolean isHead(HttpMethod method) {
    return method == HttpMethod.HEAD || (method != HttpMethod.GET && HttpMethod.HEAD.equals(method));
  }

  @Override
  public String toString() {
    return exchange != null ? "Pending[" + exchange + ", status=" + status + "]" : "Pending[" + response + "]";
  }
}
