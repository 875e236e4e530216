package dev.bulwark.examples;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Runs in front of the Netty adapter's {@code BulwarkHandler}, one instance per channel: tells the
 * edge's {@link GateOutcomes} which app route the request being read is for while the rest of the
 * pipeline handles it on this event loop, so that a request a gate refuses is counted on its route
 * (see {@link GateOutcomes}). Body parts carry the route of the request they belong to.
 */
final class NettyRouteKeys extends ChannelInboundHandlerAdapter {

  private final DemoApp app;
  private final GateOutcomes outcomes;
  private @Nullable String current;

  NettyRouteKeys(DemoApp app, GateOutcomes outcomes) {
    this.app = app;
    this.outcomes = outcomes;
  }

  /** The app's route key of a request, or null when no route of the app serves it. */
  static @Nullable String routeKey(DemoApp app, HttpRequest request) {
    return app.routeKey(request.method().name(), new QueryStringDecoder(request.uri()).path());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      current = routeKey(app, (HttpRequest) msg);
    } else if (!(msg instanceof HttpContent)) {
      ctx.fireChannelRead(msg);
      return;
    }
    outcomes.enter(current);
    try {
      ctx.fireChannelRead(msg);
    } finally {
      outcomes.exit();
    }
  }
}
