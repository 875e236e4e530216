package dev.bulwark.examples.usage;

import dev.bulwark.core.Ticker;
import dev.bulwark.http.Edge;
import dev.bulwark.netty.BulwarkHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Netty 4.1 HTTP server wrapped in a few lines: one {@link BulwarkHandler} (stateless and
 * {@code @Sharable}, so one instance serves every channel) after the {@code HttpServerCodec}, before
 * the application's handlers. It enforces the same {@link Edge} as {@link ServletAppExample}: one
 * edge, either adapter, the same answers.
 */
public final class NettyServerExample implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel channel;

  private NettyServerExample(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** The application: answers {@code hello <name>} and knows nothing of Bulwark. */
  static final class HelloHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String name = new QueryStringDecoder(request.uri()).parameters()
          .getOrDefault("name", List.of("world")).get(0);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.copiedBuffer("hello " + name, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Starts the server on 127.0.0.1.
   *
   * @param edge the edge to enforce
   * @param port the port, 0 for any free one
   * @return the running server; close it when done
   * @throws InterruptedException if interrupted while binding
   */
  static NettyServerExample start(Edge edge, int port) throws InterruptedException {
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    EventLoopGroup group = new NioEventLoopGroup(2);
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, new HttpObjectAggregator(1 << 20), new HelloHandler());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    return new NettyServerExample(group, channel);
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops accepting, closes every channel and the event loops. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Serves until the process ends: try {@code curl -i 'http://127.0.0.1:8083/api/hello?name=you'}.
   *
   * @param args an optional port (default 8083)
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    NettyServerExample server =
        start(ServletAppExample.edge(Ticker.system()), args.length > 0 ? Integer.parseInt(args[0]) : 8083);
    System.out.println("serving http://127.0.0.1:" + server.port() + "/api/hello?name=you");
    server.channel.closeFuture().sync();
  }
}
