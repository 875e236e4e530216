package dev.bulwark.netty;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.contract.ContractApp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * The contract app ({@link ContractApp}) as a Netty handler behind an {@code HttpObjectAggregator}:
 * {@code /slow} parks a task that writes its response from the channel's event loop, and
 * {@code /throw} throws, which {@link #exceptionCaught} answers with 500.
 */
@ChannelHandler.Sharable
final class ContractAppHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final ContractApp app;

  ContractAppHandler(ContractApp app) {
    this.app = app;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String uri = request.uri();
    String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean get = request.method().equals(HttpMethod.GET);
    String decoded = new QueryStringDecoder(uri).path();
    if (get && decoded.startsWith(ContractApp.PATHS_PREFIX)) {
      EdgeExchange exchange = BulwarkHandler.exchange(ctx.channel(), request);
      send(ctx, text(HttpResponseStatus.OK, decoded + "\n" + (exchange == null ? "-" : exchange.path())), keepAlive);
    } else if (get && path.equals("/ok")) {
      FullHttpResponse response = text(HttpResponseStatus.OK, ContractApp.OK_BODY);
      EdgeExchange exchange = BulwarkHandler.exchange(ctx.channel(), request);
      String nonce = exchange == null ? null : exchange.cspNonce();
      if (nonce != null) {
        response.headers().set(ContractApp.NONCE_HEADER, nonce);
      }
      String mdc = MDC.get(RequestIds.MDC_KEY);
      if (mdc != null) {
        response.headers().set(ContractApp.MDC_HEADER, mdc);
      }
      send(ctx, response, keepAlive);
    } else if (get && path.equals("/fail")) {
      send(ctx, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, ""), keepAlive);
    } else if (get && path.equals("/throw")) {
      throw new IllegalStateException("the /throw handler failed");
    } else if (get && path.equals("/slow")) {
      app.park(() -> ctx.executor().execute(
          () -> send(ctx, text(HttpResponseStatus.OK, ContractApp.SLOW_BODY), keepAlive)));
    } else if (request.method().equals(HttpMethod.POST) && path.equals("/drain")) {
      send(ctx, text(HttpResponseStatus.OK, Integer.toString(request.content().readableBytes())), keepAlive);
    } else if (request.method().equals(HttpMethod.POST) && path.equals("/echo")) {
      FullHttpResponse response = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.OK, request.content().retainedDuplicate());
      String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (type != null) {
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      }
      send(ctx, response, keepAlive);
    } else if (get && path.equals("/api/search")) {
      send(ctx, text(HttpResponseStatus.OK, ContractApp.SEARCH_BODY), keepAlive);
    } else {
      send(ctx, text(HttpResponseStatus.NOT_FOUND, ""), keepAlive);
    }
  }

  /** Answers a request whose handler threw with 500, and closes the connection. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    send(ctx, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, ""), false);
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().set(HttpHeaderNames.SERVER, "netty-contract-app");
    return response;
  }

  static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      // A void promise, as many applications write: the handler must still see the outcome.
      ChannelFuture unused = ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
