package dev.bulwark.http;

import static dev.bulwark.http.Responses.body;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationGateTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Edge edge(RouteBuilder route) {
    return Edge.builder().ticker(new ManualTicker()).route(route.build()).build();
  }

  private static ObjectNode problem(int status, String title, String detail, String instance) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", "about:blank").put("title", title).put("status", status)
        .put("detail", detail).put("instance", instance);
    return node;
  }

  private static void addViolation(ObjectNode problem, String code, String field, String message) {
    ArrayNode list = problem.has("violations")
        ? (ArrayNode) problem.get("violations")
        : problem.putArray("violations");
    list.addObject().put("code", code).put("field", field).put("message", message);
  }

  @Test
  void sqlInjectionInTheQueryIs400WithTheViolation() {
    Edge edge = edge(Route.builder("/api/search").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()));

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/api/search?page=2&q=1%27+OR+%271%27%3D%271")));

    Violation expected = InputPolicy.forQueries().validate("q", "1' OR '1'='1").violations().get(0);
    assertThat(expected.code()).isEqualTo(Violation.Code.SQL_INJECTION);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.gate()).isEqualTo(EdgeGate.VALIDATION);
    assertThat(r.retryAfterSeconds()).isEqualTo(-1);
    assertThat(r.violations()).containsExactly(expected);
    ObjectNode json = problem(400, "Bad Request",
        "Invalid input in 'q': " + expected.message(), "/api/search");
    addViolation(json, "SQL_INJECTION", "q", expected.message());
    assertThat(body(r)).isEqualTo(json);
    assertThat(Responses.headers(r)).noneMatch(h -> h.startsWith("Retry-After"));
  }

  @Test
  void cleanQueriesPass() {
    Edge edge = edge(Route.builder("/api/search").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()));
    assertThat(edge.begin(FakeRequest.get("/api/search?q=hello+world&page=2&&flag")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/search?")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/search")).admitted()).isTrue();
  }

  @Test
  void fieldCountNameLengthAndEncodingAreChecked() {
    InputPolicy policy = InputPolicy.builder().maxFields(2).maxFieldNameLength(4).build();
    Edge edge = edge(Route.builder("/s").validation(RouteValidation.builder().queryPolicy(policy).build()));

    EdgeRejection tooMany = rejection(edge.begin(FakeRequest.get("/s?a=1&b=2&c=3")));
    assertThat(tooMany.violations()).containsExactly(new Violation(
        Violation.Code.TOO_MANY_FIELDS, "query", "more than 2 query parameters: 3", -1));

    EdgeRejection longName = rejection(edge.begin(FakeRequest.get("/s?abcde=1")));
    assertThat(longName.violations()).containsExactly(new Violation(Violation.Code.FIELD_NAME_TOO_LONG,
        "abcde", "parameter name longer than 4 code points: 5", 4));

    EdgeRejection control = rejection(edge.begin(FakeRequest.get("/s?a%00=1")));
    assertThat(control.violations()).containsExactly(new Violation(Violation.Code.CONTROL_CHARACTER,
        "a\0", "parameter name contains control character U+0000", 1));

    EdgeRejection badEscape = rejection(edge.begin(FakeRequest.get("/s?q=ab%zz")));
    assertThat(badEscape.violations()).containsExactly(new Violation(
        Violation.Code.INVALID_PERCENT_ENCODING, "q", "invalid percent-encoding at index 2", 2));

    EdgeRejection badUtf8 = rejection(edge.begin(FakeRequest.get("/s?q=%C3%28")));
    assertThat(badUtf8.violations()).containsExactly(new Violation(
        Violation.Code.INVALID_UTF8, "q", "percent-decoded bytes are not well-formed UTF-8", -1));
  }

  @Test
  void echoedInputIsTruncatedTo100CharactersAndAtMostTenViolationsAreListed() {
    String name = "n".repeat(120);
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      query.append(i == 0 ? "" : "&").append(name).append(i % 10).append("=%01");
    }
    Edge edge = edge(Route.builder("/s").validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()));

    EdgeRejection r = rejection(edge.begin(FakeRequest.get("/s?" + query)));

    assertThat(r.violations()).hasSize(12);
    assertThat(r.violations().get(0).field()).hasSize(121);
    JsonNode json = body(r);
    assertThat(json.get("violations")).hasSize(10);
    assertThat(json.get("violations").get(0).get("field").asText()).isEqualTo("n".repeat(100));
    assertThat(json.get("detail").asText()).isEqualTo("Invalid input in '" + "n".repeat(100) + "': "
        + r.violations().get(0).message() + " (and 11 more)");
  }

  @Test
  void headersAreValidatedWhenTheRouteAsks() {
    InputPolicy headers = InputPolicy.builder().detectSqlInjection(false).detectXss(false).maxFields(3).build();
    Edge edge = edge(Route.builder("/h").validation(RouteValidation.builder().headerPolicy(headers).build()));

    assertThat(edge.begin(FakeRequest.get("/h").header("Accept", "text/html")).admitted()).isTrue();
    EdgeRejection control = rejection(edge.begin(FakeRequest.get("/h").header("X-Note", "a\u0007b")));
    assertThat(control.status()).isEqualTo(400);
    assertThat(control.violations()).extracting(Violation::code, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Violation.Code.CONTROL_CHARACTER, "X-Note"));
    EdgeRejection many = rejection(edge.begin(FakeRequest.get("/h")
        .header("A", "1").header("A", "2").header("B", "3").header("C", "4")));
    assertThat(many.violations()).containsExactly(new Violation(
        Violation.Code.TOO_MANY_FIELDS, "headers", "more than 3 header values: 4", -1));
  }

  @Test
  void declaredBodyOverTheLimitIs413() {
    Edge edge = edge(Route.builder("/upload").validation(RouteValidation.builder().maxBodyBytes(1000).build()));

    assertThat(edge.begin(FakeRequest.of("POST", "/upload").contentLength(1000)).admitted()).isTrue();
    EdgeRejection r = rejection(edge.begin(FakeRequest.of("POST", "/upload").contentLength(1001)));

    assertThat(r.status()).isEqualTo(413);
    ObjectNode json = problem(413, "Content Too Large",
        "The request body is too large: declared body of 1001 bytes is larger than 1000 bytes", "/upload");
    addViolation(json, "TOO_LARGE", "body", "declared body of 1001 bytes is larger than 1000 bytes");
    assertThat(body(r)).isEqualTo(json);
  }

  @Test
  void contentTypeOfRequestsWithABodyIsChecked() {
    ContentTypePolicy json = ContentTypePolicy.builder().allowMediaTypes("application/json").build();
    Edge edge = edge(Route.builder("/api/items").validation(RouteValidation.builder().contentTypePolicy(json).build()));

    assertThat(edge.begin(FakeRequest.of("POST", "/api/items").contentLength(2)
        .header("Content-Type", "application/json")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/items")).admitted()).isTrue();
    EdgeRejection r = rejection(edge.begin(FakeRequest.of("POST", "/api/items").contentLength(2)
        .header("Content-Type", "text/plain")));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.violations()).extracting(Violation::code)
        .containsExactly(Violation.Code.MEDIA_TYPE_NOT_ALLOWED);
    EdgeRejection chunked = rejection(edge.begin(FakeRequest.of("POST", "/api/items")
        .header("Transfer-Encoding", "chunked")));
    assertThat(chunked.status()).isEqualTo(415);
    assertThat(chunked.violations()).extracting(Violation::code)
        .containsExactly(Violation.Code.CONTENT_TYPE_MISSING);
    assertThat(body(chunked).get("detail").asText())
        .isEqualTo("Unsupported request content type: " + chunked.violations().get(0).message());
  }

  @Test
  void bodyContentIsCheckedOnRequestAndARefusalReleasesThePermits() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(1, 10).build();
    Edge edge = edge(Route.builder("/comments").concurrency(ConcurrencyGate.of(limiter))
        .validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64).build()).build()));

    EdgeExchange clean = edge.begin(FakeRequest.of("POST", "/comments"));
    assertThat(clean.wantsBody()).isTrue();
    assertThat(clean.checkBody("a kind word")).isNull();
    clean.complete(201);
    assertThat(limiter.inFlight()).isZero();

    EdgeExchange xss = edge.begin(FakeRequest.of("POST", "/comments"));
    EdgeRejection r = xss.checkBody("<script>alert(1)</script>");
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.violations()).extracting(Violation::code).containsExactly(Violation.Code.XSS);
    assertThat(limiter.inFlight()).isZero();
    xss.complete(200); // already finished by the refusal: no effect
    assertThat(limiter.inFlight()).isZero();

    EdgeExchange large = edge.begin(FakeRequest.of("POST", "/comments"));
    EdgeRejection tooLarge = large.checkBody("x".repeat(65));
    assertThat(tooLarge).isNotNull();
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void routesWithoutABodyPolicyDoNotWantTheBody() {
    EdgeExchange exchange = edge(Route.builder("/x").validation(RouteValidation.builder().maxBodyBytes(10).build())).begin(FakeRequest.get("/x"));
    assertThat(exchange.wantsBody()).isFalse();
    assertThat(exchange.checkBody("<script>")).isNull();
    assertThat(List.of(exchange.admitted())).containsExactly(true);
  }
}
