package dev.bulwark.benchmarks.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * {@link HelloApp} as a Netty handler: answers each {@link HttpRequest} with a
 * {@link FullHttpResponse} (404 for another path), keeps the connection open when the request asks
 * for it; body chunks are released. Stateless and {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class NettyHelloHandler extends SimpleChannelInboundHandler<HttpObject> {

  private final HelloApp app;

  NettyHelloHandler(HelloApp app) {
    this.app = app;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (!(msg instanceof HttpRequest)) {
      return;
    }
    HttpRequest request = (HttpRequest) msg;
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    FullHttpResponse response;
    if (uri.path().equals(HelloApp.PATH)) {
      List<String> q = uri.parameters().get("q");
      byte[] body = app.answer(q == null || q.isEmpty() ? null : q.get(0));
      response = new DefaultFullHttpResponse(
          request.protocolVersion(), HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HelloApp.CONTENT_TYPE);
    } else {
      response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (keepAlive) {
      if (!request.protocolVersion().isKeepAliveDefault()) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
