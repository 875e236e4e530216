package dev.bulwark.netty;

import dev.bulwark.http.contract.RawClient;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The application of the raw-socket tests, behind an {@code HttpObjectAggregator}: it records every
 * request it receives ({@code "GET /path"}) and answers {@code 200 ok}, except {@code /slow}, which
 * it parks until the test calls {@link #answerParked()}, and {@code /upgrade}, which it answers with
 * {@code 101 Switching Protocols}.
 */
@ChannelHandler.Sharable
final class SeenApp extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Every request received, as {@code "METHOD target"}. */
  final List<String> seen = new CopyOnWriteArrayList<>();
  private final BlockingDeque<Runnable> parked = new LinkedBlockingDeque<>();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    seen.add(request.method() + " " + request.uri());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Runnable answer = () -> ContractAppHandler.send(ctx, ContractAppHandler.text(HttpResponseStatus.OK, "ok"), keepAlive);
    if (request.uri().equals("/slow")) {
      parked.add(() -> ctx.executor().execute(answer));
    } else if (request.uri().equals("/upgrade")) {
      // Switches protocols, as a WebSocket handshake does, but goes on reading HTTP/1.1.
      FullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
      switching.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      ChannelFuture unused = ctx.writeAndFlush(switching);
    } else {
      answer.run();
    }
  }

  /** Waits for a request to /slow to be parked, and answers it. */
  void answerParked() throws InterruptedException {
    awaitParked();
    parked.removeFirst().run();
  }

  /** Waits for a request to /slow to be parked, leaving it parked. */
  void awaitParked() throws InterruptedException {
    Runnable answer = parked.pollFirst(RawClient.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    if (answer == null) {
      throw new AssertionError("no request to /slow arrived");
    }
    parked.addFirst(answer);
  }
}
