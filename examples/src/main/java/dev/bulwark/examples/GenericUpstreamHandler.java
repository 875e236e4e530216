package dev.bulwark.examples;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.netty.BulwarkHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The Netty form of {@link GenericUpstreamFilter}, after the aggregator and before the
 * {@link NettyDemoHandler} when the demo serves a seed: an aggregated request the edge admitted
 * ({@link BulwarkHandler#exchange}) for which the {@link DemoApp} has no route is answered by the
 * {@link GenericUpstream} on the event loop. Its exception, while the upstream fails, comes back to
 * this handler's {@link #exceptionCaught}, which answers it with the edge's 500
 * ({@link BulwarkHandler#answerApplicationError}). One instance per channel.
 *
 * <p>It answers at once, so a client that pipelines a generic request behind a pending demo
 * request could see the answers out of order; the demo's clients (and java.net.http) do not
 * pipeline.
 */
final class GenericUpstreamHandler extends ChannelInboundHandlerAdapter {

  private final DemoApp app;
  private final GenericUpstream upstream;

  GenericUpstreamHandler(DemoApp app, GenericUpstream upstream) {
    this.app = app;
    this.upstream = upstream;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof FullHttpRequest)) {
      super.channelRead(ctx, msg);
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    EdgeExchange exchange = BulwarkHandler.exchange(ctx.channel(), request);
    String method = request.method().name();
    if (exchange == null || request.decoderResult().isFailure() || exchange.path().equals("/ws")
        || app.routeKey(method, exchange.path()) != null) {
      super.channelRead(ctx, msg);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    byte[] body;
    try {
      body = upstream.answer(exchange.routeName(), method, exchange.path());
    } finally {
      request.release();
    }
    FullHttpResponse response = new DefaultFullHttpResponse(
        request.protocolVersion(), HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!BulwarkHandler.answerApplicationError(ctx, cause)) {
      ChannelFuture unused = ctx.close();
    }
  }
}
