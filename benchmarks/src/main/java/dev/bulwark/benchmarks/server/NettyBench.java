package dev.bulwark.benchmarks.server;

import com.github.benmanes.caffeine.cache.Cache;
import dev.bulwark.netty.BulwarkHandler;
import io.github.bucket4j.Bucket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Netty 4.1 HTTP server (NIO, one acceptor thread and two event-loop threads, one per core of
 * the benchmark machine) on 127.0.0.1. Each channel's pipeline is the codec, then the variant's
 * handler (none, {@link FixedHeadersHandler}, {@link PreencodedHeadersHandler},
 * {@link BulwarkHandler} or a {@link Bucket4jHandler} per channel), then
 * {@link NettyHelloHandler}, without an aggregator: the application answers on the request's head,
 * as Netty's own hello-world example does. The Bulwark variants build the codec with
 * {@link BulwarkHandler#decoderConfig()} as its documentation asks; the others with the defaults.
 */
final class NettyBench implements BenchServer {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final HelloApp app;

  private NettyBench(EventLoopGroup boss, EventLoopGroup workers, Channel channel, HelloApp app) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
    this.app = app;
  }

  /**
   * Starts the server.
   *
   * @param variant what is in front of the application
   * @param port the port, or 0 for an ephemeral one
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  static NettyBench start(Variant variant, int port) throws InterruptedException {
    HelloApp app = new HelloApp();
    NettyHelloHandler hello = new NettyHelloHandler(app);
    Supplier<ChannelHandler> front = frontFor(variant);
    boolean bulwark = variant == Variant.BULWARK || variant == Variant.STRICT || variant == Variant.RATELIMIT;
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup(2);
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(bulwark
                  ? new HttpServerCodec(BulwarkHandler.decoderConfig()) : new HttpServerCodec());
              if (front != null) {
                ch.pipeline().addLast(front.get());
              }
              ch.pipeline().addLast(hello);
            }
          })
          .bind("127.0.0.1", port).sync().channel();
      return new NettyBench(boss, workers, channel, app);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  /** Returns what supplies each channel's handler in front of the application; null for none. */
  private static Supplier<ChannelHandler> frontFor(Variant variant) {
    switch (variant) {
      case BARE:
        return null;
      case SECURITY:
        return shared(new FixedHeadersHandler(ApiHeaders.NAMES, ApiHeaders.VALUES));
      case HEADERS:
        return shared(new FixedHeadersHandler(RouteFields.NAMES, RouteFields.VALUES));
      case PREENCODED:
        return shared(new PreencodedHeadersHandler());
      case BULWARK:
      case STRICT:
      case RATELIMIT:
        return shared(new BulwarkHandler(BenchEdges.forVariant(variant)));
      case BUCKET4J:
        Cache<String, Bucket> buckets = Bucket4jFilter.newCache();
        return () -> new Bucket4jHandler(buckets, BenchEdges.NEVER_REFUSING_PER_SECOND);
      default:
        throw new IllegalArgumentException(variant.id() + " is not served by Netty");
    }
  }

  /** One {@code @Sharable} handler for every channel. */
  private static Supplier<ChannelHandler> shared(ChannelHandler handler) {
    return () -> handler;
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public HelloApp app() {
    return app;
  }

  @Override
  public void close() {
    try {
      channel.close().syncUninterruptibly();
    } finally {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
