package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application that answers a request's head before its body has arrived (as Netty's own
 * hello-world does, answering on the head) ends the response while the body is still pending, in
 * the middle of a read, where the response's end now also notes the body's progress (so that the
 * read's end need not read the clock again): the rest of the body still passes, within its
 * timeout, and the exchange finishes once.
 */
class AnsweredHeadTest {

  private final Fixture f = new Fixture();
  private final List<String> seen = new ArrayList<>();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        seen.add("head");
        ChannelFuture unused = ctx.writeAndFlush(Fixture.response(HttpResponseStatus.OK, "early"));
      } else if (msg instanceof LastHttpContent) {
        seen.add("last " + ((HttpContent) msg).content().readableBytes());
      } else if (msg instanceof HttpContent) {
        seen.add("chunk " + ((HttpContent) msg).content().readableBytes());
      }
      ReferenceCountUtil.release(msg);
    }
  });

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    channel.finishAndReleaseAll();
  }

  @Test
  void aHeadAnsweredInItsOwnReadLeavesTheRestOfTheBodyItsTimeout() {
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/upload")); // the read ends: pending tasks run

    FullHttpResponse early = channel.readOutbound();
    assertThat(early.status()).isEqualTo(HttpResponseStatus.OK);
    early.release();
    assertThat(channel.isActive()).as("the body's timeout did not fire at once").isTrue();
    Object more = channel.readOutbound();
    assertThat(more).as("no 408").isNull();

    channel.writeInbound(Fixture.chunk("abc"), Fixture.last("de"));

    assertThat(seen).containsExactly("head", "chunk 3", "last 2");
    assertThat(channel.isActive()).isTrue();
    assertThat(f.outcomes).containsExactly("succeeded");
  }
}
