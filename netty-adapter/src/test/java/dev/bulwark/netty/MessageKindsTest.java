package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpObject;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageKinds} gives, for every kind of message Netty's HTTP codec, aggregator and
 * applications pass, exactly the answers {@code instanceof} gives: by class identity for Netty's
 * common message classes, by {@code instanceof} for the rest.
 */
class MessageKindsTest {

  /** The kinds by {@code instanceof}, as the handler asked before. */
  private static int byInstanceof(Object msg) {
    int kinds = 0;
    if (msg instanceof HttpObject) {
      kinds |= MessageKinds.OBJECT;
    }
    if (msg instanceof HttpRequest) {
      kinds |= MessageKinds.REQUEST;
    }
    if (msg instanceof HttpResponse) {
      kinds |= MessageKinds.RESPONSE;
    }
    if (msg instanceof HttpContent) {
      kinds |= MessageKinds.CONTENT;
    }
    if (msg instanceof LastHttpContent) {
      kinds |= MessageKinds.LAST;
    }
    return kinds;
  }

  /** A request head that is also the end of its request, of a class the fast path does not know. */
  private static final class HeadAndEnd extends DefaultHttpRequest implements LastHttpContent {
    HeadAndEnd() {
      super(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    }

    @Override
    public HttpHeaders trailingHeaders() {
      return headers();
    }

    @Override
    public ByteBuf content() {
      return Unpooled.EMPTY_BUFFER;
    }

    @Override
    public LastHttpContent copy() {
      return this;
    }

    @Override
    public LastHttpContent duplicate() {
      return this;
    }

    @Override
    public LastHttpContent retainedDuplicate() {
      return this;
    }

    @Override
    public LastHttpContent replace(ByteBuf content) {
      return this;
    }

    @Override
    public LastHttpContent retain() {
      return this;
    }

    @Override
    public LastHttpContent retain(int increment) {
      return this;
    }

    @Override
    public LastHttpContent touch() {
      return this;
    }

    @Override
    public LastHttpContent touch(Object hint) {
      return this;
    }

    @Override
    public int refCnt() {
      return 1;
    }

    @Override
    public boolean release() {
      return false;
    }

    @Override
    public boolean release(int decrement) {
      return false;
    }
  }

  /** What an {@link HttpObjectAggregator} makes of a request head, a chunk and its end. */
  private static Object aggregated(boolean request) {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpObjectAggregator(1024));
    Object head = request
        ? new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/")
        : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    channel.writeInbound(head, new DefaultHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII)),
        new DefaultLastHttpContent());
    Object whole = channel.readInbound();
    channel.finishAndReleaseAll();
    return whole;
  }

  private static List<Object> messages() {
    List<Object> all = new ArrayList<>();
    all.add(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    all.add(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.buffer(1)));
    all.add(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    all.add(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.buffer(1)));
    all.add(new DefaultHttpContent(Unpooled.buffer(1)));
    all.add(new DefaultLastHttpContent());
    all.add(LastHttpContent.EMPTY_LAST_CONTENT);
    all.add(aggregated(true));
    all.add(aggregated(false));
    all.add(new HeadAndEnd());
    all.add(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/") {});
    all.add(new DefaultHttpObject() {});
    all.add(Unpooled.buffer(1));
    all.add(new TextWebSocketFrame("x"));
    all.add("not a message");
    return all;
  }

  @Test
  void everyMessageIsClassifiedAsInstanceofWould() {
    List<Object> all = messages();
    try {
      for (Object msg : all) {
        assertThat(MessageKinds.of(msg)).as(msg.getClass().getName()).isEqualTo(byInstanceof(msg));
        assertThat(MessageKinds.ofOther(msg)).as(msg.getClass().getName()).isEqualTo(byInstanceof(msg));
      }
    } finally {
      all.forEach(ReferenceCountUtil::release);
    }
  }

  @Test
  void theFastPathCoversTheCodecsOwnClassesAndNothingElse() {
    // Each of these is answered by identity: the same bits as the instanceof path, and a kind set
    // that says what the codec needs (a head that is no end, an end that is no head, ...).
    assertThat(MessageKinds.of(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/")))
        .isEqualTo(MessageKinds.OBJECT | MessageKinds.REQUEST);
    assertThat(MessageKinds.of(LastHttpContent.EMPTY_LAST_CONTENT))
        .isEqualTo(MessageKinds.OBJECT | MessageKinds.CONTENT | MessageKinds.LAST);
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.buffer(1));
    try {
      assertThat(MessageKinds.of(response))
          .isEqualTo(MessageKinds.OBJECT | MessageKinds.RESPONSE | MessageKinds.CONTENT | MessageKinds.LAST);
    } finally {
      response.release();
    }
    HeadAndEnd both = new HeadAndEnd();
    assertThat(MessageKinds.of(both))
        .isEqualTo(MessageKinds.OBJECT | MessageKinds.REQUEST | MessageKinds.CONTENT | MessageKinds.LAST);
    assertThat(MessageKinds.is(MessageKinds.of(both), MessageKinds.RESPONSE)).isFalse();
    assertThat(MessageKinds.of("text")).isZero();
  }
}
