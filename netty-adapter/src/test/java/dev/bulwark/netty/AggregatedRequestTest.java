package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.EdgeExchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whole requests ({@link FullHttpRequest}), as a pipeline with an aggregator before the handler delivers them. */
class AggregatedRequestTest {

  private final Fixture f = new Fixture();
  private final Recorder app = new Recorder();
  private final EmbeddedChannel channel = Fixture.channel(f.bulwark, app);

  @AfterEach
  void nothingLeaks() {
    f.assertIdle();
    assertThat(channel.finishAndReleaseAll()).as("unread messages").isFalse();
  }

  @Test
  void anAdmittedRequestReachesTheAppAndItsResponseCarriesTheEdgeHeaders() {
    FullHttpRequest request = Fixture.get("/limited");
    channel.writeInbound(request);

    assertThat(app.received).containsExactly(request);
    EdgeExchange exchange = BulwarkHandler.exchange(channel, request);
    assertThat(exchange).isNotNull();
    assertThat(exchange.routeName()).isEqualTo("limited");
    assertThat(f.inFlight.inFlight()).isEqualTo(1);

    FullHttpResponse response = Fixture.response(HttpResponseStatus.OK, "hi");
    response.headers().set(HttpHeaderNames.SERVER, "netty").set("X-Powered-By", "me");
    channel.writeOutbound(response);

    FullHttpResponse written = channel.readOutbound();
    assertThat(written).isSameAs(response);
    Fixture.assertSecurityHeaders(written.headers(), exchange.cspNonce());
    assertThat(written.headers().get("RateLimit-Policy")).isEqualTo("\"limited\";q=2;w=60");
    assertThat(written.headers().get("RateLimit")).isEqualTo("\"limited\";r=1;t=30");
    assertThat(written.headers().contains(HttpHeaderNames.SERVER)).isFalse();
    assertThat(written.headers().contains("X-Powered-By")).isFalse();
    assertThat(written.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(BulwarkHandler.exchange(channel, request)).as("answered").isNull();
    assertThat(f.inFlight.inFlight()).isZero();
    request.release();
    written.release();
  }

  @Test
  void aRejectedRequestIsAnsweredHereReleasedAndNeverSeenByTheApp() {
    for (int i = 0; i < 2; i++) {
      FullHttpRequest ok = Fixture.get("/limited");
      channel.writeInbound(ok);
      channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
      ((FullHttpResponse) channel.readOutbound()).release();
      ok.release();
    }
    app.received.clear();
    FullHttpRequest request = Fixture.get("/limited");

    channel.writeInbound(request);

    assertThat(app.received).isEmpty();
    assertThat(request.refCnt()).isZero();
    FullHttpResponse r = channel.readOutbound();
    assertThat(r.status()).isEqualTo(HttpResponseStatus.TOO_MANY_REQUESTS);
    assertThat(r.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    Fixture.assertSecurityHeaders(r.headers(), Fixture.nonceOf(r.headers()));
    assertThat(r.headers().getAll("Retry-After")).containsExactly("30");
    assertThat(r.headers().getAll("RateLimit-Policy")).containsExactly("\"limited\";q=2;w=60");
    assertThat(r.headers().getAll("RateLimit")).containsExactly("\"limited\";r=0;t=30");
    assertThat(r.headers().getAll(HttpHeaderNames.CONTENT_TYPE)).containsExactly("application/problem+json");
    assertThat(r.headers().getAll(HttpHeaderNames.CONTENT_LENGTH))
        .containsExactly(Integer.toString(r.content().readableBytes()));
    assertThat(r.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
    assertThat(Fixture.json(r.content())).isEqualTo(Fixture.JSON.createObjectNode()
        .put("type", "about:blank").put("title", "Too Many Requests").put("status", 429)
        .put("detail", "Rate limit exceeded; retry after 30 seconds.").put("instance", "/limited")
        .put("retryAfter", 30));
    assertThat(channel.isOpen()).isTrue();
    r.release();
  }

  @Test
  void aRejectionHonoursKeepAlive() {
    f.breaker.forceOpen();
    FullHttpRequest close = Fixture.get("/a");
    close.headers().set(HttpHeaderNames.CONNECTION, "close");
    FullHttpRequest http10 = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/b");
    http10.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
    FullHttpRequest http10Close = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/c");

    channel.writeInbound(http10);
    FullHttpResponse kept = channel.readOutbound();
    assertThat(kept.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
    assertThat(kept.status().code()).isEqualTo(503);
    assertThat(kept.headers().getAll(HttpHeaderNames.CONNECTION)).containsExactly("keep-alive");
    assertThat(channel.isOpen()).isTrue();
    channel.writeInbound(http10Close);
    FullHttpResponse closed10 = channel.readOutbound();
    assertThat(closed10.headers().contains(HttpHeaderNames.CONNECTION)).as("close is HTTP/1.0's default").isFalse();
    assertThat(channel.isOpen()).isFalse();
    kept.release();
    closed10.release();

    EmbeddedChannel second = Fixture.channel(f.bulwark, new Recorder());
    second.writeInbound(close);
    FullHttpResponse closed = second.readOutbound();
    assertThat(closed.headers().getAll(HttpHeaderNames.CONNECTION)).containsExactly("close");
    assertThat(second.isOpen()).isFalse();
    closed.release();
    assertThat(f.outcomes).isEmpty();
  }

  @Test
  void aCleanBodyIsPassedOnUntouched() {
    FullHttpRequest request = Fixture.full(HttpMethod.POST, "/echo", "h\u00e9llo");

    channel.writeInbound(request);

    assertThat(app.received).containsExactly(request);
    assertThat(request.content().readerIndex()).isZero();
    assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo");
    assertThat(BulwarkHandler.exchange(channel, request)).isNotNull();
    channel.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));
    ((FullHttpResponse) channel.readOutbound()).release();
    request.release();
  }

  @Test
  void injectionInTheBodyIs400NamingTheViolation() {
    assertThat(violation(rejectBody("1' OR '1'='1"), 400)).isEqualTo("SQL_INJECTION");
    assertThat(violation(rejectBody("<svg onload=x>"), 400)).isEqualTo("XSS");
  }

  @Test
  void aBodyThatIsNotUtf8Is400() {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo",
        Unpooled.wrappedBuffer(new byte[] {'a', (byte) 0xC3, 'b'}));

    JsonNode body = rejected(request);

    assertThat(violation(body, 400)).isEqualTo("INVALID_UTF8");
  }

  @Test
  void aBodyOverThePolicysBytesIs413() {
    JsonNode body = rejectBody("x".repeat(17));

    assertThat(violation(body, 413)).isEqualTo("TOO_LARGE");
    assertThat(body.get("detail").asText()).isEqualTo("The request body is too large: body larger than 16 bytes");
  }

  @Test
  void withARealAggregatorTheHandlerSeesTheAggregateAndTheAppFindsItsExchange() {
    Recorder behind = new Recorder();
    EmbeddedChannel aggregated = Fixture.channel(new HttpObjectAggregator(1024), f.bulwark, behind);

    aggregated.writeInbound(Fixture.head(HttpMethod.POST, "/echo"), Fixture.chunk("ab"), Fixture.last("cd"));

    assertThat(behind.received).hasSize(1);
    FullHttpRequest request = (FullHttpRequest) behind.received.get(0);
    assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("abcd");
    assertThat(BulwarkHandler.exchange(aggregated, request)).isNotNull();
    aggregated.writeOutbound(Fixture.response(HttpResponseStatus.CREATED, ""));
    ((FullHttpResponse) aggregated.readOutbound()).release();
    assertThat(f.outcomes).isEmpty();
    assertThat(f.inFlight.inFlight()).isZero();
    request.release();
    assertThat(aggregated.finishAndReleaseAll()).isFalse();
  }

  private JsonNode rejectBody(String text) {
    return rejected(Fixture.full(HttpMethod.POST, "/echo", text));
  }

  /** Sends a request that must be refused; returns the refusal's body. */
  private JsonNode rejected(FullHttpRequest request) {
    channel.writeInbound(request);
    assertThat(app.received).isEmpty();
    assertThat(request.refCnt()).isZero();
    FullHttpResponse r = channel.readOutbound();
    try {
      assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
      Fixture.assertSecurityHeaders(r.headers(), Fixture.nonceOf(r.headers()));
      JsonNode body = Fixture.json(r.content());
      assertThat(body.get("status").asInt()).isEqualTo(r.status().code());
      return body;
    } finally {
      r.release();
    }
  }

  private static String violation(JsonNode body, int status) {
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("violations")).hasSize(1);
    assertThat(body.get("violations").get(0).get("field").asText()).isEqualTo("body");
    return body.get("violations").get(0).get("code").asText();
  }
}
