package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.EdgeAdapterContract;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The shared suite on a real Netty server with the recommended pipeline: {@code HttpServerCodec}
 * built with {@link BulwarkHandler#decoderConfig()}, {@link BulwarkHandler}, then
 * {@code HttpObjectAggregator} and the app, so that the handler sees
 * requests as a head and chunks (and gathers the body itself on the body-checked route). The app
 * writes its responses with void promises, as many applications do.
 */
class NettyAdapterTest extends EdgeAdapterContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    ContractAppHandler handler = new ContractAppHandler(app);
    return NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 16), handler});
  }
}
