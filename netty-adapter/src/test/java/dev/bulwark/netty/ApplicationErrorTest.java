package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.ErrorBodyWriter;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application's exceptions answered with the edge's 500; the principal set by a handler in front. */
class ApplicationErrorTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final ManualTicker ticker = new ManualTicker();
  private NettyServer server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** Authenticates from X-User (a stand-in), before the edge. */
  private static final class Authentication extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        BulwarkHandler.principal(ctx.channel(), ((HttpRequest) msg).headers().get("X-User"));
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Throws on /boom, answers 204 otherwise. */
  private static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.uri().startsWith("/boom")) {
        throw new IllegalStateException("db password is hunter2");
      }
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(
          request.protocolVersion(), HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
      HttpUtil.setContentLength(response, 0);
      ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (user != null) {
      b.header("X-User", user);
    }
    return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anExceptionBecomesTheEnvelopeWith500AndThePrincipalKeysTheLimit() throws Exception {
    Edge edge = Edge.builder().ticker(ticker).errorBodyWriter(ErrorBodyWriter.envelope())
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
        .route(Route.builder("/me").rateLimit(RateLimitGate.of("1/minute").key(RateLimitKey.principal())).build())
        .build();
    BulwarkHandler bulwark = new BulwarkHandler(edge);
    server = NettyServer.start(() -> new ChannelHandler[] {new HttpServerCodec(BulwarkHandler.decoderConfig()),
        new Authentication(), bulwark, new HttpObjectAggregator(1 << 16), new App(), BulwarkHandler.applicationErrors()});

    HttpResponse<String> boom = get("/boom", null);
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(boom.body()).isEqualTo("{\"error\":{\"code\":500,\"message\":\"Internal Server Error\","
        + "\"details\":\"The server could not complete the request.\",\"timestamp\":\"2024-01-01T00:00:00Z\"}}");

    assertThat(get("/me", "alice").statusCode()).isEqualTo(204);
    assertThat(get("/me", "alice").statusCode()).isEqualTo(429);
    assertThat(get("/me", "bob").statusCode()).isEqualTo(204);
    assertThat(get("/boom", null).statusCode()).as("the connection still serves").isEqualTo(500);
  }
}
