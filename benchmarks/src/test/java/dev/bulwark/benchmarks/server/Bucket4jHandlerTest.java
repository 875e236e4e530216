package dev.bulwark.benchmarks.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** The Netty Bucket4j peer admits within the limit, refuses beyond it and drops a refused body. */
class Bucket4jHandlerTest {

  /** An embedded channel with a real client address, as the handler reads it. */
  private static final class ClientChannel extends EmbeddedChannel {
    ClientChannel(Bucket4jHandler handler) {
      super(handler);
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return new InetSocketAddress("192.0.2.7", 40000);
    }
  }

  @Test
  void admitsWithTheRemainingTokensThenRefusesWithARetryAfter() {
    ClientChannel channel = new ClientChannel(new Bucket4jHandler(Bucket4jFilter.newCache(), 2));

    for (long left = 1; left >= 0; left--) {
      channel.writeInbound(get());
      assertThat(channel.<Object>readInbound()).isInstanceOf(HttpRequest.class);
      channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
      FullHttpResponse ok = channel.readOutbound();
      assertThat(ok.headers().get("X-Rate-Limit-Remaining")).isEqualTo(Long.toString(left));
      ok.release();
    }

    HttpRequest third = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/hello");
    channel.writeInbound(third, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {1})),
        LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.<Object>readInbound()).as("nothing of a refused request reaches the application").isNull();
    FullHttpResponse refused = channel.readOutbound();
    assertThat(refused.status()).isEqualTo(HttpResponseStatus.TOO_MANY_REQUESTS);
    assertThat(Long.parseLong(refused.headers().get("X-Rate-Limit-Retry-After-Seconds"))).isBetween(1L, 2L);
    assertThat(refused.headers().get("X-Rate-Limit-Remaining")).isNull();
    assertThat(channel.isOpen()).as("a keep-alive request keeps its connection").isTrue();
    refused.release();
    channel.finishAndReleaseAll();
  }

  private static HttpRequest get() {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/hello?q=x");
  }
}
