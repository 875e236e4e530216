package dev.bulwark.http;

import static dev.bulwark.http.Responses.body;
import static dev.bulwark.http.Responses.bodyText;
import static dev.bulwark.http.Responses.json;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

  private static final String HOSTILE = "/x/\"quoted\\\"</script><script>alert(1)</script>\u0001\n\u2028&'";

  @Test
  void hostileInputCannotBreakTheJsonOrCloseAScriptElement() {
    byte[] bytes = ErrorBodies.problem("about:blank", 400, "detail " + HOSTILE, HOSTILE, -1,
        List.of(new Violation(Violation.Code.XSS, HOSTILE, "found " + HOSTILE, 0)));
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("</script>", "<script>", "\u0001", "\n", "\u2028", "&", "'");
    assertThat(text).contains("\\u003C/script\\u003E", "\\\"quoted\\\\\\\"", "\\u0001", "\\n", "\\u2028");
    JsonNode node = json(text);
    assertThat(node.get("instance").asText()).isEqualTo(HOSTILE);
    assertThat(node.get("detail").asText()).isEqualTo("detail " + HOSTILE);
    assertThat(node.get("violations").get(0).get("field").asText()).isEqualTo(HOSTILE);
    assertThat(node.get("violations").get(0).get("message").asText()).isEqualTo("found " + HOSTILE);
  }

  @Test
  void envelopeEscapesToo() {
    String text = new String(ErrorBodies.envelope(400, HOSTILE, -1, Instant.parse("2024-05-06T07:08:09.999Z")),
        StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("</script>");
    assertThat(json(text)).isEqualTo(json("{\"error\":{\"code\":400,\"message\":\"Bad Request\","
        + "\"details\":" + quote(HOSTILE) + ","
        + "\"timestamp\":\"2024-05-06T07:08:09Z\"}}"));
  }

  /** Returns {@code s} as a JSON string literal, written by Jackson's defaults. */
  private static String quote(String s) {
    return new TextNode(s).toString();
  }

  @Test
  void longPathsAreTruncatedInTheInstance() {
    String path = "/" + "p".repeat(5_000);
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/**").name("all").rateLimit(RateLimitGate.of("1/minute")).build()).build();
    edge.begin(FakeRequest.get(path));

    EdgeRejection r = rejection(edge.begin(FakeRequest.get(path)));

    assertThat(body(r).get("instance").asText()).isEqualTo(path.substring(0, 100));
    assertThat(r.bodyLength()).isLessThan(400);
  }

  @Test
  void aHostileQueryIsEchoedEscapedAndTruncated() {
    Edge edge = Edge.builder()
        .route(Route.builder("/s").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build()).build();
    String value = "%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E" + "a".repeat(300);

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/s?q=" + value)));

    assertThat(bodyText(r)).doesNotContain("</script>", "<script>");
    JsonNode violation = body(r).get("violations").get(0);
    assertThat(violation.get("code").asText()).isEqualTo("XSS");
    assertThat(violation.get("message").asText().length()).isLessThanOrEqualTo(100);
  }

  @Test
  void problemTypesCanLiveUnderABase() {
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .problemTypeBase("https://errors.example.com/")
        .route(Route.builder("/**").name("all").rateLimit(RateLimitGate.of("1/minute")).build()).build();
    edge.begin(FakeRequest.get("/"));
    assertThat(body(rejection(edge.begin(FakeRequest.get("/")))).get("type").asText())
        .isEqualTo("https://errors.example.com/rate-limited");
    assertThatThrownBy(() -> Edge.builder().problemTypeBase("errors/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("problemTypeBase must be an absolute URI but was \"errors/\"");
  }

  @Test
  void bodyIsACopy() {
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/**").name("all").rateLimit(RateLimitGate.of("1/minute")).build()).build();
    edge.begin(FakeRequest.get("/"));
    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/")));
    byte[] first = r.body();
    first[0] = 'X';
    assertThat(r.body()[0]).isEqualTo((byte) '{');
    assertThat(r.toString()).isEqualTo("EdgeRejection[429 RATE_LIMIT, retryAfter=60s]");
  }
}
