package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests as a head and chunks, as {@code HttpServerCodec} delivers them without an aggregator. */
class StreamingRequestTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, app);

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    assertThat(channel.finishAndReleaseAll()).as("unread messages").isFalse();
  }

  private void answer(int status) {
    channel.writeOutbound(Fixture.response(HttpResponseStatus.valueOf(status), ""));
    ((FullHttpResponse) channel.readOutbound()).release();
  }

  @Test
  void anAdmittedRequestAndItsChunksPassOnAsTheyAre() {
    HttpRequest head = Fixture.head(HttpMethod.PUT, "/upload");
    HttpContent chunk = Fixture.chunk("abc");
    LastHttpContent last = Fixture.last("def");

    channel.writeInbound(head, chunk, last);

    assertThat(app.received).containsExactly(head, chunk, last);
    assertThat(chunk.refCnt()).isEqualTo(1);
    assertThat(BulwarkHandler.exchange(channel, head)).isNotNull();
    answer(204);
    assertThat(f.outcomes).containsExactly("succeeded");
    chunk.release();
    last.release();
  }

  @Test
  void aRejectedRequestsChunksAreDroppedUpToTheLastAndTheNextRequestPasses() {
    f.breaker.forceOpen();
    HttpRequest head = Fixture.head(HttpMethod.PUT, "/upload");
    HttpContent chunk = Fixture.chunk("abc");
    LastHttpContent last = Fixture.last("def");

    channel.writeInbound(head);
    FullHttpResponse r = channel.readOutbound();
    channel.writeInbound(chunk, last);

    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().getAll("Retry-After")).containsExactly("1");
    assertThat(app.received).isEmpty();
    assertThat(chunk.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
    assertThat(channel.<Object>readOutbound()).as("one response only").isNull();
    r.release();

    f.breaker.reset();
    FullHttpRequest next = Fixture.get("/next");
    channel.writeInbound(next);
    assertThat(app.received).containsExactly(next);
    answer(200);
    next.release();
  }

  @Test
  void aCheckedBodyIsGatheredAndPassedOnAsOneRequest() {
    HttpRequest head = Fixture.head(HttpMethod.POST, "/echo?x=1");
    head.headers().set("X-Trace", "t1");
    HttpContent a = Fixture.chunk("hel");
    HttpContent b = Fixture.chunk("lo ");
    LastHttpContent last = Fixture.last("w\u00f6rld");
    last.trailingHeaders().set("X-Checksum", "c");

    channel.writeInbound(head, a);
    assertThat(app.received).as("nothing until the body is complete").isEmpty();
    channel.writeInbound(b, last);

    assertThat(app.received).hasSize(1);
    FullHttpRequest full = (FullHttpRequest) app.received.get(0);
    assertThat(full.method()).isEqualTo(HttpMethod.POST);
    assertThat(full.uri()).isEqualTo("/echo?x=1");
    assertThat(full.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello w\u00f6rld");
    assertThat(full.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("12");
    assertThat(full.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
    assertThat(full.headers().get("X-Trace")).isEqualTo("t1");
    assertThat(full.trailingHeaders().get("X-Checksum")).isEqualTo("c");
    assertThat(BulwarkHandler.exchange(channel, full)).isNotNull();
    answer(200);
    full.release();
    assertThat(a.refCnt()).as("the chunks' bytes belonged to the whole request").isZero();
    assertThat(b.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AtTheChunkThatCrossesItAndTheRestIsDropped() {
    HttpContent first = Fixture.chunk("0123456789");
    HttpContent second = Fixture.chunk("0123456");
    LastHttpContent last = Fixture.last("tail");
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), first);
    assertThat(channel.<Object>readOutbound()).isNull();

    channel.writeInbound(second);
    FullHttpResponse r = channel.readOutbound();
    channel.writeInbound(last);

    assertThat(r.status().code()).isEqualTo(413);
    assertThat(Fixture.json(r.content()).get("detail").asText())
        .isEqualTo("The request body is too large: body larger than 16 bytes");
    assertThat(app.received).isEmpty();
    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
    assertThat(f.inFlight.inFlight()).isZero();
    r.release();
  }

  @Test
  void aBodyOfExactlyTheLimitPasses() {
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), Fixture.chunk("0123456789"),
        Fixture.last("abcdef"));

    FullHttpRequest full = (FullHttpRequest) app.received.get(0);
    assertThat(full.content().readableBytes()).isEqualTo(16);
    answer(200);
    full.release();
  }

  @Test
  void aGatheredBodyWithAnInjectionIs400AfterItsLastChunk() {
    channel.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), Fixture.chunk("<svg "));
    channel.writeInbound(Fixture.last("onload=x>"));

    FullHttpResponse r = channel.readOutbound();
    JsonNode body = Fixture.json(r.content());
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(body.get("violations").get(0).get("code").asText()).isEqualTo("XSS");
    assertThat(app.received).isEmpty();
    r.release();
  }

  @Test
  void aGatheredBodyIsPrecededBy100ContinueWhenTheClientWaitsForIt() {
    HttpRequest head = Fixture.head(HttpMethod.POST, "/echo");
    head.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

    channel.writeInbound(head);
    FullHttpResponse interim = channel.readOutbound();
    channel.writeInbound(Fixture.last("hi"));

    assertThat(interim.status()).isEqualTo(HttpResponseStatus.CONTINUE);
    assertThat(interim.content().readableBytes()).isZero();
    assertThat(interim.headers().contains("Content-Security-Policy")).isFalse();
    FullHttpRequest full = (FullHttpRequest) app.received.get(0);
    assertThat(full.headers().contains(HttpHeaderNames.EXPECT)).isFalse();
    answer(200);
    full.release();
  }

  @Test
  void aRejectedRequestThatAwaits100ContinueClosesTheConnection() {
    f.breaker.forceOpen();
    HttpRequest head = Fixture.head(HttpMethod.POST, "/upload");
    head.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

    channel.writeInbound(head);
    FullHttpResponse r = channel.readOutbound();

    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    assertThat(channel.isOpen()).isFalse();
    r.release();
  }

  private static LastHttpContent undecodable() {
    LastHttpContent bad = Fixture.last("");
    bad.setDecoderResult(DecoderResult.failure(new NumberFormatException("For input string: \"zz\"")));
    return bad;
  }

  @Test
  void aRequestWithAnUnknownTransferCodingAndWhatFollowsItNeverReachTheApp() {
    FullHttpRequest a = Fixture.get("/a");
    HttpRequest head = Fixture.head(HttpMethod.POST, "/upload");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "xchunked");
    FullHttpRequest smuggled = Fixture.get("/smuggled");

    channel.writeInbound(a, head, smuggled);

    assertThat(app.received).containsExactly(a);
    assertThat(smuggled.refCnt()).as("discarded").isZero();
    assertThat(channel.<Object>readOutbound()).as("the refusal waits for the response owed first").isNull();
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, "a"));
    FullHttpResponse first = channel.readOutbound();
    FullHttpResponse r = channel.readOutbound();
    assertThat(first.status().code()).isEqualTo(200);
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    Fixture.assertSecurityHeaders(r.headers(), Fixture.nonceOf(r.headers()));
    assertThat(channel.isOpen()).isFalse();
    a.release();
    first.release();
    r.release();
  }

  @Test
  void aBodyThatFailsToDecodeAfterItsResponseStartedClosesTheConnection() {
    HttpRequest head = Fixture.head(HttpMethod.PUT, "/upload");
    channel.writeInbound(head);
    channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    HttpResponse started = channel.readOutbound();
    LastHttpContent bad = undecodable();

    channel.writeInbound(bad);

    assertThat(channel.isOpen()).isFalse();
    assertThat(app.received).as("the failed chunk is not passed on").containsExactly(head);
    assertThat(bad.refCnt()).isZero();
    assertThat(f.outcomes).as("cancelled").isEmpty();
    assertThat(started.status().code()).isEqualTo(200);
  }

  @Test
  void aBodyThatFailsToDecodeBehindAResponseOwedMakesItsWaitingRejectionCloseTheConnection() {
    FullHttpRequest a = Fixture.get("/a");
    channel.writeInbound(a);
    f.breaker.forceOpen();
    channel.writeInbound(Fixture.head(HttpMethod.PUT, "/upload"));

    channel.writeInbound(undecodable());

    assertThat(channel.isOpen()).isTrue();
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, "a"));
    FullHttpResponse first = channel.readOutbound();
    FullHttpResponse second = channel.readOutbound();
    assertThat(first.status().code()).isEqualTo(200);
    assertThat(second.status().code()).isEqualTo(503);
    assertThat(second.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    assertThat(channel.isOpen()).isFalse();
    assertThat(app.received).containsExactly(a);
    a.release();
    first.release();
    second.release();
  }
}
