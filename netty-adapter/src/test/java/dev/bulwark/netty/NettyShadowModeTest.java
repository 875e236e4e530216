package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.ShadowModeContract;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** Shadow mode over real HTTP on a Netty server with the recommended pipeline. */
class NettyShadowModeTest extends ShadowModeContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    ContractAppHandler handler = new ContractAppHandler(app);
    return NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 16), handler});
  }
}
