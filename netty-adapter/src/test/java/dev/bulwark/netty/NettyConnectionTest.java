package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ConnectionContract;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The long-lived connection and drain suite on a real Netty server: {@code HttpServerCodec},
 * {@link BulwarkHandler}, {@code HttpObjectAggregator}, Netty's
 * {@code WebSocketServerProtocolHandler} for {@code /ws} with a text echo, and the contract app.
 */
class NettyConnectionTest extends ConnectionContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    ContractAppHandler handler = new ContractAppHandler(app);
    Echo echo = new Echo();
    return NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 16),
        new WebSocketServerProtocolHandler("/ws"), echo, handler});
  }

  /** Sends every text message back. */
  @ChannelHandler.Sharable
  static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ctx.writeAndFlush(new TextWebSocketFrame(frame.text())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }
}
