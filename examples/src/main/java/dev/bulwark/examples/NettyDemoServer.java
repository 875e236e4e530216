package dev.bulwark.examples;

import dev.bulwark.netty.BulwarkHandler;
import dev.bulwark.netty.ReadTimeouts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a {@link DemoGateway} with Netty 4.1 through the Netty adapter: each channel's pipeline is
 * {@code HttpServerCodec} (request lines up to {@value JettyDemoServer#MAX_REQUEST_HEAD_BYTES}
 * bytes, as on Jetty), the shared {@link BulwarkHandler} (the edge's rejections are counted by the
 * edge's route statistics, which the app reads), an {@code HttpObjectAggregator} of at most
 * {@value DemoServlet#MAX_BODY_BYTES} bytes (a longer body gets its 413, counted like any answer),
 * and a {@link NettyDemoHandler} that calls the app without blocking the event loop.
 *
 * <p>One acceptor thread and {@value #WORKERS} event-loop threads, daemons.
 */
final class NettyDemoServer implements DemoServer {

  /** Event-loop threads. */
  static final int WORKERS = 2;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private NettyDemoServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /** The {@link DemoServer.Factory} form: 127.0.0.1 and the options' port. */
  static NettyDemoServer start(DemoOptions options, DemoGateway gateway) throws IOException {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), options.port(), gateway);
  }

  /**
   * Starts a server.
   *
   * @param host the address literal to listen on, e.g. {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @throws IOException if the server cannot listen
   */
  static NettyDemoServer start(String host, int port, DemoGateway gateway) throws IOException {
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("demo-netty-accept", true));
    EventLoopGroup workers = new NioEventLoopGroup(WORKERS, new DefaultThreadFactory("demo-netty", true));
    BulwarkHandler bulwark = new BulwarkHandler(gateway.edges(), ReadTimeouts.defaults());
    DemoApp app = gateway.app();
    GenericUpstream generic = gateway.genericUpstream();
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(
                  new HttpServerCodec(BulwarkHandler.decoderConfig()
                      .setMaxInitialLineLength(JettyDemoServer.MAX_REQUEST_HEAD_BYTES)
                      .setMaxHeaderSize(8192)
                      .setMaxChunkSize(8192)),
                  BearerPrincipalHandler.INSTANCE,
                  bulwark,
                  new CountingAggregator(app),
                  new WebSocketServerProtocolHandler("/ws"),
                  EchoFrames.INSTANCE);
              if (generic != null) {
                ch.pipeline().addLast(new GenericUpstreamHandler(app, generic));
              }
              ch.pipeline().addLast(new NettyDemoHandler(app));
            }
          })
          .bind(new InetSocketAddress(host, port))
          .syncUninterruptibly()
          .channel();
      return new NettyDemoServer(boss, workers, channel);
    } catch (RuntimeException e) {
      shutdown(boss, workers);
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw new IOException("Netty did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public List<String> notes() {
    return List.of("serving with Netty 4.1 through the Netty adapter's BulwarkHandler");
  }

  @Override
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      channel.close().syncUninterruptibly();
      shutdown(boss, workers);
      closed.countDown();
    }
  }

  private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The aggregator, counting the 413 it answers for a body above its limit on the request's route. */
  private static final class CountingAggregator extends HttpObjectAggregator {
    private final DemoApp app;

    CountingAggregator(DemoApp app) {
      super(DemoServlet.MAX_BODY_BYTES);
      this.app = app;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
      if (oversized instanceof HttpRequest) {
        app.record(NettyDemoHandler.routeKey(app, (HttpRequest) oversized), 413);
      }
      super.handleOversizedMessage(ctx, oversized);
    }
  }
}
