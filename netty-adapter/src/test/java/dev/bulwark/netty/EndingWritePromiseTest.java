package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write that ends a response finishes its exchange through {@link EndingWritePromise} instead
 * of a listener on the application's promise: with the same outcome, in the same order relative to
 * the application's own listeners, exactly once, whatever completes the promise.
 */
class EndingWritePromiseTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, app);
  private final List<String> order = new ArrayList<>();

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    app.received.forEach(ReferenceCountUtil::release);
    channel.finishAndReleaseAll();
  }

  private void admit() {
    FullHttpRequest request = Fixture.get("/a");
    channel.writeInbound(request);
    assertThat(app.received).contains(request);
    assertThat(f.inFlight.inFlight()).isEqualTo(1);
  }

  private void releaseWritten() {
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ReferenceCountUtil.release(out);
    }
  }

  @Test
  void theApplicationsListenersBeforeTheWriteRunFirstAndThoseAfterItSeeTheExchangeFinished() {
    admit();
    ChannelPromise promise = channel.newPromise();
    promise.addListener(done -> order.add("before, outcomes " + f.outcomes.size()));

    ChannelFuture written = channel.writeAndFlush(Fixture.response(HttpResponseStatus.OK, "a"), promise);
    written.addListener(done -> order.add("after, outcomes " + f.outcomes.size()));

    assertThat(written).isSameAs(promise);
    assertThat(promise.isSuccess()).isTrue();
    assertThat(order).containsExactly("before, outcomes 0", "after, outcomes 1");
    assertThat(f.outcomes).containsExactly("succeeded");
    releaseWritten();
  }

  @Test
  void aPromiseCancelledBeforeTheFlushFinishesTheExchangeAsTheCancellation() {
    admit();
    ChannelPromise promise = channel.newPromise();
    FullHttpResponse response = Fixture.response(HttpResponseStatus.OK, "a");
    ChannelFuture unused = channel.write(response, promise);
    assertThat(f.outcomes).isEmpty();

    assertThat(promise.cancel(false)).isTrue();
    channel.flush(); // the outbound buffer drops the cancelled write without completing its promise

    assertThat(f.outcomes).singleElement().asString()
        .startsWith("failed: java.util.concurrent.CancellationException");
    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(response.refCnt()).as("the response was dropped, not sent").isZero();
    releaseWritten(); // the empty buffer Netty leaves in a cancelled write's place
  }

  @Test
  void aWriteFailedAfterThisHandlerFailsTheExchangeOnceAndTheApplicationsPromise() {
    EmbeddedChannel broken = Fixture.channel(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        assertThat(promise).isInstanceOf(EndingWritePromise.class);
        assertThat(promise.tryFailure(new IOException("reset"))).isTrue();
        assertThat(promise.tryFailure(new IOException("again"))).isFalse();
        assertThatThrownBy(promise::setSuccess).isInstanceOf(IllegalStateException.class);
      }
    }, f.bulwark, new Recorder());
    FullHttpRequest request = Fixture.get("/a");
    broken.writeInbound(request);

    ChannelFuture written = broken.writeAndFlush(Fixture.response(HttpResponseStatus.OK, "a"));

    assertThat(written.cause()).hasMessage("reset");
    assertThat(f.outcomes).containsExactly("failed: java.io.IOException: reset");
    assertThat(f.inFlight.inFlight()).isZero();
    request.release();
    broken.finishAndReleaseAll();
  }

  @Test
  void aVoidPromiseIsMadeARealOneAndTheExchangeStillFinishes() {
    admit();
    ChannelFuture unused = channel.writeAndFlush(Fixture.response(HttpResponseStatus.OK, "a"), channel.voidPromise());

    assertThat(f.outcomes).containsExactly("succeeded");
    releaseWritten();
  }

  @Test
  void aProgressivePromiseKeepsItsTypeAndTheExchangeFinishesThroughAListener() {
    EmbeddedChannel seen = Fixture.channel(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
          throws Exception {
        order.add(promise.getClass().getSimpleName());
        super.write(ctx, msg, promise);
      }
    }, f.bulwark, new Recorder());
    FullHttpRequest request = Fixture.get("/a");
    seen.writeInbound(request);
    ChannelProgressivePromise promise = seen.newProgressivePromise();

    ChannelFuture unused = seen.writeAndFlush(Fixture.response(HttpResponseStatus.OK, "a"), promise);

    assertThat(order).containsExactly("DefaultChannelProgressivePromise");
    assertThat(promise.isSuccess()).isTrue();
    assertThat(f.outcomes).containsExactly("succeeded");
    request.release();
    for (Object out; (out = seen.readOutbound()) != null; ) {
      ReferenceCountUtil.release(out);
    }
    seen.finishAndReleaseAll();
  }

  @Test
  void theWrapperAnswersForTheApplicationsPromise() throws Exception {
    admit();
    List<ChannelPromise> passed = new ArrayList<>();
    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
          throws Exception {
        passed.add(promise);
        super.write(ctx, msg, promise);
      }
    });
    ChannelPromise promise = channel.newPromise();
    FullHttpResponse response = Fixture.response(HttpResponseStatus.OK, "a");
    ChannelFuture unused = channel.write(response, promise);
    ChannelPromise wrapper = passed.get(0);
    assertThat(wrapper).isInstanceOf(EndingWritePromise.class);
    assertThat(wrapper.channel()).isSameAs(channel);
    assertThat(wrapper.isVoid()).isFalse();
    assertThat(wrapper.unvoid()).isSameAs(wrapper);
    assertThat(wrapper.isDone()).isFalse();
    assertThat(wrapper.isCancellable()).isTrue();

    channel.flush();

    assertThat(wrapper.isDone()).isTrue();
    assertThat(wrapper.isSuccess()).isTrue();
    assertThat(wrapper.cause()).isNull();
    assertThat(wrapper.getNow()).isNull();
    assertThat(wrapper.get()).isNull();
    assertThat(wrapper.awaitUninterruptibly(1)).isTrue();
    assertThat(wrapper.sync()).isSameAs(wrapper);
    assertThat(wrapper.toString()).contains(promise.toString());
    assertThat(f.outcomes).containsExactly("succeeded");
    releaseWritten();
  }
}
