package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression: with body validation on, JSON escapes ({@code \\u003cscript\\u003e},
 * {@code \\u0027 OR ...}) and percent-encoded form fields reached the handler decoded and unchecked,
 * because the detectors saw only the body's raw text.
 */
class DecodedBodyFieldsTest {

  private final Edge edge = Edge.builder().ticker(new ManualTicker())
      .route(Route.builder("/submit").name("submit").methods("POST")
          .validation(RouteValidation.builder().bodyPolicy(InputPolicy.builder().maxBytes(64 * 1024).build()).build())
          .build())
      .build();

  private EdgeRejection check(String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    EdgeExchange exchange = edge.begin(FakeRequest.of("POST", "/submit").body(contentType, bytes.length));
    assertThat(exchange.wantsBody()).isTrue();
    EdgeRejection refused = exchange.checkBody(bytes, bytes.length);
    EdgeRejection refusedAsText = edge.begin(FakeRequest.of("POST", "/submit").body(contentType, bytes.length))
        .checkBody(body);
    assertThat(refusedAsText == null).as("text and bytes agree").isEqualTo(refused == null);
    return refused;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "application/json                  | {\"comment\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"} | XSS       | body/comment",
    "application/json; charset=utf-8   | {\"user\":{\"name\":\"\\u0027 OR \\u00271\\u0027=\\u00271\"}}         | SQL_INJECTION | body/user/name",
    "application/problem+json          | [\"ok\", \"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"]      | XSS       | body/1",
    "application/json                  | {\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\":1}                | XSS       | body/<script>alert(1)<~1script>",
    "application/x-www-form-urlencoded | user=bob&q=%27%20OR%20%271%27%3D%271                                     | SQL_INJECTION | body/q",
    "application/x-www-form-urlencoded | comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E                              | XSS       | body/comment",
    "application/x-www-form-urlencoded | a=1&%3Cscript%3Ealert(1)%3C%2Fscript%3E=x                               | XSS       | body/<script>alert(1)</script>",
    "application/x-www-form-urlencoded | q=%zz                                                                    | INVALID_PERCENT_ENCODING | body/q",
  })
  void encodedPayloadsReachedTheHandlerUnchecked(String contentType, String body, Violation.Code code, String field) {
    EdgeRejection refused = check(contentType, body);

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.status()).isEqualTo(400);
    // The detectors also decode percent-escapes left in the raw text themselves, so a form field's
    // payload may be caught on the body as a whole ("body") before its decoded field is checked.
    assertThat(refused.violations()).anySatisfy(v -> {
      assertThat(v.code()).isEqualTo(code);
      assertThat(v.field()).isIn(field, "body");
    });
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "application/json                  | {\"user\":\"bob\",\"tags\":[\"a\",\"b\"],\"n\":1,\"ok\":true,\"none\":null}",
    "application/json                  | {\"note\":\"Tom \\u0026 Jerry\"}",
    "application/json                  | not json at all, left to the application's parser",
    "application/x-www-form-urlencoded | user=bob&note=Tom+%26+Jerry&empty=&flag",
    "text/plain                        | 100% sure: 5 > 3 and 'quotes' are fine",
  })
  void harmlessBodiesPass(String contentType, String body) {
    assertThat(check(contentType, body)).isNull();
  }

  @Test
  void jsonNestedDeeperThan64LevelsIsRefused() {
    String deep = "[".repeat(65) + "]".repeat(65);
    String fine = "[".repeat(64) + "]".repeat(64);

    EdgeRejection refused = check("application/json", deep);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.violations()).extracting(Violation::message).containsExactly("JSON nested deeper than 64 levels");
    assertThat(check("application/json", fine)).isNull();
  }
}
