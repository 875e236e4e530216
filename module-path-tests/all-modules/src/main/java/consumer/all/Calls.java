package consumer.all;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.http.client.ResilientHttpClient;
import dev.bulwark.http.Route;
import dev.bulwark.micrometer.EdgeBinder;
import dev.bulwark.micrometer.EdgeMetrics;
import dev.bulwark.micrometer.RateLimiterBinder;
import dev.bulwark.micrometer.RedisFallbackBinder;
import dev.bulwark.netty.BulwarkHandler;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import dev.bulwark.retry.Retry;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.validation.SqlInjectionDetector;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.JedisPooled;

/** One call into each Bulwark module, as application code makes it. */
public final class Calls {
  private Calls() {}

  /**
   * http-client: a GET to a port nothing listens on, with one attempt: "refused" when the
   * connection failure reaches the caller.
   */
  public static String httpClientCallToAClosedPort() {
    ResilientHttpClient client = ResilientHttpClient.builder(HttpClient.newHttpClient())
        .policy(HttpPolicy.builder().maxAttempts(1).build())
        .build();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
      return "answered";
    } catch (ConnectException e) {
      return "refused";
    } catch (IOException e) {
      return "failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** core: a backoff delay, in nanoseconds. */
  public static long backoffNanos(int attempt) {
    return Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)).baseDelayNanos(attempt);
  }

  /** ratelimit: how many of {@code tries} a 3-at-once limiter permits. */
  public static int permitted(int tries) {
    RateLimiter limiter = RateLimiter.builder(RateLimit.parse("3/minute")).name("consumer").build();
    int permitted = 0;
    for (int i = 0; i < tries; i++) {
      if (limiter.tryAcquire()) {
        permitted++;
      }
    }
    return permitted;
  }

  /** circuitbreaker + retry + core: a pipeline around a call that fails once. */
  public static String pipeline() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Retry retry = Retry.builder().name("consumer").maxAttempts(3).backoff(Backoff.none())
        .retryOn(IllegalStateException.class::isInstance).build();
    CircuitBreaker breaker = CircuitBreaker.of("consumer", CircuitBreakerConfig.builder().build());
    return Pipeline.of(retry, breaker).call(() -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return "ok after " + attempts.get();
    });
  }

  /** validation: is this an SQL injection? */
  public static boolean sqlInjection(String input) {
    return SqlInjectionDetector.create().detect(input).isAttack();
  }

  /** headers: the strict profile's header names on a secure response. */
  public static List<String> strictHeaderNames() {
    return SecurityHeaders.strict().headersFor(true, null).stream().map(ResponseHeader::name).toList();
  }

  /** http-edge: an edge with one rate-limited route. */
  public static Edge edge(EdgeMetrics metrics) {
    return Edge.builder()
        .listener(metrics)
        .route(Route.builder("/limited").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
  }

  /** config: the routes of an edge read from YAML. */
  public static int configuredRoutes() {
    return dev.bulwark.config.EdgeConfigLoader.defaults()
        .fromYaml("routes:\n  - {name: a, pattern: /a, rateLimit: {limit: 2/minute}}\n")
        .edge().routes().size();
  }

  /** servlet-adapter: the filter a servlet container would run. */
  public static Filter filter(Edge edge) {
    return new BulwarkFilter(edge);
  }

  /** netty-adapter: the handler a Netty pipeline would run. */
  public static ChannelHandler handler(Edge edge) {
    return new BulwarkHandler(edge);
  }

  /** micrometer (the edge binder, whose http-edge is optional for the metrics module). */
  public static void bindEdge(Edge edge, EdgeMetrics metrics, MeterRegistry registry) {
    EdgeBinder.of(edge, metrics).bindTo(registry);
  }

  /** micrometer (a primitive's binder). */
  public static RateLimiter boundLimiter(MeterRegistry registry) {
    RateLimiter limiter = RateLimiter.builder(RateLimit.parse("2/minute")).name("bound").recordStats().build();
    RateLimiterBinder.of(limiter).bindTo(registry);
    return limiter;
  }

  /**
   * ratelimit-redis + micrometer's Redis binder (optional for the metrics module). Built against a
   * pool that never connects: nothing here talks to Redis.
   */
  public static void bindRedis(MeterRegistry registry) {
    JedisPooled jedis = new JedisPooled("127.0.0.1", 1);
    try {
      RedisKeyedRateLimiter<String> limiter =
          RedisKeyedRateLimiter.builder(jedis, RateLimit.parse("5/minute")).name("redis").<String>build();
      RedisFallbackBinder.of(limiter).bindTo(registry);
    } finally {
      jedis.close();
    }
  }
}
