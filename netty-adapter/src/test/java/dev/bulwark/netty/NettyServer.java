package dev.bulwark.netty;

import dev.bulwark.http.contract.ContractServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real Netty HTTP server on {@code 127.0.0.1}, an ephemeral port, with two event-loop threads.
 * Each accepted channel gets the handlers {@code pipeline} supplies, in order.
 */
final class NettyServer implements ContractServer {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private NettyServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  static NettyServer start(Supplier<ChannelHandler[]> pipeline) throws InterruptedException {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup(2);
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(pipeline.get());
            }
          })
          .bind("127.0.0.1", 0).sync().channel();
      return new NettyServer(boss, workers, channel);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      channel.close().sync();
    } finally {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }
}
