package dev.bulwark.netty;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * Counts the streamed body of an admitted request that no content gate reads: it passes on to the
 * application chunk by chunk, without being buffered here, and only its size is held against the
 * exchange's {@link EdgeExchange#bodyLimit()}. (A body that declares its length was checked by the
 * edge already, and the codec never delivers more than it declared.)
 *
 * <p>Past the limit the chunk is not passed on, the rest of the body is discarded, the exchange is
 * refused ({@link EdgeExchange#refuseOversizedBody()}, which releases its permits), and the
 * connection is closed: after the 413 when the application has not started its response (the
 * 413 waits its turn behind responses owed to earlier pipelined requests), at once otherwise. The
 * application saw the head and part of the body, never all of it.
 */
final class BodyCount {

  private final EdgeExchange exchange;
  private final long limit;
  private long count;

  private BodyCount(EdgeExchange exchange, long limit) {
    this.exchange = exchange;
    this.limit = limit;
  }

  /**
   * Returns the count for an admitted request passed on unread, or null when none is needed;
   * {@code last} tells whether the request is also its end (a {@code LastHttpContent}).
   */
  static @Nullable BodyCount of(EdgeExchange exchange, HttpRequest request, boolean last) {
    long limit = exchange.bodyLimit();
    // Without Transfer-Encoding a request's body is its Content-Length, or empty (RFC 9112 section
    // 6.3): nothing streams unannounced, so most requests (every GET) need no count.
    if (exchange.wantsBody() || limit < 0 || last
        || !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        || HttpUtil.getContentLength(request, -1L) >= 0) {
      return null;
    }
    return new BodyCount(exchange, limit);
  }

  /**
   * Adds a chunk; returns true when it may pass on. When it may not, the chunk is released, the
   * request refused and the connection's close arranged as the class describes.
   */
  boolean add(ChannelHandlerContext ctx, ChannelState state, HttpContent content, boolean last) {
    count += content.content().readableBytes();
    if (count <= limit) {
      return true;
    }
    content.release();
    state.dropping = !last;
    state.swallowed = true;
    EdgeRejection rejection = exchange.refuseOversizedBody();
    Pending owed = null;
    for (Iterator<Pending> it = state.pending.descendingIterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.exchange == exchange) {
        owed = p;
        if (p.status < 0) {
          it.remove();
        }
        break;
      }
    }
    if (owed != null && owed.status < 0) {
      state.respond(ctx, RejectionResponses.of(rejection, version(owed), false));
    } else {
      ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
    return false;
  }

  private static HttpVersion version(Pending owed) {
    HttpRequest request = owed.request;
    return request != null ? request.protocolVersion() : HttpVersion.HTTP_1_1;
  }
}
