package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.RawClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/**
 * The request headers of {@link BulwarkHandler#decoderConfig()}: Netty's exact class (a subclass
 * would make Netty's shared header code polymorphic), with the decoder's rewrites of
 * {@code Content-Length} noted for the request whose headers they are, and for no other.
 */
class RequestHeadersTest {

  private static HttpRequest request(HttpHeaders headers) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", headers);
  }

  @Test
  void theHeadersAreNettysOwnClass() {
    assertThat(RequestHeaders.FACTORY.newHeaders().getClass()).isEqualTo(DefaultHttpHeaders.class);
  }

  /** Headers made by the factory on the calling thread, whose Content-Length the decoder dropped. */
  private static HttpRequest droppedLength() {
    HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
    headers.add(HttpHeaderNames.CONTENT_LENGTH, "5").add(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    return request(headers);
  }

  @Test
  void aChannelsStateReadsTheNotesOfTheThreadItRunsOnAfterAChangeOfThread() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      ChannelState state = new ChannelState(
          new BulwarkHandler(Edge.builder().route(Route.builder("/**").name("all").build()).build()),
          channel, channel.eventLoop());
      HttpRequest here = droppedLength();
      state.noteHeaders(here);
      assertThat(RequestHeaders.rewritten(here)).isEqualTo(ProtocolError.LENGTH_AND_CODING);

      // As if the channel were registered on another event loop: the state kept this thread's notes.
      AtomicReference<@Nullable ProtocolError> there = new AtomicReference<>();
      Thread other = new Thread(() -> {
        HttpRequest request = droppedLength();
        state.noteHeaders(request);
        there.set(RequestHeaders.rewritten(request));
      });
      other.start();
      other.join();
      assertThat(there.get()).isEqualTo(ProtocolError.LENGTH_AND_CODING);

      HttpRequest again = droppedLength();
      state.noteHeaders(again);
      assertThat(RequestHeaders.rewritten(again)).isEqualTo(ProtocolError.LENGTH_AND_CODING);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void aContentLengthRemovedAfterItWasAddedIsNotedAsDropped() {
    HttpHeaders headers = RequestHeaders.FACTORY.newHeaders();
    headers.add(HttpHeaderNames.CONTENT_LENGTH, "5").add(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest request = request(headers);
    RequestHeaders.note(request);
    assertThat(RequestHeaders.rewritten(request)).isEqualTo(ProtocolError.LENGTH_AND_CODING);
    assertThat(ProtocolError.of(request)).isEqualTo(ProtocolError.LENGTH_AND_CODING);
  }

  @Test
  void differingValuesReplacedByOneAreNotedAndIdenticalOnesAreNot() {
    HttpHeaders differing = RequestHeaders.FACTORY.newHeaders();
    differing.add(HttpHeaderNames.CONTENT_LENGTH, "2").add(HttpHeaderNames.CONTENT_LENGTH, "3");
    differing.set(HttpHeaderNames.CONTENT_LENGTH, 2L);
    HttpRequest first = request(differing);
    RequestHeaders.note(first);
    assertThat(ProtocolError.of(first)).isEqualTo(ProtocolError.BAD_LENGTH);

    HttpHeaders identical = RequestHeaders.FACTORY.newHeaders();
    identical.add(HttpHeaderNames.CONTENT_LENGTH, "2").add(HttpHeaderNames.CONTENT_LENGTH, "2, 2");
    identical.set(HttpHeaderNames.CONTENT_LENGTH, 2L);
    HttpRequest second = request(identical);
    RequestHeaders.note(second);
    assertThat(RequestHeaders.rewritten(second)).isNull();
    assertThat(ProtocolError.of(second)).isNull();
    assertThat(second.decoderResult().isSuccess()).isTrue();
  }

  @Test
  void notesApplyOnlyToTheHeadersMadeLastAndOnlyOnce() {
    HttpHeaders older = RequestHeaders.FACTORY.newHeaders();
    older.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    HttpHeaders newer = RequestHeaders.FACTORY.newHeaders();
    older.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest olderRequest = request(older);
    RequestHeaders.note(olderRequest); // not the headers made last: nothing is known about them
    assertThat(RequestHeaders.rewritten(olderRequest)).isNull();

    newer.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    newer.remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpRequest newerRequest = request(newer);
    RequestHeaders.note(newerRequest);
    assertThat(RequestHeaders.rewritten(newerRequest)).isEqualTo(ProtocolError.LENGTH_AND_CODING);

    HttpHeaders plain = RequestHeaders.FACTORY.newHeaders();
    plain.add(HttpHeaderNames.CONTENT_LENGTH, "5");
    HttpRequest plainRequest = request(plain);
    RequestHeaders.note(plainRequest);
    plain.remove(HttpHeaderNames.CONTENT_LENGTH); // after the handler read it: not the decoder's doing
    RequestHeaders.note(plainRequest);
    assertThat(RequestHeaders.rewritten(plainRequest)).isNull();
  }

  @Test
  void aCodecOnAnotherExecutorIsRefusedLoudlyNotServedWithoutItsChecks() throws Exception {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup worker = new NioEventLoopGroup(1);
    EventExecutorGroup codecs = new DefaultEventExecutorGroup(1);
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    List<Object> served = new CopyOnWriteArrayList<>();
    try {
      Edge edge = Edge.builder().route(Route.builder("/**").build()).build();
      BulwarkHandler bulwark = new BulwarkHandler(edge);
      Channel server = new ServerBootstrap().group(boss, worker).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(codecs, new HttpServerCodec(BulwarkHandler.decoderConfig()));
              ch.pipeline().addLast(bulwark, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  served.add(msg);
                  ReferenceCountUtil.release(msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                  seen.add(cause);
                }
              });
            }
          })
          .bind("127.0.0.1", 0).sync().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      try (RawClient raw = new RawClient(port)) {
        raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(raw.closedByServer()).isTrue();
      }
      assertThat(served).isEmpty();
      assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class)
          .extracting(Throwable::getMessage).asString()
          .startsWith("BulwarkHandler must run on the HTTP codec's executor");
      server.close().sync();
    } finally {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
      worker.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
      codecs.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }
}
