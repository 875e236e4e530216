package dev.bulwark.examples;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.netty.BulwarkHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Serves the {@link DemoApp} at the end of a Netty pipeline, one instance per channel, after the
 * Netty adapter's {@code BulwarkHandler} and an {@code HttpObjectAggregator}: turns each
 * {@link FullHttpRequest} into a {@link DemoRequest} (with the CSP nonce of the request's
 * {@link EdgeExchange}), calls the app, and writes its answer on the channel's event loop when the
 * app's stage completes, so the event loop never waits for the app.
 *
 * <p>Answers go out in the order the requests came (HTTP/1.1 pipelining), whatever order the app
 * finishes them in; each is counted ({@link DemoApp#record}) just before it is written. When the
 * channel closes, the app's work for its unanswered requests is cancelled (a held stream, a chat
 * call). Confined to the channel's event loop.
 */
final class NettyDemoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** One answer ready to be written, waiting for the answers ahead of it. */
  private record Ready(@Nullable String routeKey, DemoResponse response, boolean keepAlive) {}

  private final DemoApp app;
  private final Map<Long, Ready> ready = new HashMap<>();
  private final List<CompletableFuture<DemoResponse>> working = new ArrayList<>();
  private long received;
  private long written;
  private boolean closing;

  NettyDemoHandler(DemoApp app) {
    this.app = app;
  }

  /** The app's route key of a request, or null when no route of the app serves it. */
  static @Nullable String routeKey(DemoApp app, HttpRequest request) {
    return app.routeKey(request.method().name(), new QueryStringDecoder(request.uri()).path());
  }

  // The completion hook's dependent stage is not needed: the hook catches what it can throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long sequence = received++;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String routeKey = routeKey(app, request);
    if (request.decoderResult().isFailure()) {
      done(ctx, sequence, new Ready(routeKey, DemoResponse.problem(400, "the request could not be decoded"), false));
      return;
    }
    DemoRequest demoRequest;
    try {
      demoRequest = demoRequest(ctx, request);
    } catch (IllegalArgumentException e) {
      done(ctx, sequence, new Ready(routeKey, DemoResponse.problem(400, "malformed request: " + e.getMessage()), keepAlive));
      return;
    }
    CompletableFuture<DemoResponse> stage = app.handle(demoRequest).toCompletableFuture();
    working.add(stage);
    stage.whenComplete((response, error) -> {
      DemoResponse answer = response != null ? response : DemoResponse.problem(500, "no response");
      try {
        ctx.executor().execute(() -> {
          working.remove(stage);
          done(ctx, sequence, new Ready(routeKey, answer, keepAlive));
        });
      } catch (RejectedExecutionException e) {
        // the server is shutting down: the channel is closing with it
      }
    });
  }

  private DemoRequest demoRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    return DemoRequest.received(request.method().name(), uri.path(), uri.rawQuery(),
        ByteBufUtil.getBytes(request.content()), request.headers().get(HttpHeaderNames.CONTENT_TYPE), peer(ctx),
        BulwarkHandler.exchange(ctx.channel(), request));
  }

  private static InetAddress peer(ChannelHandlerContext ctx) {
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress && ((InetSocketAddress) remote).getAddress() != null) {
      return ((InetSocketAddress) remote).getAddress();
    }
    return DemoRequest.address("0.0.0.0");
  }

  /** Queues an answer and writes every answer whose turn has come. */
  private void done(ChannelHandlerContext ctx, long sequence, Ready answer) {
    ready.put(sequence, answer);
    for (Ready next = ready.remove(written); next != null && !closing; next = ready.remove(written)) {
      written++;
      write(ctx, next);
    }
  }

  private void write(ChannelHandlerContext ctx, Ready answer) {
    DemoResponse r = answer.response();
    app.record(answer.routeKey(), r.status());
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
    r.contentType().ifPresent(type -> response.headers().set(HttpHeaderNames.CONTENT_TYPE, type));
    r.headers().forEach((name, value) -> response.headers().set(name, value));
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, answer.keepAlive());
    if (answer.keepAlive()) {
      ChannelFuture unused = ctx.writeAndFlush(response, ctx.voidPromise()); // BulwarkHandler sees the write
    } else {
      closing = true;
      ChannelFuture unused = ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closing = true;
    for (CompletableFuture<DemoResponse> w : List.copyOf(working)) {
      w.cancel(true);
    }
    working.clear();
    ready.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ChannelFuture unused = ctx.close(); // unanswered work is cancelled by channelInactive
  }
}
