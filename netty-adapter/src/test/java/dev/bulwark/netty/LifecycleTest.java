package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.EdgeExchange;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelining, and every way an exchange can end without its response: the channel closing, an
 * exception, a failed write, the handler being removed. No path may leak a permit.
 */
class LifecycleTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, app);

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    channel.finishAndReleaseAll();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderEachWithItsOwnHeaders() {
    FullHttpRequest a = Fixture.get("/a");
    FullHttpRequest b = Fixture.get("/b");
    channel.writeInbound(a, b);

    assertThat(app.received).containsExactly(a, b);
    assertThat(f.inFlight.inFlight()).isEqualTo(2);
    EdgeExchange ea = BulwarkHandler.exchange(channel, a);
    EdgeExchange eb = BulwarkHandler.exchange(channel, b);
    assertThat(ea).isNotNull().isNotSameAs(eb);

    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, "a"));
    assertThat(f.inFlight.inFlight()).isEqualTo(1);
    assertThat(BulwarkHandler.exchange(channel, a)).isNull();
    channel.writeOutbound(Fixture.response(HttpResponseStatus.NOT_FOUND, "b"));

    FullHttpResponse ra = channel.readOutbound();
    FullHttpResponse rb = channel.readOutbound();
    assertThat(Fixture.nonceOf(ra.headers())).isEqualTo(ea.cspNonce());
    assertThat(Fixture.nonceOf(rb.headers())).isEqualTo(eb.cspNonce());
    assertThat(f.outcomes).containsExactly("succeeded", "succeeded");
    ReferenceCountUtil.release(a);
    ReferenceCountUtil.release(b);
    ra.release();
    rb.release();
  }

  @Test
  void aConnectionsQueueEntryIsReusedOnlyAfterItsWriteCompletedAndEachExchangeGetsItsOwnOutcome() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    ChannelFuture written = channel.write(Fixture.response(HttpResponseStatus.OK, "a"));
    assertThat(written.isDone()).as("not flushed yet: a's entry is still the write's listener").isFalse();
    FullHttpRequest b = Fixture.get("/b");
    channel.writeInbound(b); // admitted while a's write is pending: an entry of its own
    assertThat(BulwarkHandler.exchange(channel, b)).isNotNull();
    channel.flush();
    assertThat(written.isSuccess()).isTrue();
    assertThat(f.outcomes).containsExactly("succeeded");

    channel.writeOutbound(Fixture.response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "b"));
    FullHttpRequest c = Fixture.get("/c"); // takes an entry back
    channel.writeInbound(c);
    EdgeExchange ec = BulwarkHandler.exchange(channel, c);
    assertThat(ec).isNotNull();
    assertThat(BulwarkHandler.exchange(channel, a)).isNull();
    assertThat(BulwarkHandler.exchange(channel, b)).isNull();
    channel.writeOutbound(Fixture.response(HttpResponseStatus.CREATED, "c"));

    assertThat(f.outcomes).hasSize(3);
    assertThat(f.outcomes.get(0)).isEqualTo("succeeded");
    assertThat(f.outcomes.get(1)).startsWith("failed");
    assertThat(f.outcomes.get(2)).isEqualTo("succeeded");
    assertThat(f.inFlight.inFlight()).isZero();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ReferenceCountUtil.release(out);
    }
    ReferenceCountUtil.release(a);
    ReferenceCountUtil.release(b);
    ReferenceCountUtil.release(c);
  }

  @Test
  void aRejectionBehindAPendingResponseWaitsItsTurn() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    f.breaker.forceOpen();
    FullHttpRequest b = Fixture.get("/b");
    channel.writeInbound(b);

    assertThat(channel.<Object>readOutbound()).as("b's rejection must not overtake a's response").isNull();
    assertThat(b.refCnt()).isZero();

    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, "a"));
    FullHttpResponse first = channel.readOutbound();
    FullHttpResponse second = channel.readOutbound();
    assertThat(first.status().code()).isEqualTo(200);
    assertThat(first.content().toString(StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(second.status().code()).isEqualTo(503);
    assertThat(app.received).containsExactly(a);
    a.release();
    first.release();
    second.release();
  }

  @Test
  void closingTheChannelCancelsARequestTheAppNeverAnswered() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    assertThat(f.inFlight.inFlight()).isEqualTo(1);

    channel.close().syncUninterruptibly();

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).as("cancelled: no outcome recorded").isEmpty();
    a.release();
  }

  @Test
  void closingTheChannelWhileABodyIsGatheredReleasesItAndThePermit() {
    HttpContent chunk = Fixture.chunk("abc");
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), chunk);
    assertThat(f.inFlight.inFlight()).isEqualTo(1);

    channel.close().syncUninterruptibly();

    assertThat(chunk.refCnt()).isZero();
    assertThat(app.received).isEmpty();
  }

  @Test
  void closingTheChannelReleasesARejectionStillWaitingItsTurn() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    f.breaker.forceOpen();
    channel.writeInbound(Fixture.get("/b"));

    channel.close().syncUninterruptibly();

    assertThat(channel.<Object>readOutbound()).isNull();
    assertThat(f.outcomes).isEmpty();
    a.release();
  }

  @Test
  void anExceptionFromTheTransportCancelsTheExchangesWithoutBlamingTheAppAndIsPassedOn() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    IOException reset = new IOException("connection reset");

    channel.pipeline().fireExceptionCaught(reset);

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).as("cancelled: a client's reset must not open the breaker").isEmpty();
    assertThat(app.exceptions).containsExactly(reset);
    // A response the app still writes goes out with the edge's headers, and records nothing.
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    FullHttpResponse r = channel.readOutbound();
    Fixture.nonceOf(r.headers());
    assertThat(f.outcomes).isEmpty();
    a.release();
    r.release();
  }

  @Test
  void anEdgeThatThrowsForOneRequestPassesTheErrorOnAndSparesTheOthers() {
    Fixture broken = new Fixture(new IllegalStateException("limiter store unreachable"));
    Recorder behind = new Recorder();
    EmbeddedChannel ch = Fixture.channel(broken.bulwark, behind);
    FullHttpRequest held = Fixture.get("/a");
    ch.writeInbound(held);
    HttpContent chunk = Fixture.chunk("x");

    ch.writeInbound(Fixture.head(HttpMethod.POST, "/broken"), chunk, Fixture.last(""));

    assertThat(behind.received).containsExactly(held);
    assertThat(behind.exceptions).singleElement().extracting(Throwable::getMessage)
        .isEqualTo("limiter store unreachable");
    assertThat(chunk.refCnt()).isZero();
    assertThat(broken.inFlight.inFlight()).as("the held request keeps its permit").isEqualTo(1);
    ch.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    assertThat(broken.outcomes).containsExactly("succeeded");
    broken.assertIdle();
    held.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void aClientPipeliningTooFarAheadOfItsAnswersIsDisconnected() {
    FullHttpRequest held = Fixture.get("/a");
    channel.writeInbound(held);
    f.breaker.forceOpen();
    FullHttpRequest[] flood = new FullHttpRequest[ChannelState.MAX_PENDING + 5];
    for (int i = 0; i < flood.length; i++) {
      flood[i] = Fixture.get("/b" + i);
    }

    channel.writeInbound((Object[]) flood);

    assertThat(channel.isOpen()).isFalse();
    assertThat(flood).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    assertThat(channel.<Object>readOutbound()).as("no rejection overtook the unanswered request").isNull();
    assertThat(app.received).containsExactly(held);
    held.release();
  }

  @Test
  void anExceptionWhileABodyIsGatheredCancelsItAndDropsTheRest() {
    HttpContent first = Fixture.chunk("abc");
    HttpContent rest = Fixture.last("def");
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), first);

    channel.pipeline().fireExceptionCaught(new IOException("boom"));
    channel.writeInbound(rest);

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(first.refCnt()).isZero();
    assertThat(rest.refCnt()).isZero();
    assertThat(app.received).isEmpty();
  }

  @Test
  void aFailedWriteFailsTheExchange() {
    ChannelOutboundHandlerAdapter brokenPipe = new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IOException("broken pipe"));
      }
    };
    EmbeddedChannel broken = Fixture.channel(brokenPipe, f.bulwark, new Recorder());
    FullHttpRequest a = Fixture.get("/a");
    broken.writeInbound(a);

    ChannelFuture written = broken.writeOneOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    broken.flushOutbound();

    assertThat(written.cause()).hasMessage("broken pipe");
    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).containsExactly("failed: java.io.IOException: broken pipe");
    a.release();
    broken.finishAndReleaseAll();
  }

  @Test
  void removingTheHandlerCancelsWhatItHolds() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);

    channel.pipeline().remove(f.bulwark);

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).isEmpty();
    a.release();
  }

  @Test
  void oneInstanceServesManyChannelsIndependently() {
    Recorder otherApp = new Recorder();
    EmbeddedChannel other = Fixture.channel(f.bulwark, otherApp);
    FullHttpRequest a = Fixture.get("/a");
    FullHttpRequest b = Fixture.get("/b");
    channel.writeInbound(a);
    other.writeInbound(b);

    other.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));

    assertThat(BulwarkHandler.exchange(channel, a)).isNotNull();
    assertThat(BulwarkHandler.exchange(other, b)).isNull();
    assertThat(BulwarkHandler.exchange(other, a)).isNull();
    assertThat(f.inFlight.inFlight()).isEqualTo(1);
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    assertThat(f.inFlight.inFlight()).isZero();
    a.release();
    b.release();
    other.finishAndReleaseAll();
  }

  @Test
  void twoHandlersInOnePipelineAreRefusedLoudly() {
    Fixture second = new Fixture();
    Recorder behind = new Recorder();
    EmbeddedChannel both = Fixture.channel(f.bulwark, second.bulwark, behind);
    FullHttpRequest a = Fixture.get("/a");

    both.writeInbound(a);

    assertThat(behind.received).isEmpty();
    assertThat(a.refCnt()).isZero();
    assertThat(behind.exceptions).singleElement().isInstanceOf(IllegalStateException.class)
        .extracting(Throwable::getMessage).asString()
        .startsWith("one BulwarkHandler per channel, but ");
    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(second.inFlight.inFlight()).isZero();
    both.finishAndReleaseAll();
  }

  @Test
  void exchangeMustBeLookedUpOnTheEventLoop() throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      NioSocketChannel socket = new NioSocketChannel();
      group.register(socket).sync();
      FullHttpRequest request = Fixture.get("/a");

      assertThatThrownBy(() -> BulwarkHandler.exchange(socket, request))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("BulwarkHandler.exchange must be called on the event loop of ");
      assertThat(socket.eventLoop().submit(() -> BulwarkHandler.exchange(socket, request)).get()).isNull();
      assertThatThrownBy(() -> BulwarkHandler.exchange(channel, null)).isInstanceOf(NullPointerException.class)
          .hasMessage("request");
      socket.close().sync();
      request.release();
    } finally {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }
}
