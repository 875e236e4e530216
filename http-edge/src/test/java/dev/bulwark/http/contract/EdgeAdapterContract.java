package dev.bulwark.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.CorsGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.http.ErrorFormat;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behavioural suite every adapter passes on a real server: the same requests, sent with
 * {@link HttpClient} over HTTP/1.1 to {@code 127.0.0.1}, and the same exact assertions, whatever
 * the framework. A subclass starts its server in {@link #start}; each test builds its own
 * {@link Edge} (a {@link ManualTicker} that only the test advances, so rate limits never refill
 * by themselves, and a fixed {@link Clock}) and its own server.
 *
 * <p>The edge's routes (see {@link #routes}): {@code /ok}; {@code /api/search} (3 per minute per
 * client IP, CORS for {@value #ORIGIN}, query validation); {@code POST /echo} (declared bodies up
 * to 64 bytes, {@code text/plain} or {@code application/json}, body content checked by a 64-byte
 * policy with the injection detectors); {@code /fail} (a breaker that opens for 30 s after 3
 * consecutive failures); {@code /throw} (one that opens after 1); {@code /slow} (2 in flight).
 * Every route but the default has an {@link InFlightTracker}, and every test ends by asserting that
 * all of them are back to 0: no adapter path may leak a permit.
 */
public abstract class EdgeAdapterContract {

  /** The origin the CORS policy allows. */
  protected static final String ORIGIN = "https://app.example.com";
  /** How long to wait for an event before failing; never a sleep. */
  protected static final Duration WAIT = Duration.ofSeconds(10);
  /** The edge's wall clock: the error envelope's timestamp. */
  protected static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  /** The Content-Security-Policy of every response, with a nonce for scripts. */
  protected static final ContentSecurityPolicy CSP = ContentSecurityPolicy.builder()
      .directive(CspDirective.DEFAULT_SRC, "'self'")
      .nonce(CspDirective.SCRIPT_SRC)
      .build();
  /** The strict profile with {@link #CSP}. */
  protected static final SecurityHeaders HEADERS =
      SecurityHeaders.strict().toBuilder().contentSecurityPolicy(CSP).build();

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(WAIT)
      .build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CorsPolicy CORS = CorsPolicy.builder()
      .allowOrigins(ORIGIN)
      .allowMethods("GET", "POST")
      .build();

  /** The edge's ticker; rate limits refill and breakers recover only when a test advances it. */
  protected final ManualTicker ticker = new ManualTicker();
  /** The app served behind the adapter; it holds the parked {@code /slow} requests. */
  protected final ContractApp app = new ContractApp();
  /** In flight on {@code /ok}. */
  protected final InFlightTracker okInFlight = new InFlightTracker(100, 100);
  /** In flight on {@code /api/search}. */
  protected final InFlightTracker searchInFlight = new InFlightTracker(100, 100);
  /** In flight on {@code /echo}. */
  protected final InFlightTracker echoInFlight = new InFlightTracker(100, 100);
  /** In flight on {@code /fail}. */
  protected final InFlightTracker failInFlight = new InFlightTracker(100, 100);
  /** In flight on {@code /throw}. */
  protected final InFlightTracker throwInFlight = new InFlightTracker(100, 100);
  /** In flight on {@code /slow}: at most 2 per client and in total. */
  protected final InFlightTracker slowInFlight = new InFlightTracker(2, 2);

  /** What the edge's listener heard, in the tests that serve with {@link #serveListened()}. */
  protected final BlockingQueue<EdgeEvent> events = new LinkedBlockingQueue<>();

  private ContractServer server;

  /**
   * Starts the adapter's server on {@code 127.0.0.1}, port 0, serving {@code app} (as
   * {@link ContractApp} describes it) behind {@code edge}.
   *
   * @param edge the edge to put in front of the app
   * @param app the app's test hooks
   * @return the running server; the suite closes it after each test
   * @throws Exception if the server cannot start
   */
  protected abstract ContractServer start(Edge edge, ContractApp app) throws Exception;

  /**
   * Returns the routes of the suite's edge, in matching order.
   *
   * @return the routes described in the class Javadoc, over this test's trackers
   */
  protected List<Route> routes() {
    return List.of(
        Route.builder("/ok").name("ok").methods("GET").concurrency(ConcurrencyGate.of(okInFlight)).build(),
        Route.builder("/api/search").name("search").methods("GET")
            .cors(CorsGate.of(CORS))
            .rateLimit(RateLimitGate.of("3/minute"))
            .concurrency(ConcurrencyGate.of(searchInFlight))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .build(),
        Route.builder("/echo").name("echo").methods("POST")
            .concurrency(ConcurrencyGate.of(echoInFlight))
            .validation(RouteValidation.builder().maxBodyBytes(64).contentTypePolicy(ContentTypePolicy.builder().allowMediaTypes("text/plain", "application/json").build()).bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build())
            .build(),
        Route.builder("/fail").name("fail").methods("GET")
            .concurrency(ConcurrencyGate.of(failInFlight))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(3)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build()))
            .build(),
        Route.builder("/throw").name("throw").methods("GET")
            .concurrency(ConcurrencyGate.of(throwInFlight))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build()))
            .build(),
        Route.builder("/slow").name("slow").methods("GET").concurrency(ConcurrencyGate.of(slowInFlight)).build(),
        Route.builder("/paths/guarded").name("guarded").methods("GET").rateLimit(RateLimitGate.of("50/minute")).build(),
        Route.builder("/paths/**").name("paths").methods("GET").rateLimit(RateLimitGate.of("100/minute")).build());
  }

  /**
   * Builds the suite's edge with extra settings and starts the adapter's server with it.
   *
   * @param settings edge settings beyond the suite's (ticker, clock, security headers, routes)
   */
  protected final void serve(Consumer<EdgeBuilder> settings) {
    EdgeBuilder builder = Edge.builder().ticker(ticker).clock(CLOCK).securityHeaders(HEADERS);
    routes().forEach(builder::route);
    settings.accept(builder);
    try {
      server = start(builder.build(), app);
    } catch (Exception e) {
      throw new AssertionError("the adapter's server did not start", e);
    }
  }

  /** Starts the adapter's server with the suite's edge and a listener that queues to {@link #events}. */
  protected final void serveListened() {
    serve(b -> b.listener(events::add));
  }

  /**
   * Takes the next event the edge's listener heard, waiting for it (an exchange is reported when
   * the adapter finishes it, which may be after the client has its response).
   *
   * @return the event
   */
  protected final EdgeEvent nextEvent() {
    try {
      EdgeEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("an event of the edge's listener").isNotNull();
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts the adapter's server with the suite's edge. */
  protected final void serve() {
    serve(b -> { });
  }

  @AfterEach
  final void everyPermitIsReturned() throws Exception {
    try {
      app.releaseSlow();
      for (InFlightTracker tracker : trackers()) {
        assertThat(tracker.awaitIdle(WAIT)).as("permits leaked on %s", tracker.name()).isTrue();
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.trackedKeys()).isZero();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private List<InFlightTracker> trackers() {
    return List.of(okInFlight, searchInFlight, echoInFlight, failInFlight, throwInFlight, slowInFlight);
  }

  // ---------------------------------------------------------------- requests

  /**
   * Starts a request to the server.
   *
   * @param target the path and query, already percent-encoded
   * @return a builder for the request
   */
  protected final HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target)).timeout(WAIT);
  }

  /**
   * Sends a request and waits until every route but {@code /slow} has nothing in flight, so that
   * the exchange's outcome is recorded before the test goes on.
   *
   * @param request the request
   * @return the response, its body as UTF-8 text
   */
  protected final HttpResponse<String> call(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    settle();
    return response;
  }

  /**
   * Sends {@code GET target} and settles, as {@link #call} does.
   *
   * @param target the path and query
   * @return the response
   */
  protected final HttpResponse<String> get(String target) {
    return call(request(target));
  }

  /**
   * Sends a request without waiting for the response.
   *
   * @param request the request
   * @return the response to come
   */
  protected final CompletableFuture<HttpResponse<String>> callAsync(HttpRequest.Builder request) {
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private void settle() {
    for (InFlightTracker tracker : trackers()) {
      if (tracker != slowInFlight) {
        try {
          assertThat(tracker.awaitIdle(WAIT)).as("exchange on %s never finished", tracker.name()).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * Returns the only value of a response header.
   *
   * @param response the response
   * @param name the header name
   * @return the value; the assertion fails unless exactly one is present
   */
  protected static String header(HttpResponse<?> response, String name) {
    List<String> values = response.headers().allValues(name);
    assertThat(values).as("values of %s", name).hasSize(1);
    return values.get(0);
  }

  /**
   * Parses a response body as JSON.
   *
   * @param response the response
   * @return the JSON tree
   */
  protected static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @param text the JSON
   * @return the tree
   */
  protected static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts the security headers of the suite's profile with one nonce, and no HSTS (plain HTTP)
   * and no header that leaks the implementation.
   *
   * @param response the response
   * @return the response's CSP nonce
   */
  protected static String assertSecurityHeaders(HttpResponse<?> response) {
    String csp = header(response, "Content-Security-Policy");
    assertThat(csp).matches("default-src 'self'; script-src 'nonce-[A-Za-z0-9+/]{22}=='");
    String nonce = csp.substring(csp.indexOf("'nonce-") + 7, csp.length() - 1);
    for (ResponseHeader h : HEADERS.headersFor(false, nonce)) {
      assertThat(header(response, h.name())).as(h.name()).isEqualTo(h.value());
    }
    assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(response.headers().firstValue("Server")).isEmpty();
    assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
    return nonce;
  }

  private static ObjectNode problem(int status, String title, String detail, String instance) {
    return JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
        .put("detail", detail).put("instance", instance);
  }

  // ---------------------------------------------------------------- the suite

  @Test
  void admittedResponsesCarryTheSecurityHeadersAndTheNonceTheHandlerSaw() {
    serve();

    HttpResponse<String> first = get("/ok");
    HttpResponse<String> second = get("/ok");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(ContractApp.OK_BODY);
    assertThat(header(first, "Content-Type")).startsWith("text/plain");
    String nonce = assertSecurityHeaders(first);
    assertThat(header(first, ContractApp.NONCE_HEADER)).isEqualTo(nonce);
    assertThat(header(second, ContractApp.NONCE_HEADER)).isEqualTo(assertSecurityHeaders(second))
        .isNotEqualTo(nonce);
  }

  @Test
  void rateLimitedRequestGets429WithExactHeadersAndProblemBody() {
    serve();

    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<String> ok = get("/api/search?q=hello");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(ContractApp.SEARCH_BODY);
      assertThat(header(ok, "RateLimit-Policy")).isEqualTo("\"search\";q=3;w=60");
      assertThat(header(ok, "RateLimit")).isEqualTo("\"search\";r=" + remaining + ";t=" + (60 - 20 * remaining));
      assertSecurityHeaders(ok);
    }
    HttpResponse<String> refused = get("/api/search?q=hello");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "Retry-After")).isEqualTo("20");
    assertThat(header(refused, "RateLimit-Policy")).isEqualTo("\"search\";q=3;w=60");
    assertThat(header(refused, "RateLimit")).isEqualTo("\"search\";r=0;t=20");
    assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
    assertSecurityHeaders(refused);
    assertThat(json(refused)).isEqualTo(
        problem(429, "Too Many Requests", "Rate limit exceeded; retry after 20 seconds.", "/api/search")
            .put("retryAfter", 20));
  }

  @Test
  void theListenerSeesAnAdmittedRequestWithItsContextSizesAndTickerDuration() throws Exception {
    serveListened();

    CompletableFuture<HttpResponse<String>> slow = callAsync(request("/slow"));
    assertThat(app.awaitParked(1, WAIT)).isTrue();
    ticker.advance(Duration.ofMillis(1500));
    app.releaseSlow();
    assertThat(slow.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode()).isEqualTo(200);

    assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("slow", "127.0.0.1", "127.0.0.1", "GET",
        "/slow", EdgeOutcome.ADMITTED, 200, 1_500_000_000L, 0, ContractApp.SLOW_BODY.length(), null));
    HttpResponse<String> echoed = call(request("/echo").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertThat(echoed.body()).isEqualTo("hello");
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("echo", "127.0.0.1", "127.0.0.1", "POST",
        "/echo", EdgeOutcome.ADMITTED, 200, 0, 5, 5, null)); // the handler declares its Content-Length
    assertThat(events).isEmpty();
  }

  @Test
  void theListenerSeesRateLimitedAndValidationRefusalsWithTheBodiesSent() {
    serveListened();

    for (int i = 0; i < 2; i++) {
      get("/api/search?q=hello");
      assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("search", "127.0.0.1", "127.0.0.1",
          "GET", "/api/search", EdgeOutcome.ADMITTED, 200, 0, 0,
          synchronousResponseBytes(ContractApp.SEARCH_BODY.length()), null));
    }
    HttpResponse<String> invalid = get("/api/search?q=%3Cscript%3E");
    HttpResponse<String> limited = get("/api/search?q=hello");

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.ViolationFound("search", "127.0.0.1", "127.0.0.1", "GET",
        "/api/search", Violation.Code.XSS, "q"));
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("search", "127.0.0.1", "127.0.0.1", "GET",
        "/api/search", EdgeOutcome.VALIDATION, 400, 0, 0, utf8Length(invalid.body()), EdgeGate.VALIDATION));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("search", "127.0.0.1", "127.0.0.1", "GET",
        "/api/search", EdgeOutcome.RATE_LIMIT, 429, 0, 0, utf8Length(limited.body()), EdgeGate.RATE_LIMIT));
  }

  @Test
  void theListenerSeesARefusedBodyAndARequestCancelledWhenItsClientWentAway() throws Exception {
    serveListened();

    HttpResponse<String> refused = call(request("/echo").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("<script>x</script>")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.ViolationFound("echo", "127.0.0.1", "127.0.0.1", "POST",
        "/echo", Violation.Code.XSS, "body"));
    assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("echo", "127.0.0.1", "127.0.0.1", "POST",
        "/echo", EdgeOutcome.VALIDATION, 400, 0, 18, utf8Length(refused.body()), EdgeGate.VALIDATION));

    try (RawClient client = new RawClient(server.port())) {
      client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n\r\nhello");
    }
    if (beginsBeforeTheBody()) {
      assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("echo", "127.0.0.1", "127.0.0.1", "POST",
          "/echo", EdgeOutcome.CANCELLED, 0, 0, 30, 0, null));
    } else {
      get("/ok"); // the request never reached the edge: the next event is this one's
      assertThat(nextEvent()).isEqualTo(new EdgeEvent.RequestFinished("ok", "127.0.0.1", "127.0.0.1", "GET",
          "/ok", EdgeOutcome.ADMITTED, 200, 0, 0, synchronousResponseBytes(ContractApp.OK_BODY.length()), null));
    }
  }

  /**
   * Returns the response size the adapter reports to the edge's listener for a response of
   * {@code bytes} bytes that the handler wrote without declaring its length and finished before
   * returning ({@code /ok}, {@code /api/search} of a servlet app). An adapter that counts what is
   * written reports {@code bytes}, as the servlet filter does on Jetty 12 ee10 (it reads Jetty's
   * count); on another container the filter reports the {@code Content-Length} it can see, which a
   * container sets only when it commits the response, after the filter is done: override to -1.
   *
   * @param bytes the body's length
   * @return by default {@code bytes}
   */
  protected long synchronousResponseBytes(long bytes) {
    return bytes;
  }

  /**
   * Tells whether the adapter begins an exchange when a request's head arrives, before its body,
   * so that a client going away mid-body cancels an exchange; an adapter behind an aggregator sees
   * no request until its body is complete.
   *
   * @return by default true
   */
  protected boolean beginsBeforeTheBody() {
    return true;
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void theErrorEnvelopeFormatIsWrittenExactly() {
    serve(b -> b.errorFormat(ErrorFormat.ENVELOPE));
    for (int i = 0; i < 3; i++) {
      assertThat(get("/api/search").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> refused = get("/api/search");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "Content-Type")).isEqualTo("application/json");
    assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":429,\"message\":\"Too Many Requests\","
        + "\"details\":\"Rate limit exceeded; retry after 20 seconds.\",\"retry_after\":20,"
        + "\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
  }

  @Test
  void corsPreflightsAreAnsweredByTheEdgeWithoutSpendingTheLimit() {
    serve();

    HttpResponse<String> allowed = call(request("/api/search")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "GET"));
    HttpResponse<String> refused = call(request("/api/search")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET"));

    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.body()).isEmpty();
    assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    assertThat(header(allowed, "Access-Control-Allow-Methods")).isEqualTo("GET, POST");
    assertSecurityHeaders(allowed);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(json(refused).get("status").asInt()).isEqualTo(403);
    assertSecurityHeaders(refused);

    HttpResponse<String> actual = call(request("/api/search").header("Origin", ORIGIN));
    assertThat(actual.statusCode()).isEqualTo(200);
    assertThat(header(actual, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    assertThat(header(actual, "RateLimit")).isEqualTo("\"search\";r=2;t=20");
  }

  /** Regression: the edge answered CORS preflights without any limit. */
  @Test
  void corsPreflightsWereNeverRateLimited() {
    serve(b -> b.preflightRateLimit("2/minute"));
    HttpRequest.Builder preflight = request("/api/search")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "GET");

    assertThat(call(preflight).statusCode()).isEqualTo(204);
    assertThat(call(preflight).statusCode()).isEqualTo(204);
    HttpResponse<String> third = call(preflight);

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(header(third, "Retry-After")).isEqualTo("30");
    assertThat(header(third, "RateLimit-Policy")).isEqualTo("\"preflight\";q=2;w=60");
    assertThat(header(third, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(third.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertSecurityHeaders(third);
    // The route's own limit is untouched.
    assertThat(header(get("/api/search"), "RateLimit")).isEqualTo("\"search\";r=2;t=20");
  }

  @Test
  void sqlInjectionInTheQueryIs400NamingTheViolation() {
    serve();

    HttpResponse<String> r = get("/api/search?page=2&q=1%27+OR+%271%27%3D%271");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
    JsonNode body = json(r);
    assertThat(body.get("status").asInt()).isEqualTo(400);
    assertThat(body.get("instance").asText()).isEqualTo("/api/search");
    assertThat(body.get("violations")).hasSize(1);
    assertThat(body.get("violations").get(0).get("code").asText()).isEqualTo("SQL_INJECTION");
    assertThat(body.get("violations").get(0).get("field").asText()).isEqualTo("q");
    assertThat(header(r, "RateLimit")).isEqualTo("\"search\";r=2;t=20");
    assertSecurityHeaders(r);
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413() {
    serve();

    HttpResponse<String> r = call(request("/echo")
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))));

    assertThat(r.statusCode()).isEqualTo(413);
    JsonNode body = json(r);
    assertThat(body.get("violations").get(0).get("code").asText()).isEqualTo("TOO_LARGE");
    assertThat(body.get("detail").asText()).contains("declared body of 100 bytes is larger than 64 bytes");
    assertSecurityHeaders(r);
  }

  @Test
  void aBodyOfAnUnsupportedMediaTypeIs415() {
    serve();

    HttpResponse<String> r = call(request("/echo")
        .header("Content-Type", "application/xml")
        .POST(HttpRequest.BodyPublishers.ofString("<a/>")));

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("violations").get(0).get("code").asText()).isEqualTo("MEDIA_TYPE_NOT_ALLOWED");
    assertSecurityHeaders(r);
  }

  @Test
  void theCheckedBodyReachesTheHandlerIntact() {
    serve();
    String text = "h\u00e9llo, edge \u2713";

    HttpResponse<String> sized = call(request("/echo")
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    HttpResponse<String> chunked = call(request("/echo")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))));

    assertThat(sized.statusCode()).isEqualTo(200);
    assertThat(sized.body()).isEqualTo(text);
    assertSecurityHeaders(sized);
    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(chunked.body()).isEqualTo("{\"a\":1}");
  }

  @Test
  void bodyContentIsCheckedBeforeTheHandler() {
    serve();

    HttpResponse<String> xss = call(request("/echo")
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("<script>alert(1)</script>")));
    HttpResponse<String> chunkedTooLarge = call(request("/echo")
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream("y".repeat(100).getBytes(StandardCharsets.UTF_8)))));

    assertThat(xss.statusCode()).isEqualTo(400);
    assertThat(json(xss).get("violations").get(0).get("code").asText()).isEqualTo("XSS");
    assertThat(json(xss).get("violations").get(0).get("field").asText()).isEqualTo("body");
    assertSecurityHeaders(xss);
    assertThat(chunkedTooLarge.statusCode()).isEqualTo(413);
    assertThat(json(chunkedTooLarge).get("violations").get(0).get("code").asText()).isEqualTo("TOO_LARGE");
  }

  /** Regression: JSON escapes and form escapes reached the handler decoded and unchecked. */
  @Test
  void escapedPayloadsInJsonAndFormBodiesReachedTheHandlerUnchecked() {
    serve();

    HttpResponse<String> json = call(request("/echo")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"c\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"}")));
    HttpResponse<String> chunkedJson = call(request("/echo")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
            "[\"\\u0027 OR \\u00271\\u0027=\\u00271\"]".getBytes(StandardCharsets.UTF_8)))));
    HttpResponse<String> harmless = call(request("/echo")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"c\":\"Tom \\u0026 Jerry\"}")));

    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json(json).get("violations").get(0).get("code").asText()).isEqualTo("XSS");
    assertThat(json(json).get("violations").get(0).get("field").asText()).isEqualTo("body/c");
    assertThat(chunkedJson.statusCode()).isEqualTo(400);
    assertThat(json(chunkedJson).get("violations").get(0).get("code").asText()).isEqualTo("SQL_INJECTION");
    assertThat(harmless.statusCode()).isEqualTo(200);
    assertThat(harmless.body()).isEqualTo("{\"c\":\"Tom \\u0026 Jerry\"}");
  }

  /** Regression: routes without a body limit (GETs and 404s included) accepted any body. */
  @Test
  void routesWithoutALimitAcceptedBodiesOfAnySize() {
    serve(b -> b.maxBodyBytes(1_000));
    String big = "x".repeat(2_000);

    HttpResponse<String> declared = call(request("/ok").method("GET", HttpRequest.BodyPublishers.ofString(big)));
    HttpResponse<String> streamed = call(request("/drain").POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
    HttpResponse<String> small = call(request("/ok").method("GET", HttpRequest.BodyPublishers.ofString("x")));
    HttpResponse<String> smallStreamed = call(request("/drain").POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(new byte[1_000]))));

    for (HttpResponse<String> tooLarge : List.of(declared, streamed)) {
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(header(tooLarge, "Content-Type")).isEqualTo("application/problem+json");
      assertThat(json(tooLarge).get("violations").get(0).get("code").asText()).isEqualTo("TOO_LARGE");
      assertSecurityHeaders(tooLarge);
    }
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(smallStreamed.statusCode()).isEqualTo(200);
    assertThat(smallStreamed.body()).isEqualTo("1000");
  }

  @Test
  void serverErrorsOpenTheBreakerWhichAnswers503WithRetryAfter() {
    serve();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failed = get("/fail");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertSecurityHeaders(failed);
    }

    HttpResponse<String> open = get("/fail");

    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(header(open, "Retry-After")).isEqualTo("30");
    assertThat(json(open)).isEqualTo(problem(503, "Service Unavailable",
        "The service is temporarily unavailable; retry after 30 seconds.", "/fail").put("retryAfter", 30));
    assertSecurityHeaders(open);

    ticker.advance(Duration.ofSeconds(30));
    assertThat(get("/fail").statusCode()).as("half-open trial reaches the handler").isEqualTo(500);
    assertThat(get("/fail").statusCode()).as("the failed trial re-opens the breaker").isEqualTo(503);
  }

  @Test
  void aHandlerThatThrowsCountsAsAFailure() {
    serve();

    assertThat(get("/throw").statusCode()).isEqualTo(500);
    HttpResponse<String> open = get("/throw");

    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(header(open, "Retry-After")).isEqualTo("30");
    assertThat(get("/ok").statusCode()).as("other routes are unaffected").isEqualTo(200);
  }

  @Test
  void slowRequestsFillTheRouteAndReturnTheirPermitsWhenTheyFinish() throws Exception {
    serve();
    CompletableFuture<HttpResponse<String>> a = callAsync(request("/slow"));
    CompletableFuture<HttpResponse<String>> b = callAsync(request("/slow"));
    assertThat(app.awaitParked(2, WAIT)).isTrue();
    assertThat(slowInFlight.inFlight()).isEqualTo(2);

    HttpResponse<String> full = get("/slow");

    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(header(full, "Retry-After")).isEqualTo("1");
    assertThat(json(full).get("detail").asText()).isEqualTo("Too many requests in progress; retry after 1 second.");
    assertSecurityHeaders(full);

    assertThat(app.releaseSlow()).isEqualTo(2);
    for (CompletableFuture<HttpResponse<String>> f : List.of(a, b)) {
      HttpResponse<String> done = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).isEqualTo(ContractApp.SLOW_BODY);
      assertSecurityHeaders(done);
    }
    assertThat(slowInFlight.awaitIdle(WAIT)).isTrue();

    CompletableFuture<HttpResponse<String>> again = callAsync(request("/slow"));
    assertThat(app.awaitParked(1, WAIT)).isTrue();
    app.releaseSlow();
    assertThat(again.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aSpoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheKey() {
    serve(b -> b.clientIpResolver(ClientIpResolver.trustedProxies("10.0.0.0/8")));

    for (int i = 1; i <= 3; i++) {
      assertThat(call(request("/api/search").header("X-Forwarded-For", "198.51.100." + i)).statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> r = call(request("/api/search").header("X-Forwarded-For", "198.51.100.9"));

    assertThat(r.statusCode()).isEqualTo(429);
  }

  @Test
  void aForwardedForFromATrustedPeerNamesTheClient() {
    // The peer must reach the edge as the literal 127.0.0.1 for this proxy to be trusted.
    serve(b -> b.clientIpResolver(ClientIpResolver.trustedProxies("127.0.0.1")));

    for (int i = 0; i < 3; i++) {
      assertThat(call(request("/api/search").header("X-Forwarded-For", "198.51.100.1")).statusCode())
          .isEqualTo(200);
    }

    assertThat(call(request("/api/search").header("X-Forwarded-For", "198.51.100.1")).statusCode())
        .isEqualTo(429);
    assertThat(call(request("/api/search").header("X-Forwarded-For", "198.51.100.2")).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/search").statusCode()).as("the proxy itself is a client too").isEqualTo(200);
  }

  @Test
  void requestsNoRouteMatchesGetTheSecurityHeadersToo() {
    serve();

    HttpResponse<String> r = get("/nowhere");

    assertThat(r.statusCode()).isEqualTo(404);
    assertSecurityHeaders(r);
  }

  /**
   * Spellings of {@code /paths/guarded} and its neighbours, each with the path the application
   * must see, or null where the request must be refused before the application runs.
   */
  private static final String[][] PATH_SPELLINGS = {
    {"/paths/guarded", "/paths/guarded"},
    {"/paths/%67uarded", "/paths/guarded"},
    {"/paths/%67%75%61%72%64%65%64", "/paths/guarded"},
    {"/paths/guarded;x=1", "/paths/guarded"},
    {"/paths;v=1/guarded", "/paths/guarded"},
    {"/paths/./guarded", "/paths/guarded"},
    {"/paths/x/../guarded", "/paths/guarded"},
    {"/paths/x/y/../../guarded", "/paths/guarded"},
    {"/paths/guarded/", "/paths/guarded/"},
    {"/paths//guarded", null},
    {"//paths/guarded", null},
    {"/paths/guarded//", null},
    {"http://127.0.0.1/paths/%67uarded?q=1", "/paths/guarded"},
    {"/paths/guarded/x/..", "/paths/guarded/"},
    {"/paths/guarded?q=1", "/paths/guarded"},
    {"/paths/other", "/paths/other"},
    {"/paths/a%20b", "/paths/a b"},
    {"/paths/caf%C3%A9", "/paths/caf\u00e9"},
    {"/paths/a%3Fb", "/paths/a?b"},
    {"/paths/a%23b", "/paths/a#b"},
    {"/paths/a%3Bb", "/paths/a;b"},
    {"/paths/a+b", "/paths/a+b"},
    {"/paths%2Fguarded", null},
    {"/paths%2fguarded", null},
    {"/paths/x%2F..%2Fguarded", null},
    {"/paths%5Cguarded", null},
    {"/paths\\guarded", null},
    {"/paths/guarded#x", null},
    {"/paths#/guarded", null},
    {"/paths/%2e/guarded", null},
    {"/paths/x/%2e%2e/guarded", null},
    {"/paths/x/.%2E/guarded", null},
    {"/paths/x/..;/guarded", null},
    {"/paths/x/..;x=1/guarded", null},
    {"/paths/;x/guarded", null},
    {"/../paths/guarded", null},
    {"/paths/../../paths/guarded", null},
    {"/paths/%252e%252e/guarded", null},
    {"/paths/guar%zzded", null},
    {"/paths/guarded%", null},
    {"/paths/guarded%00", null},
    {"/paths/guarded%0a", null},
    {"/paths/%c0%af", null},
    {"/paths/%C3", null},
  };

  /**
   * Regression for the Netty path bypass: {@code /api%2Fauth%2Flogin} was judged as one path by
   * the edge and served as another by the application, past the login route's limit. Over a
   * matrix of spellings, every adapter either refuses the request before the application runs, or
   * hands the application exactly the path the edge routed (and so the route whose gates ran).
   */
  @Test
  void theApplicationSeesExactlyThePathTheEdgeRoutedOverAMatrixOfSpellings() throws IOException {
    serve();
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    for (String[] spelling : PATH_SPELLINGS) {
      String target = spelling[0];
      String expected = spelling[1];
      RawClient.Response response = RawClient.get(server.port(), target);
      if (expected == null) {
        soft.assertThat(response.status()).as("status of %s", target).isEqualTo(400);
        soft.assertThat(response.body()).as("body of %s", target).doesNotStartWith("/paths");
        continue;
      }
      soft.assertThat(response.status()).as("status of %s", target).isEqualTo(200);
      soft.assertThat(response.body()).as("the application's and the edge's path for %s", target)
          .isEqualTo(expected + "\n" + expected);
      boolean guarded = expected.equals("/paths/guarded") || expected.equals("/paths/guarded/");
      soft.assertThat(response.headers().get("ratelimit-policy")).as("route that judged %s", target)
          .contains(guarded ? "\"guarded\";q=50" : "\"paths\";q=100");
    }
    soft.assertAll();
  }

  // ---------------------------------------------------------------- request identifiers (#19)

  private static final java.util.regex.Pattern GENERATED_ID =
      java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{12}");

  @Test
  void aGeneratedRequestIdIsEchoedAndInTheHandlersMdcAndAClientsOwnIsNotBelieved() {
    serve(b -> b.requestIds(RequestIds.standard()));

    HttpResponse<String> first = get("/ok");
    HttpResponse<String> second = call(request("/ok").header("X-Request-ID", "chosen-by-client"));

    String id = header(first, "X-Request-ID");
    assertThat(id).matches(GENERATED_ID);
    assertThat(header(first, ContractApp.MDC_HEADER)).isEqualTo(id);
    String other = header(second, "X-Request-ID");
    assertThat(other).matches(GENERATED_ID).isNotEqualTo(id);
    assertThat(header(second, ContractApp.MDC_HEADER)).isEqualTo(other);
    assertThat(get("/ok").headers().firstValue(ContractApp.MDC_HEADER)).isPresent();
  }

  @Test
  void aTrustedProxysRequestIdIsKeptOnAdmittedAndRefusedRequestsAndInTheProblemBody() {
    serve(b -> b.requestIds(RequestIds.standard()).clientIpResolver(ClientIpResolver.trustedProxies("127.0.0.1/32")));

    HttpResponse<String> ok = call(request("/ok").header("X-Request-ID", "lb-7f3a"));
    assertThat(header(ok, "X-Request-ID")).isEqualTo("lb-7f3a");
    assertThat(header(ok, ContractApp.MDC_HEADER)).isEqualTo("lb-7f3a");

    HttpResponse<String> refused = call(request("/api/search?q=%3Cscript%3E").header("X-Request-ID", "lb-7f3b"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(header(refused, "X-Request-ID")).isEqualTo("lb-7f3b");
    assertThat(json(refused).get("requestId").asText()).isEqualTo("lb-7f3b");

    HttpResponse<String> malformed = call(request("/ok").header("X-Request-ID", "bad id;<x>"));
    assertThat(header(malformed, "X-Request-ID")).matches(GENERATED_ID);
  }

  @Test
  void withoutRequestIdsNothingIsAddedAndTheMdcStaysEmpty() {
    serve();

    HttpResponse<String> ok = call(request("/ok").header("X-Request-ID", "abc"));

    assertThat(ok.headers().firstValue("X-Request-ID")).isEmpty();
    assertThat(ok.headers().firstValue(ContractApp.MDC_HEADER)).isEmpty();
  }
}
