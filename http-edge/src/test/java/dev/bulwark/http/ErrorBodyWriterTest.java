package dev.bulwark.http;

import static dev.bulwark.http.Responses.bodyText;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ErrorBodyWriterTest {

  private static final String PROBLEM_429 = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\","
      + "\"status\":429,\"detail\":\"Rate limit exceeded; retry after 60 seconds.\",\"instance\":\"/a\","
      + "\"retryAfter\":60}";

  private static EdgeBuilder edge() {
    return Edge.builder().ticker(new ManualTicker())
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00.750Z"), ZoneOffset.UTC));
  }

  private static RouteBuilder limited(String pattern) {
    return Route.builder(pattern).rateLimit(RateLimitGate.of("1/minute"));
  }

  /** The second request to a path of a 1/minute route, refused. */
  private static EdgeRejection refused(Edge edge, String path) {
    edge.begin(FakeRequest.get(path));
    return rejection(edge.begin(FakeRequest.get(path)));
  }

  @Test
  void aRouteWriterOverridesTheEdgeWriter() {
    Edge edge = edge().errorBodyWriter(ErrorBodyWriter.envelope())
        .route(limited("/a").errorBodyWriter(ErrorBodyWriter.problemJson()).build())
        .route(limited("/b").build())
        .build();

    EdgeRejection a = refused(edge, "/a");
    EdgeRejection b = refused(edge, "/b");

    assertThat(a.contentType()).isEqualTo("application/problem+json");
    assertThat(bodyText(a)).isEqualTo(PROBLEM_429);
    assertThat(b.contentType()).isEqualTo("application/json");
    assertThat(bodyText(b)).isEqualTo("{\"error\":{\"code\":429,\"message\":\"Too Many Requests\","
        + "\"details\":\"Rate limit exceeded; retry after 60 seconds.\",\"retry_after\":60,"
        + "\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
  }

  @Test
  void errorFormatsAreTheBuiltInWriters() {
    assertThat(ErrorFormat.PROBLEM_JSON.writer()).isSameAs(ErrorBodyWriter.problemJson());
    assertThat(ErrorFormat.ENVELOPE.writer()).isSameAs(ErrorBodyWriter.envelope());
    assertThat(ErrorBodyWriter.problemJson()).hasToString("PROBLEM_JSON");
    assertThat(bodyText(refused(edge().errorFormat(ErrorFormat.PROBLEM_JSON).route(limited("/a").build())
        .build(), "/a"))).isEqualTo(PROBLEM_429);
    assertThatThrownBy(() -> Edge.builder().errorFormat(ErrorFormat.ENVELOPE)
        .errorBodyWriter(ErrorBodyWriter.envelope()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errorFormat and errorBodyWriter are alternatives: errorFormat was already set to ENVELOPE");
    assertThatThrownBy(() -> Edge.builder().errorBodyWriter(ErrorBodyWriter.envelope())
        .errorFormat(ErrorFormat.ENVELOPE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errorFormat and errorBodyWriter are alternatives: errorBodyWriter was already set to ENVELOPE");
    assertThatThrownBy(() -> Route.builder("/").errorBodyWriter(ErrorBodyWriter.envelope())
        .errorBodyWriter(ErrorBodyWriter.envelope()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errorBodyWriter was already set to ENVELOPE");
  }

  @Test
  void aCustomWriterSeesTheWholeRefusal() {
    AtomicReference<ErrorBody> seen = new AtomicReference<>();
    ErrorBodyWriter text = new ErrorBodyWriter() {
      @Override
      public String contentType() {
        return "text/plain; charset=utf-8";
      }

      @Override
      public byte[] write(ErrorBody body) {
        seen.set(body);
        return (body.status() + " " + body.detail()).getBytes(StandardCharsets.UTF_8);
      }
    };
    Edge edge = edge().problemTypeBase("https://errors.example.com/").errorBodyWriter(text)
        .route(limited("/a").name("a").build()).build();

    EdgeRejection r = refused(edge, "/a");

    assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(bodyText(r)).isEqualTo("429 Rate limit exceeded; retry after 60 seconds.");
    ErrorBody body = seen.get();
    assertThat(body.type()).isEqualTo("https://errors.example.com/rate-limited");
    assertThat(body.title()).isEqualTo("Too Many Requests");
    assertThat(body.instance()).isEqualTo("/a");
    assertThat(body.retryAfterSeconds()).isEqualTo(60);
    assertThat(body.gate()).isEqualTo(EdgeGate.RATE_LIMIT);
    assertThat(body.route()).isEqualTo("a");
    assertThat(body.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00.750Z"));
    assertThat(body.violations()).isEmpty();
  }

  @Test
  void aWriterThatThrowsOrAnswersNothingUsableFallsBackToProblemJson() {
    List<ErrorBodyWriter> broken = List.of(
        writer("text/plain", null, new IllegalStateException("boom")),
        writer("text/plain", null, null),
        writer(null, new byte[] {'x'}, null),
        writer(" ", new byte[] {'x'}, null),
        writer("text/plain\r\nSet-Cookie: a=b", new byte[] {'x'}, null),
        writer("text/plain; charset=\u00e9", new byte[] {'x'}, null));
    for (ErrorBodyWriter writer : broken) {
      Edge edge = edge().route(limited("/a").errorBodyWriter(writer).build()).build();

      EdgeRejection r = refused(edge, "/a");

      assertThat(r.status()).isEqualTo(429);
      assertThat(r.contentType()).isEqualTo("application/problem+json");
      assertThat(bodyText(r)).isEqualTo(PROBLEM_429);
    }
  }

  @Test
  void aWritersArrayIsCopied() {
    byte[] shared = {'o', 'k'};
    Edge edge = edge().route(limited("/a").errorBodyWriter(writer("text/plain", shared, null)).build()).build();
    EdgeRejection r = refused(edge, "/a");
    shared[0] = 'X';
    assertThat(bodyText(r)).isEqualTo("ok");
  }

  @SuppressWarnings("NullAway") // deliberately breaks the contract
  private static ErrorBodyWriter writer(String contentType, byte[] bytes, RuntimeException error) {
    return new ErrorBodyWriter() {
      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public byte[] write(ErrorBody body) {
        if (error != null) {
          throw error;
        }
        return bytes;
      }
    };
  }

  @Test
  void applicationCodeWritesItsOwnErrors() {
    ErrorBody body = ErrorBody.builder(404).detail("no user <b>7</b>").instance("/users/7")
        .extension("violation", "NOT_FOUND").extension("attempt", 2).extension("final", true).build();

    assertThat(new String(ErrorBodyWriter.problemJson().write(body), StandardCharsets.UTF_8)).isEqualTo(
        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"no user \\u003Cb\\u003E7\\u003C/b\\u003E\",\"instance\":\"/users/7\","
            + "\"violation\":\"NOT_FOUND\",\"attempt\":2,\"final\":true}");
    assertThat(new String(ErrorBodyWriter.envelope().write(
        ErrorBody.builder(503).retryAfterSeconds(5).timestamp(Instant.parse("2024-05-06T07:08:09.9Z"))
            .extension("breaker", "llm").build()), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":{\"code\":503,\"message\":\"Service Unavailable\","
            + "\"details\":\"Service Unavailable\",\"retry_after\":5,\"timestamp\":\"2024-05-06T07:08:09Z\","
            + "\"breaker\":\"llm\"}}");
    assertThat(ErrorBodyWriter.envelope().contentType()).isEqualTo("application/json");
    assertThat(ErrorBodyWriter.problemJson().contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void problemBodiesListTenViolationsAtMost() {
    List<Violation> violations = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      violations.add(new Violation(Violation.Code.XSS, "f" + i, "m", 0));
    }
    ErrorBody body = ErrorBody.builder(400).violations(violations).build();
    assertThat(body.violations()).hasSize(12);
    assertThat(Responses.json(new String(ErrorBodyWriter.problemJson().write(body), StandardCharsets.UTF_8))
        .get("violations").size()).isEqualTo(10);
  }

  @Test
  void errorBodyBuilderChecksItsValues() {
    ErrorBody plain = ErrorBody.of(599, "odd");
    assertThat(plain.title()).isEqualTo("HTTP 599");
    assertThat(plain.type()).isEqualTo("about:blank");
    assertThat(plain.instance()).isNull();
    assertThat(plain.retryAfterSeconds()).isEqualTo(-1);
    assertThat(plain).hasToString("ErrorBody[599 HTTP 599]");
    assertThat(ErrorBody.builder(422).build().detail()).isEqualTo("Unprocessable Content");
    assertThatThrownBy(() -> ErrorBody.builder(302))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("status must be 400 to 599 but was 302");
    assertThatThrownBy(() -> ErrorBody.builder(400).retryAfterSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retryAfterSeconds must be >= 0 but was -1");
    assertThatThrownBy(() -> ErrorBody.builder(400).detail("a").detail("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("detail was already set to a");
    assertThatThrownBy(() -> ErrorBody.builder(400).extension("status", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extension member \"status\" is a member of the built-in formats");
    assertThatThrownBy(() -> ErrorBody.builder(400).extension("x", 1).extension("x", "y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("extension member \"x\" was already added");
  }
}
