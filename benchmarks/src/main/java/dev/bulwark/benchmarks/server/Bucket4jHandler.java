package dev.bulwark.benchmarks.server;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@link Bucket4jFilter} written for Netty, as a Netty developer would: one {@link Bucket} per
 * client address (the channel's remote address as text, what {@code getRemoteAddr()} gives) in a
 * Caffeine cache shared by every channel, {@code tryConsumeAndReturnRemaining(1)} as each request
 * head arrives, the remaining tokens in {@code X-Rate-Limit-Remaining} on the answer, and on
 * refusal a 429 with {@code X-Rate-Limit-Retry-After-Seconds}, the request's body dropped. One
 * instance per channel: it holds the last admitted request's remaining tokens until that request's
 * answer is written, so it expects one request at a time per connection (HTTP/1.1 without
 * pipelining, as wrk sends).
 */
final class Bucket4jHandler extends ChannelDuplexHandler {

  private static final byte[] REFUSED = "Too many requests".getBytes(StandardCharsets.US_ASCII);

  private final Cache<String, Bucket> buckets;
  private final long perSecond;
  /** The remaining tokens of the admitted request whose answer comes next; -1 when none. */
  private long remaining = -1;
  /** Whether the body of a refused request is still arriving, to be dropped. */
  private boolean dropping;

  /**
   * A handler for one channel.
   *
   * @param buckets the buckets of every client, shared by the server's channels
   *     ({@link Bucket4jFilter#newCache()})
   * @param perSecond each client's tokens per second
   */
  Bucket4jHandler(Cache<String, Bucket> buckets, long perSecond) {
    this.buckets = buckets;
    this.perSecond = perSecond;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) msg;
      String ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
      ConsumptionProbe probe = buckets.get(ip, key -> Bucket4jFilter.newBucket(perSecond))
          .tryConsumeAndReturnRemaining(1);
      if (probe.isConsumed()) {
        remaining = probe.getRemainingTokens();
        dropping = false;
        ctx.fireChannelRead(msg);
      } else {
        refuse(ctx, request, probe);
      }
    } else if (dropping && msg instanceof HttpContent) {
      dropping = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void refuse(ChannelHandlerContext ctx, HttpRequest request, ConsumptionProbe probe) {
    remaining = -1;
    dropping = !(request instanceof LastHttpContent);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    ReferenceCountUtil.release(request);
    FullHttpResponse answer = new DefaultFullHttpResponse(
        request.protocolVersion(), HttpResponseStatus.TOO_MANY_REQUESTS, Unpooled.wrappedBuffer(REFUSED));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
    answer.headers().set("X-Rate-Limit-Retry-After-Seconds", Long.toString(seconds));
    answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    HttpUtil.setContentLength(answer, REFUSED.length);
    HttpUtil.setKeepAlive(answer, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(answer);
    } else {
      ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse && remaining >= 0) {
      ((HttpResponse) msg).headers().set("X-Rate-Limit-Remaining", Long.toString(remaining));
      remaining = -1;
    }
    super.write(ctx, msg, promise);
  }
}
