package dev.bulwark.examples;

import dev.bulwark.netty.BulwarkHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Put before the Netty adapter's {@code BulwarkHandler}: sets (or clears) the channel's principal
 * ({@link BulwarkHandler#principal}) from each request head's
 * {@code Authorization: Bearer <user-id>} ({@link BearerPrincipal}), which the edge's
 * {@code principal} rate-limit keys read. {@code @Sharable} and stateless.
 */
@ChannelHandler.Sharable
final class BearerPrincipalHandler extends ChannelInboundHandlerAdapter {

  /** The one instance. */
  static final BearerPrincipalHandler INSTANCE = new BearerPrincipalHandler();

  private BearerPrincipalHandler() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      String authorization = ((HttpRequest) msg).headers().get(HttpHeaderNames.AUTHORIZATION);
      BulwarkHandler.principal(ctx.channel(), BearerPrincipal.user(authorization));
    }
    super.channelRead(ctx, msg);
  }
}
