package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.InputPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The edge of the EmbeddedChannel tests and helpers to build requests and responses.
 *
 * <p>Routes: {@code GET /limited} (2 per minute per client), {@code POST /echo} (body content
 * checked by a 16-byte policy with the injection detectors), and the default route with a breaker
 * that opens for 30 s after 2 consecutive failures. Every route shares {@link #inFlight}, and the
 * breaker's recorded outcomes are logged in {@link #outcomes}, so a test asserts exactly what was
 * released and recorded.
 */
final class Fixture {

  static final String PEER = "203.0.113.7";
  static final ObjectMapper JSON = new ObjectMapper();
  static final ContentSecurityPolicy CSP = ContentSecurityPolicy.builder()
      .directive(CspDirective.DEFAULT_SRC, "'self'")
      .nonce(CspDirective.SCRIPT_SRC)
      .build();
  static final SecurityHeaders HEADERS = SecurityHeaders.strict().toBuilder().contentSecurityPolicy(CSP).build();

  final ManualTicker ticker = new ManualTicker();
  final KeyedConcurrencyLimiter<String> inFlight = KeyedConcurrencyLimiter.builder(100, 100).build();
  /** The breaker's recorded outcomes: {@code "succeeded"} or {@code "failed: <error>"}. */
  final List<String> outcomes = new CopyOnWriteArrayList<>();
  final CircuitBreaker breaker = CircuitBreaker.builder("default")
      .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())
      .ticker(ticker)
      .listener(this::record)
      .build();
  final Edge edge;
  final BulwarkHandler bulwark;

  Fixture() {
    this(new IllegalStateException("unused"));
  }

  /** A fixture whose route {@code /broken} has a concurrency limiter that throws {@code failure}. */
  Fixture(RuntimeException failure) {
    this.edge = Edge.builder()
        .ticker(ticker)
        .securityHeaders(HEADERS)
        .route(Route.builder("/limited").name("limited").methods("GET").rateLimit(RateLimitGate.of("2/minute"))
            .concurrency(ConcurrencyGate.of(inFlight)).build())
        .route(Route.builder("/echo").name("echo").methods("POST").concurrency(ConcurrencyGate.of(inFlight))
            .validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(16).build()).build()).build())
        .route(Route.builder("/broken").name("broken").concurrency(ConcurrencyGate.of(new ThrowingLimiter(failure))).build())
        .defaultRoute(Route.builder("/**").name("default").concurrency(ConcurrencyGate.of(inFlight))
            .circuitBreaker(BreakerGate.of(breaker)).build())
        .build();
    this.bulwark = new BulwarkHandler(edge);
  }

  /** A limiter whose store is down: every acquisition throws. */
  private static final class ThrowingLimiter implements KeyedConcurrencyLimiter<String> {

    private final RuntimeException failure;

    ThrowingLimiter(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public ConcurrencyLimiter.Permit tryAcquire(String key) {
      throw failure;
    }

    @Override
    public int inFlight() {
      return 0;
    }

    @Override
    public int inFlight(String key) {
      return 0;
    }

    @Override
    public int trackedKeys() {
      return 0;
    }

    @Override
    public int maxPerKey() {
      return 1;
    }

    @Override
    public int maxTotal() {
      return 1;
    }

    @Override
    public String name() {
      return "throwing";
    }
  }

  private void record(CircuitBreakerEvent event) {
    if (event instanceof CircuitBreakerEvent.CallSucceeded) {
      outcomes.add("succeeded");
    } else if (event instanceof CircuitBreakerEvent.CallFailed) {
      outcomes.add("failed: " + ((CircuitBreakerEvent.CallFailed) event).error());
    }
  }

  /** An embedded channel whose peer is {@link #PEER}, with these handlers. */
  static EmbeddedChannel channel(ChannelHandler... handlers) {
    return new EmbeddedChannel(handlers) {
      @Override
      protected SocketAddress remoteAddress0() {
        try {
          return new InetSocketAddress(InetAddress.getByName(PEER), 50_000);
        } catch (UnknownHostException e) {
          throw new AssertionError(e);
        }
      }
    };
  }

  /** Asserts that no permit is held. */
  void assertIdle() {
    assertThat(inFlight.inFlight()).as("permits in flight").isZero();
    assertThat(inFlight.trackedKeys()).isZero();
  }

  static FullHttpRequest full(HttpMethod method, String uri, String body) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, utf8(body));
    HttpUtil.setContentLength(r, r.content().readableBytes());
    if (!body.isEmpty()) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    return r;
  }

  static FullHttpRequest get(String uri) {
    return full(HttpMethod.GET, uri, "");
  }

  /** A request head announcing a chunked body. */
  static HttpRequest head(HttpMethod method, String uri) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    HttpUtil.setTransferEncodingChunked(r, true);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    return r;
  }

  static HttpContent chunk(String text) {
    return new DefaultHttpContent(utf8(text));
  }

  static LastHttpContent last(String text) {
    return new DefaultLastHttpContent(utf8(text));
  }

  static FullHttpResponse response(HttpResponseStatus status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, utf8(body));
    HttpUtil.setContentLength(r, r.content().readableBytes());
    return r;
  }

  /** Asserts the fixture's security headers with the exchange's nonce, and no HSTS (plain HTTP). */
  static void assertSecurityHeaders(HttpHeaders headers, String nonce) {
    for (ResponseHeader h : HEADERS.headersFor(false, nonce)) {
      assertThat(headers.getAll(h.name())).as(h.name()).containsExactly(h.value());
    }
    assertThat(headers.contains("Strict-Transport-Security")).isFalse();
  }

  /** Returns the CSP nonce of a response. */
  static String nonceOf(HttpHeaders headers) {
    String csp = headers.get("Content-Security-Policy");
    assertThat(csp).matches("default-src 'self'; script-src 'nonce-[A-Za-z0-9+/]{22}=='");
    return csp.substring(csp.indexOf("'nonce-") + 7, csp.length() - 1);
  }

  static JsonNode json(ByteBuf content) {
    try {
      return JSON.readTree(content.toString(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  static ByteBuf utf8(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }
}
