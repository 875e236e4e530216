package dev.bulwark.netty;

import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.ReloadContract;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** Hot reload on Netty: the handler built with {@code new BulwarkHandler(ReloadableEdge, timeouts)}. */
class NettyReloadTest extends ReloadContract {

  @Override
  protected ContractServer start(ReloadableEdge edges, ContractApp app) throws Exception {
    BulwarkHandler bulwark = new BulwarkHandler(edges, ReadTimeouts.defaults());
    ContractAppHandler handler = new ContractAppHandler(app);
    return NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 16), handler});
  }
}
