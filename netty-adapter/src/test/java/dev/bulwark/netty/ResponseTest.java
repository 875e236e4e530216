package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.http.EdgeExchange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the handler does to the application's responses, and when it finishes the exchange. */
class ResponseTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, app);

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    assertThat(channel.finishAndReleaseAll()).as("unread messages").isFalse();
  }

  private FullHttpRequest admit(String uri) {
    FullHttpRequest request = Fixture.get(uri);
    channel.writeInbound(request);
    assertThat(app.received).contains(request);
    request.release();
    return request;
  }

  @Test
  void aStreamedResponseGetsTheHeadersOnItsHeadAndCompletesOnItsLastContent() {
    FullHttpRequest request = admit("/page");
    EdgeExchange exchange = BulwarkHandler.exchange(channel, request);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpUtil.setTransferEncodingChunked(head, true);
    head.headers().set("Content-Security-Policy", "default-src *").add("Vary", "Accept");

    channel.writeOutbound(head, Fixture.chunk("part"));
    assertThat(f.inFlight.inFlight()).as("not finished before its last content").isEqualTo(1);
    assertThat(BulwarkHandler.exchange(channel, request)).isSameAs(exchange);
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).containsExactly("succeeded");
    HttpResponse written = channel.readOutbound();
    assertThat(written).isSameAs(head);
    Fixture.assertSecurityHeaders(written.headers(), exchange.cspNonce());
    assertThat(written.headers().getAll("Vary")).as("the app's Vary is kept").contains("Accept");
    ((HttpContent) channel.readOutbound()).release();
    assertThat(channel.<Object>readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  @Test
  void interimResponsesAreLeftAloneAndDoNotFinishTheExchange() {
    admit("/upload");
    FullHttpResponse interim = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);

    channel.writeOutbound(interim);

    assertThat(interim.headers().isEmpty()).isTrue();
    assertThat(f.inFlight.inFlight()).isEqualTo(1);
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    assertThat(f.inFlight.inFlight()).isZero();
    ((FullHttpResponse) channel.readOutbound()).release();
    FullHttpResponse last = channel.readOutbound();
    Fixture.nonceOf(last.headers());
    last.release();
  }

  @Test
  void switchingProtocolsRecordsTheHandshakeButKeepsThePermitUntilTheChannelCloses() {
    admit("/socket");
    HttpResponse upgrade = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);

    channel.writeOutbound(upgrade);
    ByteBuf frame = Fixture.utf8("frame");
    channel.writeOutbound(frame);

    assertThat(f.outcomes).containsExactly("succeeded");
    assertThat(f.inFlight.inFlight()).isEqualTo(1);
    assertThat(channel.<Object>readOutbound()).isSameAs(upgrade);
    assertThat(channel.<Object>readOutbound()).isSameAs(frame);
    frame.release();

    assertThat(channel.close().isSuccess()).isTrue();
    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).containsExactly("succeeded");
  }

  @Test
  void serverErrorsAreRecordedAsBreakerFailuresUntilTheBreakerOpens() {
    for (int i = 0; i < 2; i++) {
      admit("/fragile");
      channel.writeOutbound(Fixture.response(HttpResponseStatus.INTERNAL_SERVER_ERROR, ""));
      FullHttpResponse failed = channel.readOutbound();
      Fixture.nonceOf(failed.headers());
      failed.release();
    }
    assertThat(f.outcomes).containsExactly(
        "failed: dev.bulwark.http.ServerErrorException: the handler answered 500",
        "failed: dev.bulwark.http.ServerErrorException: the handler answered 500");
    assertThat(f.breaker.state()).isEqualTo(CircuitState.OPEN);
    app.received.clear();

    FullHttpRequest refused = Fixture.get("/fragile");
    channel.writeInbound(refused);

    assertThat(app.received).isEmpty();
    FullHttpResponse r = channel.readOutbound();
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("Retry-After")).isEqualTo("30");
    r.release();
    f.ticker.advance(Duration.ofSeconds(30));
    admit("/fragile");
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    ((FullHttpResponse) channel.readOutbound()).release();
    assertThat(f.breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aStatusHttpDoesNotHaveFinishesTheExchangeAsAFailure() {
    admit("/odd");

    channel.writeOutbound(Fixture.response(new HttpResponseStatus(999, "Odd"), ""));

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).containsExactly(
        "failed: java.lang.IllegalStateException: the application answered with status 999");
    ((FullHttpResponse) channel.readOutbound()).release();
  }

  @Test
  void aResponseWrittenWithAVoidPromiseStillFinishesTheExchange() {
    admit("/a");

    ChannelFuture unused = channel.writeAndFlush(Fixture.response(HttpResponseStatus.OK, ""), channel.voidPromise());

    assertThat(f.inFlight.inFlight()).isZero();
    assertThat(f.outcomes).containsExactly("succeeded");
    ((FullHttpResponse) channel.readOutbound()).release();
  }

  @Test
  void aResponseNoRequestIsWaitingForPassesUntouched() {
    FullHttpResponse stray = Fixture.response(HttpResponseStatus.REQUEST_TIMEOUT, "");

    channel.writeOutbound(stray);

    FullHttpResponse written = channel.readOutbound();
    assertThat(written).isSameAs(stray);
    assertThat(written.headers().names()).containsExactly(HttpHeaderNames.CONTENT_LENGTH.toString());
    written.release();
  }
}
