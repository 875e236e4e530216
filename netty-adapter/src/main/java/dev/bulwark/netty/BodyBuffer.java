package dev.bulwark.netty;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The body of an admitted request whose route checks body content, gathered chunk by chunk until
 * its {@link LastHttpContent} (as {@code HttpObjectAggregator} would) and then handed on as one
 * {@link FullHttpRequest}. It never holds more than the exchange's
 * {@link EdgeExchange#maxBodyBytes()}: the chunk that would take it past that is not added, and the
 * exchange refuses the body instead.
 */
final class BodyBuffer {

  final HttpRequest request;
  final EdgeExchange exchange;
  private final CompositeByteBuf body;

  BodyBuffer(HttpRequest request, EdgeExchange exchange, CompositeByteBuf body) {
    this.request = request;
    this.exchange = exchange;
    this.body = body;
  }

  /** Returns the number of bytes buffered. */
  long size() {
    return body.readableBytes();
  }

  /** Appends a chunk's readable bytes, retaining them; the caller still releases its chunk. */
  void add(ByteBuf chunk) {
    if (chunk.isReadable()) {
      body.addComponent(true, chunk.retain());
    }
  }

  /**
   * Checks what was gathered followed by {@code chunk}, which takes the body past the limit: the
   * exchange refuses it (413), and the refusal finishes the exchange.
   */
  @Nullable EdgeRejection refuse(ByteBuf chunk) {
    return check(exchange, body, chunk);
  }

  /**
   * Runs the exchange's body check on {@code head} followed by {@code tail}: all of it when it is
   * within {@link EdgeExchange#maxBodyBytes()}, otherwise the first {@code maxBodyBytes() + 1}
   * bytes, which the exchange refuses as too large without reading them.
   */
  static @Nullable EdgeRejection check(EdgeExchange exchange, ByteBuf head, ByteBuf tail) {
    long total = (long) head.readableBytes() + tail.readableBytes();
    int length = (int) Math.min(total, exchange.maxBodyBytes() + 1);
    byte[] bytes = new byte[length];
    int fromHead = Math.min(length, head.readableBytes());
    head.getBytes(head.readerIndex(), bytes, 0, fromHead);
    tail.getBytes(tail.readerIndex(), bytes, fromHead, length - fromHead);
    return exchange.checkBody(bytes, length);
  }

  /**
   * Returns the whole request, which now owns the buffered bytes: the request's head and headers
   * (a chunked {@code Transfer-Encoding} replaced by the {@code Content-Length} of what was
   * received) and the last chunk's trailers and decoding result.
   */
  FullHttpRequest complete(LastHttpContent last) {
    FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
        request.uri(), body, request.headers(), last.trailingHeaders());
    if (request.decoderResult().isFailure()) {
      full.setDecoderResult(request.decoderResult());
    } else if (last.decoderResult().isFailure()) {
      full.setDecoderResult(last.decoderResult());
    }
    if (HttpUtil.isTransferEncodingChunked(full)) {
      HttpUtil.setTransferEncodingChunked(full, false);
    }
    if (!HttpUtil.isContentLengthSet(full)) {
      full.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    }
    return full;
  }

  /** Releases what was buffered, and the request's head if it is reference-counted. */
  void release() {
    body.release();
    ReferenceCountUtil.release(request);
  }

  @Override
  public String toString() {
    return "BodyBuffer[" + request.method() + " " + request.uri() + ", " + body.readableBytes() + " bytes]";
  }
}
