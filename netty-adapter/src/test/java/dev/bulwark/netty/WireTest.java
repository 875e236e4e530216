package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes in and out through a real {@link HttpServerCodec}, as a client sees the handler. */
class WireTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(new HttpServerCodec(), f.bulwark, app);

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    app.received.forEach(ReferenceCountUtil::release);
    assertThat(channel.finishAndReleaseAll()).as("unread messages").isFalse();
  }

  private void send(String text) {
    channel.writeInbound(Fixture.utf8(text));
  }

  private String written() {
    StringBuilder sb = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      sb.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return sb.toString();
  }

  private void answer(HttpResponseStatus status) {
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().set("Content-Length", 0);
    channel.writeOutbound(response);
  }

  @Test
  void aBodyRefusedMidStreamIsDrainedAndThePipelinedRequestBehindItIsServedInOrder() {
    send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "14\r\n" + "a".repeat(20) + "\r\n0\r\n\r\n"
        + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(app.received).hasSize(2);
    assertThat(((HttpRequest) app.received.get(0)).uri()).isEqualTo("/next");
    assertThat(app.received.get(1)).isInstanceOf(LastHttpContent.class);
    answer(HttpResponseStatus.OK);

    String out = written();
    assertThat(out).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
    assertThat(out).containsOnlyOnce("HTTP/1.1 200 OK\r\n");
    assertThat(out.indexOf("HTTP/1.1 200 OK")).isGreaterThan(out.indexOf("body larger than 16 bytes"));
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void aRejectedHeadRequestGetsTheLengthButNoBody() {
    for (int i = 0; i < 2; i++) {
      send("HEAD /limited HTTP/1.1\r\nHost: x\r\n\r\n");
      answer(HttpResponseStatus.OK);
    }
    written();

    send("HEAD /limited HTTP/1.1\r\nHost: x\r\n\r\n");

    String out = written();
    assertThat(out).startsWith("HTTP/1.1 429 Too Many Requests\r\n");
    assertThat(out).containsPattern("(?i)\r\ncontent-length: [1-9][0-9]*\r\n");
    assertThat(out).containsPattern("(?i)\r\ncontent-type: application/problem\\+json\r\n");
    assertThat(out).endsWith("\r\n\r\n");
  }

  @Test
  void aRejectedGetCarriesItsProblemBodyOnTheWire() {
    f.breaker.forceOpen();

    send("GET /x?y=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    String out = written();
    assertThat(out).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
    assertThat(out).containsPattern("(?i)\r\nconnection: close\r\n");
    assertThat(out).endsWith("\"instance\":\"/x\",\"retryAfter\":1}");
    assertThat(app.received).isEmpty();
    assertThat(channel.isOpen()).isFalse();
    // The codec decoded the request's (empty) last content in the same read; it reaches the tail
    // of the torn-down pipeline, never the app.
    assertThat(channel.inboundMessages()).singleElement().isInstanceOf(LastHttpContent.class);
    channel.releaseInbound();
  }
}
