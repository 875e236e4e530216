package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.redis.FailurePolicy;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@link RedisKeyedRateLimiter} on a real Netty server with one event loop and a real
 * redis-server, reached through a proxy the test can hold: while Redis is made slow (the proxy
 * holds the limiter's call), another connection's request on a route without a Redis limit is
 * answered, and the Redis-limited request is answered correctly once Redis answers (admitted with
 * its fields, then 429). Ordering through the proxy's gate and futures only; the timeouts bound a
 * hang and the startup of redis-server.
 */
class RedisRemoteDecisionTest {

  private static final long HANG_SECONDS = 20;

  private static Process redisServer;
  private static int redisPort;

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      redisPort = socket.getLocalPort();
    }
    Path dir = Files.createDirectories(Path.of("target", "redis-" + redisPort));
    redisServer = new ProcessBuilder(binary().getAbsolutePath(), "--port", Integer.toString(redisPort),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
    while (!answers()) {
      assertThat(redisServer.isAlive()).as("redis-server is running; see " + dir).isTrue();
      assertThat(System.nanoTime()).as("redis-server answers PING in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static File binary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator, -1)) {
        File candidate = new File(dir, "redis-server");
        if (candidate.isFile() && candidate.canExecute()) {
          return candidate;
        }
      }
    }
    return ExecutableProvider.newJarResourceProvider().get();
  }

  private static boolean answers() {
    try (Jedis jedis = new Jedis("127.0.0.1", redisPort, 500)) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redisServer != null) {
      redisServer.destroyForcibly().waitFor(HANG_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Answers every request 200 with its path, and records the paths in order; one for all channels. */
  @ChannelHandler.Sharable
  private static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      seen.add(request.uri());
      FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
          Unpooled.copiedBuffer("ok " + request.uri(), StandardCharsets.UTF_8));
      HttpUtil.setContentLength(response, response.content().readableBytes());
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  @Test
  void aRouteWithoutARedisLimitAnswersWhileRedisIsSlowAndTheRedisLimitedRequestCompletesAfterwards()
      throws Exception {
    whileRedisIsSlow((redis, limiter) -> RateLimitGate.of(limiter), "\"redis\";r=0;t=60");
  }

  @Test
  void rateLimitPartsOnRedisNeverHoldTheEventLoop() throws Exception {
    // Two parts on Redis, each keyed its own way: both are asked while Redis is slow.
    whileRedisIsSlow((redis, limiter) -> RateLimitGate.allOf(
        RateLimitGate.of(limiter).key(RateLimitKey.ip()),
        RateLimitGate.of(RedisKeyedRateLimiter.builder(redis, RateLimit.perMinute(5))
            .name("netty-route-" + UUID.randomUUID()).build()).key(RateLimitKey.route())), null);
  }

  private void whileRedisIsSlow(BiFunction<JedisPooled, RedisKeyedRateLimiter<String>, RateLimitGate> gate,
      @Nullable String admittedField) throws Exception {
    App app = new App();
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup worker = new NioEventLoopGroup(1); // one event loop for every connection
    try (GatedProxy proxy = new GatedProxy(redisPort);
        JedisPooled redis = new JedisPooled("127.0.0.1", proxy.port())) {
      RedisKeyedRateLimiter<String> limiter = RedisKeyedRateLimiter.builder(redis, RateLimit.perMinute(1))
          .name("netty-" + UUID.randomUUID())
          .failurePolicy(FailurePolicy.FAIL_CLOSED)
          .callTimeout(Duration.ofSeconds(HANG_SECONDS))
          .build();
      Edge edge = Edge.builder()
          .route(Route.builder("/redis").name("redis").rateLimit(gate.apply(redis, limiter)).build())
          .route(Route.builder("/local").name("local").rateLimit(RateLimitGate.of("100/minute")).build())
          .build();
      BulwarkHandler bulwark = new BulwarkHandler(edge);
      Channel server = new ServerBootstrap()
          .group(boss, worker)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark,
                  new HttpObjectAggregator(1 << 16), app);
            }
          })
          .bind("127.0.0.1", 0).sync().channel();
      String base = "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
      HttpClient client = HttpClient.newHttpClient();
      limiter.peek("warm-up", 1); // loads the script and opens the connection while Redis is fast

      proxy.hold(); // Redis is slow from now on
      CompletableFuture<HttpResponse<String>> limited = client.sendAsync(
          HttpRequest.newBuilder(URI.create(base + "/redis")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(proxy.arrived.tryAcquire(HANG_SECONDS, TimeUnit.SECONDS))
          .as("the limiter's call reached the slow Redis").isTrue();

      HttpResponse<String> local = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(base + "/local")).timeout(Duration.ofSeconds(HANG_SECONDS)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(local.statusCode()).isEqualTo(200);
      assertThat(limited).isNotDone(); // still waiting for Redis, yet the event loop answered
      assertThat(limiter.asyncCallsInFlight()).isEqualTo(1);

      proxy.release(); // Redis answers
      HttpResponse<String> admitted = limited.get(HANG_SECONDS, TimeUnit.SECONDS);
      assertThat(admitted.statusCode()).isEqualTo(200);
      assertThat(admitted.body()).isEqualTo("ok /redis");
      if (admittedField != null) {
        assertThat(admitted.headers().firstValue("RateLimit")).hasValue(admittedField);
      }

      HttpResponse<String> refused = client.send(
          HttpRequest.newBuilder(URI.create(base + "/redis")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
      assertThat(app.seen).containsExactly("/local", "/redis");
      server.close().sync();
    } finally {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
      worker.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }
}
