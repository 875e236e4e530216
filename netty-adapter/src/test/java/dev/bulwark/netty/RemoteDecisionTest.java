package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.RawClient;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A remote limit on Netty ({@link Edge#beginAsync}): with one event loop, a request whose remote
 * decision is pending does not hold up another connection's request, which is answered first; the
 * pending request is answered correctly when the decision arrives (admitted, or 429 with its
 * fields); a connection pipelining behind it is not processed until then, and keeps its order; a
 * connection closed while its decision is pending releases the permit the decision took. The
 * remote limiters are in-memory ones whose answers the test releases from its own thread, as a
 * Redis client's thread would: ordering through latches and queues only, never wall time
 * (timeouts below only bound a hang).
 */
class RemoteDecisionTest {

  private static final long HANG_SECONDS = 10;

  private final BlockingQueue<Runnable> answers = new LinkedBlockingQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private EventLoopGroup boss;
  private EventLoopGroup worker;
  private Channel server;

  /** Takes the next pending remote decision (waiting until the edge asks for one) and makes it. */
  private void answerNext() throws InterruptedException {
    Runnable answer = answers.poll(HANG_SECONDS, TimeUnit.SECONDS);
    assertThat(answer).as("a remote decision was asked").isNotNull();
    answer.run();
  }

  private <T> CompletableFuture<T> later(Supplier<T> decision) {
    CompletableFuture<T> stage = new CompletableFuture<>();
    answers.add(() -> stage.complete(decision.get()));
    return stage;
  }

  private final class RemoteRate implements KeyedRateLimiter<String> {
    private final KeyedRateLimiter<String> local;

    RemoteRate(int perMinute) {
      local = KeyedRateLimiter.builder(RateLimit.perMinute(perMinute)).name("remote").build();
    }

    @Override
    public boolean isRemote() {
      return true;
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquireDecisionAsync(String key, int permits) {
      return later(() -> local.tryAcquireDecision(key, permits));
    }

    @Override
    public boolean tryAcquire(String key) {
      throw new AssertionError("the event loop asked synchronously");
    }

    @Override
    public boolean tryAcquire(String key, int permits) {
      throw new AssertionError("the event loop asked synchronously");
    }

    @Override
    public RateLimitDecision tryAcquireDecision(String key, int permits) {
      throw new AssertionError("the event loop asked synchronously");
    }

    @Override
    public RateLimitDecision peek(String key, int permits) {
      return local.peek(key, permits);
    }

    @Override
    public List<RateLimit> limits() {
      return local.limits();
    }

    @Override
    public String name() {
      return "remote";
    }
  }

  private final class RemoteConcurrency implements KeyedConcurrencyLimiter<String> {
    private final KeyedConcurrencyLimiter<String> local = KeyedConcurrencyLimiter.builder(5, 5).build();

    @Override
    public boolean isRemote() {
      return true;
    }

    @Override
    public CompletionStage<ConcurrencyLimiter.Permit> tryAcquireAsync(String key) {
      return later(() -> local.tryAcquire(key));
    }

    @Override
    public ConcurrencyLimiter.Permit tryAcquire(String key) {
      throw new AssertionError("the event loop asked synchronously");
    }

    @Override
    public int inFlight() {
      return local.inFlight();
    }

    @Override
    public int inFlight(String key) {
      return local.inFlight(key);
    }

    @Override
    public int trackedKeys() {
      return local.trackedKeys();
    }

    @Override
    public int maxPerKey() {
      return local.maxPerKey();
    }

    @Override
    public int maxTotal() {
      return local.maxTotal();
    }

    @Override
    public String name() {
      return "remote";
    }
  }

  /** Answers every request 200 with its path, and records the paths in order. */
  private final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      seen.add(request.uri());
      FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
          Unpooled.copiedBuffer("ok " + request.uri(), StandardCharsets.UTF_8));
      HttpUtil.setContentLength(response, response.content().readableBytes());
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  /** Counts down {@link #closed} when a server channel becomes inactive. */
  private final class CloseWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      closed.countDown();
      super.channelInactive(ctx);
    }
  }

  private int start(Edge edge) throws InterruptedException {
    return start(edge, ReadTimeouts.defaults());
  }

  private int start(Edge edge, ReadTimeouts timeouts) throws InterruptedException {
    boss = new NioEventLoopGroup(1);
    worker = new NioEventLoopGroup(1); // one event loop for every connection
    BulwarkHandler bulwark = new BulwarkHandler(edge, timeouts);
    server = new ServerBootstrap()
        .group(boss, worker)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new CloseWatch(), new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark,
                new HttpObjectAggregator(1 << 16), new App());
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close().sync();
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
      worker.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  private static Edge edge(KeyedRateLimiter<String> remote) {
    return Edge.builder()
        .route(Route.builder("/remote").name("remote").rateLimit(RateLimitGate.of(remote)).build())
        .route(Route.builder("/local").name("local").rateLimit(RateLimitGate.of("100/minute")).build())
        .build();
  }

  @Test
  void aLocalRouteOnTheSameEventLoopAnswersWhileARemoteDecisionIsPendingWhichThenCompletes() throws Exception {
    int port = start(edge(new RemoteRate(1)));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(HANG_SECONDS)).build();
    CompletableFuture<HttpResponse<String>> remote = client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/remote")).build(),
        HttpResponse.BodyHandlers.ofString());
    Runnable decision = answers.poll(HANG_SECONDS, TimeUnit.SECONDS); // the edge asked, the loop moved on
    assertThat(decision).isNotNull();

    HttpResponse<String> local = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/local"))
            .timeout(Duration.ofSeconds(HANG_SECONDS)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(remote).isNotDone(); // answered while the remote decision was still pending
    assertThat(seen).containsExactly("/local");

    decision.run();
    HttpResponse<String> admitted = remote.get(HANG_SECONDS, TimeUnit.SECONDS);
    assertThat(admitted.statusCode()).isEqualTo(200);
    assertThat(admitted.body()).isEqualTo("ok /remote");
    assertThat(admitted.headers().firstValue("RateLimit")).hasValue("\"remote\";r=0;t=60");

    CompletableFuture<HttpResponse<String>> refused = client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/remote")).build(),
        HttpResponse.BodyHandlers.ofString());
    answerNext();
    HttpResponse<String> tooMany = refused.get(HANG_SECONDS, TimeUnit.SECONDS);
    assertThat(tooMany.statusCode()).isEqualTo(429);
    assertThat(tooMany.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(tooMany.headers().firstValue("RateLimit")).hasValue("\"remote\";r=0;t=60");
    assertThat(tooMany.headers().firstValue(HttpHeaderNames.CONTENT_TYPE.toString())).hasValue("application/problem+json");
    assertThat(seen).containsExactly("/local", "/remote");
  }

  @Test
  void pipelinedRequestsBehindAPendingDecisionWaitForItAndKeepTheirOrder() throws Exception {
    int port = start(edge(new RemoteRate(5)));
    try (RawClient raw = new RawClient(port)) {
      raw.send("GET /remote HTTP/1.1\r\nHost: x\r\n\r\nGET /local HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /remote HTTP/1.1\r\nHost: x\r\n\r\n");
      Runnable first = answers.poll(HANG_SECONDS, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      // Another connection is served meanwhile, which proves the loop went through the reads.
      assertThat(RawClient.get(port, "/local").status()).isEqualTo(200);
      assertThat(seen).containsExactly("/local"); // that one: the pipelined /local is held
      first.run();
      assertThat(raw.read().body()).isEqualTo("ok /remote");
      assertThat(raw.read().body()).isEqualTo("ok /local");
      answerNext(); // the third request asked only now
      assertThat(raw.read().body()).isEqualTo("ok /remote");
    }
    assertThat(seen).containsExactly("/local", "/remote", "/local", "/remote");
  }

  @Test
  void aSmugglingShapedRequestHeldBehindAPendingDecisionIsStillRefused() throws Exception {
    int port = start(edge(new RemoteRate(5)));
    try (RawClient raw = new RawClient(port)) {
      // Decoded in the same read as the first request, then held; the decoder drops its
      // Content-Length, and what it did is read as it arrives, not when it is replayed.
      raw.send("GET /remote HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /local HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "0\r\n\r\n");
      Runnable first = answers.poll(HANG_SECONDS, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      // Another connection's request is decoded on the same event loop meanwhile.
      assertThat(RawClient.get(port, "/local").status()).isEqualTo(200);
      first.run();
      assertThat(raw.read().body()).isEqualTo("ok /remote");
      RawClient.Response refused = raw.read();
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("A request must not have both Content-Length and Transfer-Encoding.");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(seen).containsExactly("/local", "/remote");
  }

  @Test
  void aConnectionClosedWhileItsPermitIsDecidedReleasesThePermit() throws Exception {
    RemoteConcurrency concurrency = new RemoteConcurrency();
    int port = start(Edge.builder()
        .route(Route.builder("/remote").concurrency(ConcurrencyGate.of(concurrency)).build())
        .build());
    RawClient raw = new RawClient(port);
    raw.send("GET /remote HTTP/1.1\r\nHost: x\r\n\r\n");
    Runnable decision = answers.poll(HANG_SECONDS, TimeUnit.SECONDS);
    assertThat(decision).isNotNull();
    raw.close();

    decision.run(); // takes a permit for a connection that is gone
    // The paused channel reads again once its decision is made, sees the close, and the exchange
    // is released as on the synchronous path.
    assertThat(closed.await(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
    worker.submit(() -> { }).sync();
    assertThat(concurrency.inFlight()).isZero();
  }

  @Test
  void noReadTimeoutRunsWhileADecisionIsPending() throws Exception {
    Duration short_ = Duration.ofMillis(100);
    int port = start(edge(new RemoteRate(5)),
        ReadTimeouts.builder().idleTimeout(short_).headTimeout(short_).bodyTimeout(short_).build());
    try (RawClient raw = new RawClient(port)) {
      raw.send("POST /remote HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      Runnable decision = answers.poll(HANG_SECONDS, TimeUnit.SECONDS);
      assertThat(decision).isNotNull();
      // A connection opened now, on the same (only) event loop, is closed by its idle timeout
      // 100 ms from now; by then every timer of the pending connection due no later has run. None
      // may have acted (with the timers running while a decision is pending, the idle one closed
      // the connection here and the request was cancelled). Events, not wall time, as in
      // ReadTimeoutTest.
      try (RawClient clock = new RawClient(port)) {
        assertThat(clock.closedByServer()).isTrue();
      }
      decision.run();
      RawClient.Response response = raw.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("ok /remote");
    }
    assertThat(seen).containsExactly("/remote");
  }
}
