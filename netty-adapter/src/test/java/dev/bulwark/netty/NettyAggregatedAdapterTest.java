package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.EdgeAdapterContract;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The shared suite on a real Netty server with {@code HttpObjectAggregator} before
 * {@link BulwarkHandler}, so that the handler receives every request as a {@code FullHttpRequest}.
 */
class NettyAggregatedAdapterTest extends EdgeAdapterContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    ContractAppHandler handler = new ContractAppHandler(app);
    return NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(), new HttpObjectAggregator(1 << 16), bulwark, handler});
  }

  /** The aggregator holds a request until its body is complete. */
  @Override
  protected boolean beginsBeforeTheBody() {
    return false;
  }
}
