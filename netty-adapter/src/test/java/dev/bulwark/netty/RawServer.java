package dev.bulwark.netty;

import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.http.contract.RawClient;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.InputPolicy;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;

/**
 * A real Netty server for the raw-socket tests, with the recommended pipeline:
 * {@code HttpServerCodec(BulwarkHandler.decoderConfig())}, {@link BulwarkHandler},
 * {@code HttpObjectAggregator}, {@link SeenApp}.
 *
 * <p>Routes: {@code GET /api/stream} and {@code POST /echo} (whose body is checked, 16 bytes at
 * most, declared or sent) share {@link #permits}, one request in flight at a time; everything else takes the default
 * route, which has no limits.
 */
final class RawServer implements AutoCloseable {

  final KeyedConcurrencyLimiter<String> permits = KeyedConcurrencyLimiter.builder(1, 1).build();
  final SeenApp app = new SeenApp();
  final Edge edge = Edge.builder()
      .route(Route.builder("/api/stream").name("stream").methods("GET").concurrency(ConcurrencyGate.of(permits)).build())
      .route(Route.builder("/echo").name("echo").methods("POST").concurrency(ConcurrencyGate.of(permits)).validation(RouteValidation.builder().maxBodyBytes(16).bodyPolicy(InputPolicy.builder().maxBytes(16).build()).build()).build())
      .build();
  private final NettyServer server;

  RawServer(ReadTimeouts timeouts) throws InterruptedException {
    BulwarkHandler bulwark = new BulwarkHandler(edge, timeouts);
    this.server = NettyServer.start(() -> new ChannelHandler[] {
        new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 16), app});
  }

  /** Opens a raw connection to the server. */
  RawClient connect() throws IOException {
    return new RawClient(server.port());
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
  }
}
