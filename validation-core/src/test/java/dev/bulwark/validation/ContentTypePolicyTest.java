package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypePolicyTest {

  private final ContentTypePolicy json = ContentTypePolicy.builder()
      .allowMediaTypes("application/json", "text/*")
      .allowCharsets("utf-8", "us-ascii")
      .build();

  private Violation.Code code(String value) {
    ValidationResult r = json.check(value);
    return r.isValid() ? null : r.violations().get(0).code();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
    "text/plain", "text/csv; header=present; charset=us-ascii", "application/json ;", "application/json;;charset=utf-8"
  })
  void allowedValuesPass(String value) {
    assertThat(json.check(value).isValid()).as(value).isTrue();
  }

  @Test
  void valueIsTheLowerCaseMediaType() {
    assertThat(json.check("Application/JSON; charset=UTF-8").value("content-type")).contains("application/json");
  }

  @Test
  void mediaTypeAndCharsetAreAllowListed() {
    assertThat(code("application/xml")).isEqualTo(Violation.Code.MEDIA_TYPE_NOT_ALLOWED);
    assertThat(code("application/json; charset=iso-8859-1")).isEqualTo(Violation.Code.CHARSET_NOT_ALLOWED);
    assertThat(code("application/json; charset=utf-7")).isEqualTo(Violation.Code.CHARSET_NOT_ALLOWED);
  }

  @Test
  void multipleValuesAreRejected() {
    assertThat(json.check(List.of("application/json", "text/plain")).violations())
        .containsExactly(new Violation(Violation.Code.CONTENT_TYPE_MULTIPLE, "content-type",
            "2 Content-Type values", -1));
    assertThat(code("application/json, text/plain")).isEqualTo(Violation.Code.CONTENT_TYPE_MULTIPLE);
    assertThat(code("text/plain; a=\"x,y\"")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application", "application/", "/json", "application/json; charset", "application/json; charset=",
    "application/json; =utf-8", "application/json; charset=\"utf-8", "application/json charset=utf-8",
    "application/json; charset=utf-8; charset=utf-8", "application/json; a=b c", "appl ication/json",
    "application/json; a=\"\u0001\""
  })
  void malformedValuesAreRejected(String value) {
    assertThat(code(value)).as(value).isEqualTo(Violation.Code.CONTENT_TYPE_MALFORMED);
  }

  @Test
  void missingValueIsAViolationUnlessOptional() {
    assertThat(json.check(List.of()).violations()).extracting(Violation::code)
        .containsExactly(Violation.Code.CONTENT_TYPE_MISSING);
    assertThat(code("  ")).isEqualTo(Violation.Code.CONTENT_TYPE_MISSING);
    ContentTypePolicy optional = ContentTypePolicy.builder().allowMediaTypes("application/json")
        .requireContentType(false).build();
    assertThat(optional.check(List.of()).isValid()).isTrue();
  }

  @Test
  void charsetDefaultsToUtf8() {
    ContentTypePolicy p = ContentTypePolicy.builder().allowMediaTypes("text/plain").build();
    assertThat(p.check("text/plain; charset=utf-8").isValid()).isTrue();
    assertThat(p.check("text/plain; charset=windows-1252").isValid()).isFalse();
  }

  @Test
  void builderValidatesEagerly() {
    assertThatIllegalStateException().isThrownBy(() -> ContentTypePolicy.builder().build())
        .withMessage("allowMediaTypes must be set");
    assertThatIllegalArgumentException().isThrownBy(() -> ContentTypePolicy.builder().allowMediaTypes("json"))
        .withMessage("not a media type: json");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentTypePolicy.builder().allowMediaTypes("text/plain; charset=utf-8"))
        .withMessage("not a media type: text/plain; charset=utf-8");
    assertThatIllegalArgumentException().isThrownBy(() -> ContentTypePolicy.builder().allowCharsets("utf 8"))
        .withMessage("not a charset name: utf 8");
    assertThatIllegalStateException()
        .isThrownBy(() -> ContentTypePolicy.builder().requireContentType(true).requireContentType(false))
        .withMessage("requireContentType was already set to true");
  }
}
