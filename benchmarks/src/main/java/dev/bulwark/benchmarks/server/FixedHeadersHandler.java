package dev.bulwark.benchmarks.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Header fields set by hand on every outgoing {@link HttpResponse}, as a Netty server without
 * Bulwark would write them ({@code headers.set(String, String)}), and the names of
 * {@link ApiHeaders#REMOVED} removed: what a Netty server pays for the fields alone, with no
 * decision. Stateless and {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class FixedHeadersHandler extends ChannelOutboundHandlerAdapter {

  private final String[] names;
  private final String[] values;

  /**
   * Sets {@code names[i]} to {@code values[i]} on every response.
   *
   * @param names the field names ({@link RouteFields#NAMES} or {@link ApiHeaders#NAMES})
   * @param values their values, parallel to {@code names}
   */
  FixedHeadersHandler(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException("names and values differ in length");
    }
    this.names = names.clone();
    this.values = values.clone();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse) {
      HttpHeaders headers = ((HttpResponse) msg).headers();
      for (int i = 0; i < names.length; i++) {
        headers.set(names[i], values[i]);
      }
      for (String name : ApiHeaders.REMOVED) {
        headers.remove(name);
      }
    }
    super.write(ctx, msg, promise);
  }
}
