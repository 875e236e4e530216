package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The tracer hook: a request's span starts in {@link Edge#begin} before any gate runs, hears the
 * request's events, ends once when the request ends, and a tracer's failure never fails a request.
 */
class EdgeTracerTest {

  private final ManualTicker ticker = new ManualTicker();
  /** Everything the tracer and its spans were told, one line each, in order. */
  private final List<String> log = new ArrayList<>();

  /** A tracer that writes to {@link #log}; its spans can be told to throw. */
  private final class Recording implements EdgeTracer {
    boolean spansThrow;

    @Override
    public EdgeSpan start(String route, String method, String path) {
      log.add("start " + route + " " + method + " " + path + " at " + ticker.read());
      boolean fail = spansThrow;
      return new EdgeSpan() {
        @Override
        public Scope open() {
          if (fail) {
            throw new IllegalStateException("open failed");
          }
          log.add("open " + route);
          return () -> log.add("close " + route);
        }

        @Override
        public void event(EdgeEvent event) {
          if (event instanceof EdgeEvent.ShadowRejected s) {
            log.add("shadow " + s.gate());
          } else if (event instanceof EdgeEvent.ViolationFound v) {
            log.add("violation " + v.code());
          }
        }

        @Override
        public void end(EdgeEvent.RequestFinished f) {
          log.add("end " + f.route() + " " + f.outcome() + " " + f.status() + " after " + f.durationNanos());
          if (fail) {
            throw new IllegalStateException("end failed");
          }
        }
      };
    }
  }

  private Edge edge(EdgeTracer tracer, @Nullable EdgeListener listener) {
    EdgeBuilder builder = Edge.builder().ticker(ticker).tracer(tracer);
    if (listener != null) {
      builder.listener(listener);
    }
    return builder
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("2/minute"))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .route(Route.builder("/one").name("one").concurrency(ConcurrencyGate.of(1, 1)).build())
        .route(Route.builder("/shadow").name("shadow").rateLimit(RateLimitGate.of("1/minute"))
            .shadow(EdgeGate.RATE_LIMIT).build())
        .build();
  }

  @Test
  void anAdmittedRequestsSpanStartsAtBeginIsOpenedAroundTheHandlerAndEndsOnce() {
    Edge edge = edge(new Recording(), null);
    EdgeExchange exchange = edge.begin(FakeRequest.get("/api/search?q=a"));
    assertThat(log).containsExactly("start search GET /api/search at 0");
    assertThat(exchange.span()).isNotNull();
    try (EdgeSpan.Scope scope = exchange.openScope()) {
      ticker.advance(Duration.ofMillis(5));
      log.add("handler");
    }
    exchange.complete(200);
    exchange.complete(500);
    exchange.fail(new IOException("late"));
    exchange.cancel();
    assertThat(log).containsExactly("start search GET /api/search at 0", "open search", "handler",
        "close search", "end search ADMITTED 200 after 5000000");
  }

  @Test
  void aFailedOrCancelledRequestEndsItsSpanWithThatOutcome() {
    Edge edge = edge(new Recording(), null);
    edge.begin(FakeRequest.get("/one")).fail(new IOException("reset"));
    edge.begin(FakeRequest.get("/one")).cancel();
    assertThat(log).containsExactly("start one GET /one at 0", "end one FAILED 500 after 0",
        "start one GET /one at 0", "end one CANCELLED 0 after 0");
  }

  @Test
  void aRefusedRequestsSpanStartsBeforeTheGatesAndEndsWithItsRefusal() {
    Edge edge = edge(new Recording(), null);
    edge.begin(FakeRequest.get("/api/search?q=a")).complete(200);
    log.clear();
    EdgeExchange probe = edge.begin(FakeRequest.get("/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E"));
    assertThat(probe.admitted()).isFalse();
    assertThat(probe.span()).isNull();
    assertThat(probe.openScope()).isSameAs(EdgeSpan.Scope.NONE);
    EdgeExchange limited = edge.begin(FakeRequest.get("/api/search?q=b"));
    assertThat(limited.admitted()).isFalse();
    assertThat(log).containsExactly(
        "start search GET /api/search at 0", "violation XSS", "end search VALIDATION 400 after 0",
        "start search GET /api/search at 0", "end search RATE_LIMIT 429 after 0");
  }

  @Test
  void aShadowedRefusalIsAnEventOfTheRequestsSpan() {
    Edge edge = edge(new Recording(), null);
    edge.begin(FakeRequest.get("/shadow")).complete(200);
    edge.begin(FakeRequest.get("/shadow")).complete(204);
    assertThat(log).containsExactly("start shadow GET /shadow at 0", "end shadow ADMITTED 200 after 0",
        "start shadow GET /shadow at 0", "shadow RATE_LIMIT", "end shadow ADMITTED 204 after 0");
  }

  @Test
  void anUpgradedRequestsSpanEndsWithTheHandshake() {
    Edge edge = edge(new Recording(), null);
    EdgeConnection connection = edge.begin(FakeRequest.get("/one")).upgrade(() -> { });
    assertThat(log).containsExactly("start one GET /one at 0", "end one ADMITTED 101 after 0");
    connection.close();
  }

  @Test
  void aRequestTheServerCouldNotParseIsStartedAndEndedAtOnce() {
    Edge edge = edge(new Recording(), null);
    edge.protocolError(431, "The request head is too large.", false);
    assertThat(log).containsExactly("start default  / at 0", "end default VALIDATION 431 after 0");
  }

  @Test
  void aTracerMayLeaveARequestUntracedAndTheListenerStillHearsIt() {
    List<String> heard = new ArrayList<>();
    Edge edge = edge((route, method, path) -> null,
        event -> heard.add(event.getClass().getSimpleName() + " " + event.route()));
    EdgeExchange exchange = edge.begin(FakeRequest.get("/one"));
    assertThat(exchange.span()).isNull();
    assertThat(exchange.openScope()).isSameAs(EdgeSpan.Scope.NONE);
    exchange.complete(200);
    assertThat(heard).containsExactly("RequestFinished one");
  }

  @Test
  void anEdgeWithoutATracerHasNoSpan() {
    Edge edge = Edge.builder().route(Route.builder("/a").name("a").build()).build();
    EdgeExchange exchange = edge.begin(FakeRequest.get("/a"));
    assertThat(exchange.span()).isNull();
    assertThat(exchange.openScope()).isSameAs(EdgeSpan.Scope.NONE);
    exchange.complete(200);
  }

  @Test
  void aThrowingTracerOrSpanNeitherFailsTheRequestNorLeaksItsPermit() {
    List<String> heard = new ArrayList<>();
    Edge throwsOnStart = edge((route, method, path) -> {
      throw new IllegalStateException("start failed");
    }, event -> heard.add(event.route()));
    EdgeExchange untraced = throwsOnStart.begin(FakeRequest.get("/one"));
    assertThat(untraced.admitted()).isTrue();
    assertThat(untraced.span()).isNull();
    untraced.complete(200);
    assertThat(heard).containsExactly("one");

    Recording recording = new Recording();
    recording.spansThrow = true;
    Edge throwsLater = edge(recording, event -> heard.add(event.route()));
    for (int i = 0; i < 3; i++) {
      EdgeExchange exchange = throwsLater.begin(FakeRequest.get("/one"));
      assertThat(exchange.admitted()).as("the permit of the last request was released").isTrue();
      assertThat(exchange.openScope()).isSameAs(EdgeSpan.Scope.NONE);
      exchange.complete(200);
    }
    assertThat(heard).containsExactly("one", "one", "one", "one");
    assertThat(throwsLater.inFlight()).isZero();
  }

  @Test
  void theTracerIsSetOnceAndNeverNull() {
    EdgeTracer tracer = (route, method, path) -> null;
    assertThatIllegalStateException().isThrownBy(() -> Edge.builder().tracer(tracer).tracer(tracer))
        .withMessageContaining("tracer");
    assertThatNullPointerException().isThrownBy(() -> Edge.builder().tracer(null));
  }
}
