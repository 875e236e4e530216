package dev.bulwark.examples;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** The demo's WebSocket echo at {@code /ws} on Netty: sends each text frame back. Stateless. */
@ChannelHandler.Sharable
final class EchoFrames extends SimpleChannelInboundHandler<TextWebSocketFrame> {

  static final EchoFrames INSTANCE = new EchoFrames();

  private EchoFrames() {}

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    ctx.writeAndFlush(new TextWebSocketFrame(frame.text())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }
}
