package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The inbound half of {@link BulwarkHandler}: what happens to each request head and body chunk.
 *
 * <h2>The three ways a request goes</h2>
 * A head is run through {@link Edge#begin}. Rejected: the request is released, the rejection
 * answered (now, or when the responses ahead of it are written: {@link ChannelState#respond}), and
 * the rest of its body discarded ({@link ChannelState#dropping}) up to its {@link LastHttpContent}.
 * Admitted without a body check: the head and its chunks go on (the head's target rewritten to the
 * path the edge routed when the two differ: {@link RequestTargets}; a streamed body counted against
 * the route's body limit: {@link BodyCount}), and the exchange joins
 * the channel's queue before the head does, so a response the application writes at once already
 * finds it. Admitted with a body check: the chunks are gathered in a {@link BodyBuffer} instead,
 * never past the exchange's {@code maxBodyBytes()}; the body is checked once whole, and only then
 * does the application see anything, as one {@link FullHttpRequest}.
 *
 * <h2>Protocol errors</h2>
 * Before the edge sees a head, {@link ProtocolError#of} checks that the codec parsed it and that
 * its framing has one reading; a head that fails is answered with the edge's rendering of the
 * error ({@link ChannelState#refuse}) and the connection closed. A body chunk the codec failed to
 * decode ends its request the same way ({@link ChannelState#abortBody}); neither is passed on.
 *
 * <h2>Failures</h2>
 * What the edge throws for one request is passed to the handlers after this one with
 * {@code fireExceptionCaught}, after releasing that request and cancelling its exchange: going
 * through {@link BulwarkHandler#exceptionCaught} would cancel the channel's other exchanges too.
 */
final class RequestFlow {

  private RequestFlow() {}

  /**
   * Runs a request head through the edge; {@code last} tells whether it is also the end of its
   * request (a {@link LastHttpContent}, such as an aggregated {@link FullHttpRequest}).
   */
  static void onRequest(
      Edge edge, ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last) {
    // A codec starts a request only after the last one's LastHttpContent; be safe all the same.
    state.dropping = false;
    state.count = null;
    BodyBuffer stale = state.takeBuffer();
    if (stale != null) {
      stale.exchange.cancel();
      stale.release();
    }
    state.headArrived();
    state.bodyPending = !last;
    ProtocolError error = ProtocolError.of(request);
    if (error != null) {
      ReferenceCountUtil.release(request);
      state.refuse(ctx, error);
      return;
    }
    EdgeExchange exchange;
    NettyEdgeRequest view;
    try {
      view = new NettyEdgeRequest(request, state.peer, state.secure, ctx.channel(), state.lastTarget);
      if (edge.decidesRemotely()) {
        CompletableFuture<EdgeExchange> decided = edge.beginAsync(view, ctx.executor()).toCompletableFuture();
        if (!decided.isDone()) {
          AsyncAdmission.await(ctx, state, request, last, decided);
          return;
        }
        exchange = decided.join();
      } else {
        exchange = edge.begin(view);
      }
      view.leaveQuery(state.lastTarget);
    } catch (RuntimeException | Error e) {
      failed(ctx, state, request, last, e);
      return;
    }
    decided(ctx, state, request, last, exchange, view.path());
  }

  /** What the edge threw for a request head: the request is released and the error passed on. */
  static void failed(ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last, Throwable e) {
    ReferenceCountUtil.release(request);
    state.dropping = !last;
    passOn(ctx, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
  }

  /** Answers a request head's rejection, or passes the admitted request on (or gathers its body). */
  static void decided(
      ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last, EdgeExchange exchange) {
    decided(ctx, state, request, last, exchange, null);
  }

  /**
   * As {@link #decided(ChannelHandlerContext, ChannelState, HttpRequest, boolean, EdgeExchange)};
   * {@code rawPath} is the path of the request's target as the edge's view cut it, or null.
   */
  private static void decided(ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last,
      EdgeExchange exchange, @Nullable String rawPath) {
    EdgeRejection rejection = exchange.rejection();
    if (rejection != null) {
      reject(ctx, state, request, rejection, last);
    } else if (!exchange.wantsBody()) {
      admit(ctx, state, exchange, request, last, rawPath);
    } else if (request instanceof FullHttpRequest) {
      checkAndAdmit(ctx, state, exchange, (FullHttpRequest) request);
    } else {
      state.swallowed = true;
      state.buffer = new BodyBuffer(request, exchange, ctx.alloc().compositeBuffer(Integer.MAX_VALUE));
      if (HttpUtil.is100ContinueExpected(request)) {
        request.headers().remove(HttpHeaderNames.EXPECT);
        state.respond(ctx, new DefaultFullHttpResponse(
            request.protocolVersion(), HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
      }
    }
  }

  /** Passes on, counts, gathers or discards a body chunk; {@code last} when it is a {@link LastHttpContent}. */
  static void onContent(ChannelHandlerContext ctx, ChannelState state, HttpContent content, boolean last) {
    if (content.decoderResult().isFailure()) {
      // Never passed on: the application would take a body cut short for a whole one.
      ProtocolError error = ProtocolError.ofContentFailure(content.decoderResult().cause());
      content.release();
      state.abortBody(ctx, error);
      return;
    }
    if (last) {
      state.bodyPending = false;
    }
    if (state.dropping) {
      state.dropping = !last;
      state.swallowed = true;
      content.release();
      return;
    }
    BodyBuffer buffer = state.buffer;
    if (buffer == null) {
      BodyCount count = state.count;
      if (last) {
        state.count = null;
      }
      if (count == null || count.add(ctx, state, content, last)) {
        Pending owner = state.pending.peekLast();
        fire(ctx, owner == null ? null : owner.exchange, content);
      } else {
        state.count = null;
      }
      return;
    }
    state.swallowed = true;
    try {
      ByteBuf chunk = content.content();
      if (buffer.size() + chunk.readableBytes() > buffer.exchange.maxBodyBytes()) {
        state.buffer = null;
        state.dropping = !last;
        HttpRequest request = buffer.request;
        EdgeRejection rejection;
        try {
          rejection = buffer.refuse(chunk);
        } finally {
          buffer.release();
        }
        if (rejection == null) {
          // http-edge refuses every body over maxBodyBytes(); never pass a truncated body on.
          buffer.exchange.cancel();
          passOn(ctx, new IllegalStateException(buffer.exchange + " admitted a body over its maxBodyBytes()"));
          return;
        }
        state.respond(ctx, RejectionResponses.of(rejection, request.protocolVersion(), keepAlive(request, last)));
      } else {
        buffer.add(chunk);
        if (last) {
          state.buffer = null;
          checkAndAdmit(ctx, state, buffer.exchange, buffer.complete((LastHttpContent) content));
        }
      }
    } finally {
      content.release();
    }
  }

  /** Checks the body of a whole request, then passes the request on or answers its rejection. */
  private static void checkAndAdmit(
      ChannelHandlerContext ctx, ChannelState state, EdgeExchange exchange, FullHttpRequest request) {
    EdgeRejection rejection;
    try {
      rejection = BodyBuffer.check(exchange, request.content(), Unpooled.EMPTY_BUFFER);
    } catch (RuntimeException | Error e) {
      exchange.cancel();
      request.release();
      passOn(ctx, e);
      return;
    }
    if (rejection != null) {
      reject(ctx, state, request, rejection, true);
    } else {
      admit(ctx, state, exchange, request, true, null);
    }
  }

  /**
   * Passes an admitted request on; {@code rawPath}, when not null, is the path the edge's view cut
   * from the request's current target.
   */
  @SuppressWarnings("ReferenceEquality") // the very string the view cut from the target: no rewrite needed
  private static void admit(ChannelHandlerContext ctx, ChannelState state, EdgeExchange exchange,
      HttpRequest request, boolean last, @Nullable String rawPath) {
    String path = exchange.path();
    if (path != rawPath) {
      // The edge routed another string than the raw path it was given (or none is known): compare.
      RequestTargets.retarget(request, path);
    }
    state.count = BodyCount.of(exchange, request, last);
    state.pending.add(state.admitted(exchange, request));
    fire(ctx, exchange, request);
  }

  /**
   * Passes a request's head or body on, with the request's identifier in the MDC while the next
   * handlers run (an aggregator's application runs when the last content passes).
   */
  private static void fire(ChannelHandlerContext ctx, @Nullable EdgeExchange exchange, Object msg) {
    String requestId = exchange == null ? null : exchange.requestId();
    if (requestId == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      ctx.fireChannelRead(msg);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  private static void reject(
      ChannelHandlerContext ctx, ChannelState state, HttpRequest request, EdgeRejection rejection,
      boolean last) {
    FullHttpResponse response = RejectionResponses.of(
        rejection, request.protocolVersion(), keepAlive(request, last));
    ReferenceCountUtil.release(request);
    state.dropping = !last;
    state.swallowed = true;
    state.respond(ctx, response);
  }

  /**
   * Tells whether to keep the connection after rejecting a request: as the request asks, unless
   * its client is still waiting for {@code 100 Continue} and may never send the body it declared.
   */
  private static boolean keepAlive(HttpRequest request, boolean last) {
    return HttpUtil.isKeepAlive(request) && (last || !HttpUtil.is100ContinueExpected(request));
  }

  /**
   * Hands what the edge threw for one request to the handlers after this one (an {@link Error} is
   * rethrown), past this handler's {@code exceptionCaught}, which would cancel the channel's other
   * exchanges too.
   */
  private static void passOn(ChannelHandlerContext ctx, Throwable error) {
    if (error instanceof Error) {
      throw (Error) error;
    }
    ctx.fireExceptionCaught(error);
  }

  /** Tells whether TLS protects this hop: an SslHandler in the channel's or a parent's pipeline. */
  static boolean isSecure(Channel channel) {
    for (Channel c = channel; c != null; c = c.parent()) {
      if (c.pipeline().get(SslHandler.class) != null) {
        return true;
      }
    }
    return false;
  }

}
