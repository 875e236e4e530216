package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression: a route without a body limit accepted a streamed body of any size, and a route with
 * one had its body buffered here to hold it. A streamed body no content gate reads now passes on
 * chunk by chunk and is only counted against the route's (or the edge's) limit.
 */
class StreamedBodyLimitTest {

  private final KeyedConcurrencyLimiter<String> inFlight = KeyedConcurrencyLimiter.builder(5, 5).build();
  private final Edge edge = Edge.builder().ticker(new ManualTicker()).maxBodyBytes(8)
      .defaultRoute(Route.builder("/**").name("default").concurrency(ConcurrencyGate.of(inFlight)).build())
      .build();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(new BulwarkHandler(edge), app);

  @Test
  void aStreamedBodyWithinTheLimitPassesChunkByChunk() {
    HttpRequest head = Fixture.head(HttpMethod.POST, "/upload");
    HttpContent chunk = Fixture.chunk("1234");
    LastHttpContent last = Fixture.last("5678");

    channel.writeInbound(head, chunk, last);

    assertThat(app.received).containsExactly(head, chunk, last);
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    ((FullHttpResponse) channel.readOutbound()).release();
    assertThat(inFlight.inFlight()).isZero();
    chunk.release();
    last.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aStreamedBodyPastTheLimitIsRefusedWith413AndTheConnectionClosed() {
    HttpRequest head = Fixture.head(HttpMethod.POST, "/upload");
    HttpContent chunk = Fixture.chunk("1234");
    HttpContent over = Fixture.chunk("56789");

    channel.writeInbound(head, chunk);
    assertThat(inFlight.inFlight()).isOne();
    channel.writeInbound(over);

    assertThat(app.received).containsExactly(head, chunk); // never the chunk past the limit
    assertThat(over.refCnt()).isZero();
    FullHttpResponse response = channel.readOutbound();
    assertThat(response.status().code()).isEqualTo(413);
    assertThat(HttpUtil.isKeepAlive(response)).isFalse();
    assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"TOO_LARGE\"", "body larger than 8 bytes");
    response.release();
    assertThat(inFlight.inFlight()).isZero();
    assertThat(channel.isOpen()).isFalse();
    chunk.release();
    channel.finishAndReleaseAll();
  }
}
