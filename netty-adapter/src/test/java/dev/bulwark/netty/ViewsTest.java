package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeExchange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The request and response views, and the peer and TLS facts the handler gives the edge. */
class ViewsTest {

  private static NettyEdgeRequest view(String uri, String... headers) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    return new NettyEdgeRequest(request, "192.0.2.1", false);
  }

  @Test
  void theQueryIsCutWhenFirstAskedForFromTheTargetAsItArrived() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a;p=1?q=1");
    NettyEdgeRequest r = new NettyEdgeRequest(request, "192.0.2.1", false);
    request.setUri("/a?q=2"); // as the handler's retargeting does, after the edge decided
    assertThat(r.path()).isEqualTo("/a;p=1");
    assertThat(r.rawQuery()).isEqualTo("q=1");
    assertThat(r.rawQuery()).isSameAs(r.rawQuery());
  }

  /** A view after the others of {@code last}; its query asked for and left, as the handler does. */
  private static NettyEdgeRequest viewAfter(NettyEdgeRequest.LastTarget last, String uri) {
    NettyEdgeRequest view = new NettyEdgeRequest(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri),
        "192.0.2.1", false, null, last);
    var unused = view.rawQuery();
    view.leaveQuery(last);
    return view;
  }

  @Test
  void theSameWholeTargetAgainTakesThePathAndQueryOfTheTargetLeftLast() {
    NettyEdgeRequest.LastTarget last = new NettyEdgeRequest.LastTarget();
    NettyEdgeRequest first = viewAfter(last, "/a?x=1");
    // A request whose query the edge never asked for leaves the path, not its query.
    NettyEdgeRequest unasked = new NettyEdgeRequest(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a?y=2"), "192.0.2.1", false, null, last);
    unasked.leaveQuery(last);
    assertThat(unasked.path()).isSameAs(first.path());
    NettyEdgeRequest again = viewAfter(last, "/a?x=1");
    assertThat(again.path()).isEqualTo("/a").isSameAs(first.path());
    assertThat(again.rawQuery()).isEqualTo("x=1").isSameAs(first.rawQuery());
    NettyEdgeRequest unaskedAgain = new NettyEdgeRequest(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a?y=2"), "192.0.2.1", false, null, last);
    assertThat(unaskedAgain.rawQuery()).isEqualTo("y=2");
    NettyEdgeRequest otherPath = viewAfter(last, "/b?x=1");
    assertThat(otherPath.path()).isEqualTo("/b");
    assertThat(otherPath.rawQuery()).isEqualTo("x=1");
    NettyEdgeRequest back = viewAfter(last, "/a?x=1");
    assertThat(back.path()).isEqualTo("/a");
    assertThat(back.rawQuery()).isEqualTo("x=1");
    NettyEdgeRequest bare = viewAfter(last, "/a");
    assertThat(bare.path()).isEqualTo("/a");
    assertThat(bare.rawQuery()).isNull();
    NettyEdgeRequest afterBare = viewAfter(last, "/a?x=1");
    assertThat(afterBare.path()).isEqualTo("/a").isSameAs(back.path());
    assertThat(afterBare.rawQuery()).isEqualTo("x=1").isSameAs(back.rawQuery());
  }

  @Test
  void aConnectionsNextRequestReusesThePathAndQueryStringsWhenTheyAreTheSameText() {
    NettyEdgeRequest.LastTarget last = new NettyEdgeRequest.LastTarget();
    NettyEdgeRequest first = viewAfter(last, "/api/hello?q=hello%20world");
    assertThat(first.path()).isEqualTo("/api/hello");
    assertThat(first.rawQuery()).isEqualTo("q=hello%20world");
    NettyEdgeRequest second = viewAfter(last, "/api/hello?q=hello%20world");
    assertThat(second.path()).isSameAs(first.path());
    assertThat(second.rawQuery()).isSameAs(first.rawQuery());
    NettyEdgeRequest otherQuery = viewAfter(last, "/api/hello?q=hello%20worle");
    assertThat(otherQuery.path()).isSameAs(first.path());
    assertThat(otherQuery.rawQuery()).isEqualTo("q=hello%20worle");
    NettyEdgeRequest longer = viewAfter(last, "/api/hello2?q=hello%20worle");
    assertThat(longer.path()).isEqualTo("/api/hello2");
    assertThat(longer.rawQuery()).isEqualTo("q=hello%20worle").isSameAs(otherQuery.rawQuery());
    NettyEdgeRequest shorter = viewAfter(last, "/api/hello?q=hello%20worl");
    assertThat(shorter.path()).isEqualTo("/api/hello");
    assertThat(shorter.rawQuery()).isEqualTo("q=hello%20worl");
    NettyEdgeRequest none = viewAfter(last, "/api/hello");
    assertThat(none.path()).isEqualTo("/api/hello");
    assertThat(none.rawQuery()).isNull();
    NettyEdgeRequest empty = viewAfter(last, "/api/hello?");
    assertThat(empty.rawQuery()).isEmpty();
    NettyEdgeRequest prefix = viewAfter(last, "/api/hellp?q=hello%20worl");
    assertThat(prefix.path()).isEqualTo("/api/hellp");
    assertThat(prefix.rawQuery()).isEqualTo("q=hello%20worl");
  }

  /** Sets a constant list through a fresh response view onto {@code headers}. */
  private static void setAll(HttpHeaders headers, List<ResponseHeader> list) {
    NettyEdgeResponse view = new NettyEdgeResponse();
    assertThat(view.bind(headers)).isTrue();
    view.setHeaders(list);
    view.unbind();
  }

  /** What {@code setHeaders} must do: {@code set} each field in order. */
  private static List<String> setOneByOne(HttpHeaders headers, List<ResponseHeader> list) {
    for (ResponseHeader h : list) {
      headers.set(h.name(), h.value());
    }
    return entries(headers);
  }

  private static List<String> entries(HttpHeaders headers) {
    List<String> out = new ArrayList<>();
    headers.forEach(e -> out.add(e.getKey() + ": " + e.getValue()));
    return out;
  }

  private static HttpHeaders withAppHeaders(HttpHeaders headers) {
    headers.add("Content-Type", "application/json");
    headers.add("cache-control", "public");
    headers.add("X-Frame-Options", "SAMEORIGIN");
    headers.add("Content-Length", "12");
    headers.add("cache-control", "max-age=3");
    return headers;
  }

  @Test
  void aConstantListIsSetAsSetWouldSetEachFieldOnEveryKindOfHeaders() {
    List<ResponseHeader> list = List.of(ResponseHeader.of("X-Frame-Options", "DENY"),
        ResponseHeader.of("Cache-Control", "no-store"), ResponseHeader.of("Referrer-Policy", "no-referrer"));
    List<ResponseHeader> repeated = List.of(ResponseHeader.of("Cache-Control", "no-store"),
        ResponseHeader.of("X-A", "1"), ResponseHeader.of("cache-control", "no-cache"));
    for (List<ResponseHeader> l : List.of(list, repeated)) {
      for (int kind = 0; kind < 3; kind++) {
        HttpHeaders expected = withAppHeaders(headersOfKind(kind));
        HttpHeaders actual = withAppHeaders(headersOfKind(kind));
        setAll(actual, l);
        assertThat(entries(actual)).as("kind %d, %s", kind, l).isEqualTo(setOneByOne(expected, l));
        setAll(actual, l); // again: the prepared headers are reused, and nothing is doubled
        assertThat(entries(actual)).as("kind %d, %s, twice", kind, l).isEqualTo(entries(expected));
      }
    }
  }

  /** Netty's default headers, headers without validation, and a subclass of the default ones. */
  private static HttpHeaders headersOfKind(int kind) {
    switch (kind) {
      case 0:
        return DefaultHttpHeadersFactory.headersFactory().newHeaders();
      case 1:
        return DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
      default:
        return new DefaultHttpHeaders() { };
    }
  }

  @Test
  void theTargetIsSplitAtTheFirstQuestionMarkAndLeftEncoded() {
    NettyEdgeRequest r = view("/a%20b/c?x=1&y=%3F?z");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/a%20b/c");
    assertThat(r.rawQuery()).isEqualTo("x=1&y=%3F?z");
    assertThat(view("/a?").rawQuery()).isEmpty();
    assertThat(view("/a").rawQuery()).isNull();
    assertThat(view("http://example.com/p?q").path()).isEqualTo("http://example.com/p");
    assertThat(r.peerAddress()).isEqualTo("192.0.2.1");
    assertThat(r.secure()).isFalse();
  }

  @Test
  void headersAreCaseInsensitiveAndNamesAreListedOnce() {
    NettyEdgeRequest r = view("/", "Accept", "text/html", "X-Tag", "a", "accept", "*/*", "x-tag", "b, c");
    assertThat(r.header("ACCEPT")).isEqualTo("text/html");
    assertThat(r.headers("accept")).containsExactly("text/html", "*/*");
    assertThat(r.headers("X-TAG")).containsExactly("a", "b, c");
    assertThat(r.headers("Missing")).isEmpty();
    assertThat(r.header("Missing")).isNull();
    assertThat(r.headerNames()).containsExactly("Accept", "X-Tag");
  }

  @Test
  void contentLengthIsTheDeclaredLengthOrMinusOne() {
    assertThat(view("/", "Content-Length", "42").contentLength()).isEqualTo(42);
    assertThat(view("/", "Content-Length", "0").contentLength()).isZero();
    assertThat(view("/").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Length", "-1").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Length", "4x").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Length", "").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Length", "999999999999999999").contentLength()).isEqualTo(999_999_999_999_999_999L);
    assertThat(view("/", "Content-Length", "1000000000000000000").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Length", "5", "Transfer-Encoding", "chunked").contentLength()).isEqualTo(-1);
    assertThat(view("/", "Content-Type", "text/plain").contentType()).isEqualTo("text/plain");
  }

  @Test
  void thePeerIsAnIpLiteralWithoutPortOrZone() throws Exception {
    assertThat(ChannelState.peerOf(channelFrom(new InetSocketAddress(InetAddress.getByName("198.51.100.4"), 8443))))
        .isEqualTo("198.51.100.4");
    byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
    assertThat(ChannelState.peerOf(channelFrom(new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 1))))
        .isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(ChannelState.peerOf(channelFrom(InetSocketAddress.createUnresolved("proxy.example", 80))))
        .isEqualTo("0.0.0.0");
    assertThat(ChannelState.peerOf(new EmbeddedChannel())).as("not an IP socket").isEqualTo("0.0.0.0");
  }

  private static EmbeddedChannel channelFrom(SocketAddress remote) {
    return new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return remote;
      }
    };
  }

  @Test
  void theResponseViewSetsAddsAndRemovesIgnoringCase() {
    HttpHeaders headers = new DefaultHttpHeaders();
    NettyEdgeResponse view = new NettyEdgeResponse(headers);
    headers.add("vary", "Accept").add("Server", "netty");

    view.setHeader("X-Frame-Options", "DENY");
    view.setHeader("x-frame-options", "SAMEORIGIN");
    view.addHeader("Vary", "Origin");
    view.removeHeader("SERVER");

    assertThat(headers.getAll("X-Frame-Options")).containsExactly("SAMEORIGIN");
    assertThat(headers.getAll("Vary")).containsExactly("Accept", "Origin");
    assertThat(view.containsHeader("VARY")).isTrue();
    assertThat(view.containsHeader("Server")).isFalse();
  }

  @Test
  void aChannelWithAnSslHandlerIsSecureAndGetsHsts() throws Exception {
    Fixture f = new Fixture();
    SSLEngine engine = SSLContext.getDefault().createSSLEngine();
    engine.setUseClientMode(false);
    List<Object> captured = new ArrayList<>();
    ChannelOutboundHandlerAdapter capture = new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        captured.add(msg);
        promise.setSuccess();
      }
    };
    EmbeddedChannel tls = Fixture.channel(new SslHandler(engine), capture, f.bulwark, new Recorder());
    FullHttpRequest request = Fixture.get("/secure");

    tls.writeInbound(request);
    EdgeExchange exchange = BulwarkHandler.exchange(tls, request);
    tls.writeOutbound(Fixture.response(HttpResponseStatus.OK, ""));

    FullHttpResponse response = (FullHttpResponse) captured.get(0);
    assertThat(response.headers().get("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(response.headers().get("Content-Security-Policy")).contains(exchange.cspNonce());
    f.assertIdle();
    response.release();
    request.release();
    tls.finishAndReleaseAll();
  }
}
