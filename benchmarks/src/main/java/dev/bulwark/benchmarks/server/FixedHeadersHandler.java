package dev.bulwark.benchmarks.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The {@code api} profile's headers set by hand on every outgoing {@link HttpResponse}
 * ({@link ApiHeaders}): what a Netty server pays for the headers alone, with no decision.
 * Stateless and {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class FixedHeadersHandler extends ChannelOutboundHandlerAdapter {

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse) {
      HttpHeaders headers = ((HttpResponse) msg).headers();
      for (int i = 0; i < ApiHeaders.NAMES.length; i++) {
        headers.set(ApiHeaders.NAMES[i], ApiHeaders.VALUES[i]);
      }
      for (String name : ApiHeaders.REMOVED) {
        headers.remove(name);
      }
    }
    super.write(ctx, msg, promise);
  }
}
