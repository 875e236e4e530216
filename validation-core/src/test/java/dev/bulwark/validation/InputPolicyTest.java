package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputPolicyTest {

  private static Violation only(ValidationResult r) {
    assertThat(r.violations()).hasSize(1);
    return r.violations().get(0);
  }

  @Test
  void cleanValueIsValidAndReturnedNormalised() {
    ValidationResult r = InputPolicy.forQueries().validate("q", "ﬁsh ＆ chips");
    assertThat(r.isValid()).isTrue();
    assertThat(r.value("q")).contains("fish & chips"); // NFKC
  }

  @Test
  void namedBenignStringsPassTheQueryPolicy() {
    for (String s : List.of("select the best option from the menu", "O'Brien", "5 > 3 and 2 < 4",
        "2024-01-01 -- 2024-12-31", "80% ACRYLIC AND 20% WOOL")) {
      assertThat(InputPolicy.forQueries().validate("q", s).isValid()).as(s).isTrue();
    }
  }

  @Test
  void codePointLimitCountsSurrogatePairsOnce() {
    InputPolicy p = InputPolicy.builder().maxCodePoints(3).build();
    assertThat(p.validate("q", "😀😀😀").isValid()).isTrue();
    Violation v = only(p.validate("q", "😀😀😀x"));
    assertThat(v.code()).isEqualTo(Violation.Code.TOO_LONG);
    assertThat(v.offset()).isEqualTo(6);
    assertThat(v.message()).isEqualTo("value longer than 3 code points");
    assertThat(p.validate("q", "😀😀😀x").values()).isEmpty();
  }

  @Test
  void byteLimitCountsUtf8Bytes() {
    InputPolicy p = InputPolicy.builder().maxBytes(4).build();
    assertThat(p.validate("q", "éé").isValid()).isTrue(); // 4 bytes
    assertThat(only(p.validate("q", "ééa")).code()).isEqualTo(Violation.Code.TOO_LARGE);
  }

  @Test
  void defaultsSupportQueriesOf5000CharactersAndDocumentsOf10Megabytes() {
    assertThat(InputPolicy.forQueries().validate("q", "a".repeat(5_000)).isValid()).isTrue();
    assertThat(only(InputPolicy.forQueries().validate("q", "a".repeat(5_001))).code())
        .isEqualTo(Violation.Code.TOO_LONG);
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMegabytes, (byte) 'a');
    assertThat(InputPolicy.forDocuments().validate("body", tenMegabytes).isValid()).isTrue();
    byte[] more = java.util.Arrays.copyOf(tenMegabytes, tenMegabytes.length + 1);
    more[more.length - 1] = 'a';
    assertThat(only(InputPolicy.forDocuments().validate("body", more)).code())
        .isEqualTo(Violation.Code.TOO_LARGE);
  }

  @Test
  void rejectsNulAndControlCharactersButNotTabCrLf() {
    InputPolicy p = InputPolicy.forQueries();
    assertThat(p.validate("q", "a\tb\r\nc").isValid()).isTrue();
    Violation nul = only(p.validate("q", "ab\0c"));
    assertThat(nul.code()).isEqualTo(Violation.Code.CONTROL_CHARACTER);
    assertThat(nul.offset()).isEqualTo(2);
    assertThat(nul.message()).isEqualTo("value contains NUL at index 2");
    assertThat(only(p.validate("q", "a\u001Bb")).message())
        .isEqualTo("value contains control character U+001B at index 1");
    assertThat(only(p.validate("q", "a\u0085")).code()).isEqualTo(Violation.Code.CONTROL_CHARACTER);
  }

  @Test
  void rejectsLoneSurrogates() {
    Violation v = only(InputPolicy.forQueries().validate("q", "ab\uD800c"));
    assertThat(v.code()).isEqualTo(Violation.Code.LONE_SURROGATE);
    assertThat(v.offset()).isEqualTo(2);
    assertThat(v.message()).isEqualTo("lone surrogate U+D800 at index 2");
  }

  @Test
  void rejectsInvalidUtf8Bytes() {
    byte[] bytes = {'o', 'k', (byte) 0xC3, (byte) 0x28};
    Violation v = only(InputPolicy.forQueries().validate("body", bytes));
    assertThat(v.code()).isEqualTo(Violation.Code.INVALID_UTF8);
    assertThat(v.offset()).isEqualTo(2);
    assertThat(InputPolicy.forQueries().validate("body", "héllo".getBytes(StandardCharsets.UTF_8))
        .value("body")).contains("héllo");
  }

  @Test
  void percentDecodesOnceAndFlagsDoubleEncoding() {
    InputPolicy p = InputPolicy.builder().percentDecoding(PercentDecoding.FORM).detectSqlInjection(false).build();
    assertThat(p.validate("q", "caf%C3%A9+au+lait").value("q")).contains("café au lait");
    ValidationResult twice = p.validate("q", "O%2527Brien");
    Violation v = only(twice);
    assertThat(v.code()).isEqualTo(Violation.Code.DOUBLE_ENCODING);
    assertThat(v.message()).isEqualTo("percent-encoding left after decoding once: %27");
    assertThat(twice.value("q")).contains("O%27Brien"); // not decoded a second time
    assertThat(only(p.validate("q", "100%")).code()).isEqualTo(Violation.Code.INVALID_PERCENT_ENCODING);
    assertThat(only(p.validate("q", "%C3%28")).code()).isEqualTo(Violation.Code.INVALID_UTF8);
    assertThat(only(p.validate("q", "a%00b")).code()).isEqualTo(Violation.Code.CONTROL_CHARACTER);
  }

  @Test
  void plusStaysPlusUnlessFormDecoding() {
    InputPolicy p = InputPolicy.builder().percentDecoding(PercentDecoding.PERCENT).build();
    assertThat(p.validate("q", "a+b").value("q")).contains("a+b");
    assertThat(p.validate("q", "a%20b").value("q")).contains("a b");
  }

  @Test
  void noPercentDecodingByDefault() {
    assertThat(InputPolicy.builder().build().validate("q", "a%20b+c").value("q")).contains("a%20b+c");
    assertThat(InputPolicy.builder().percentDecoding(PercentDecoding.NONE).build()
        .validate("q", "a%20b+c").value("q")).contains("a%20b+c");
    assertThatIllegalStateException()
        .isThrownBy(() -> InputPolicy.builder().percentDecoding(PercentDecoding.FORM)
            .percentDecoding(PercentDecoding.NONE))
        .withMessage("percentDecoding was already set to FORM");
  }

  @Test
  void detectorsReportKindAndOffset() {
    ValidationResult r = InputPolicy.forQueries().validate("q", "x' or 1=1 --");
    Violation v = only(r);
    assertThat(v.code()).isEqualTo(Violation.Code.SQL_INJECTION);
    assertThat(v.field()).isEqualTo("q");
    assertThat(v.offset()).isEqualTo(3);
    assertThat(v.message()).isEqualTo("SQL_BOOLEAN_CONDITION in single-quoted string: or 1=1");
    Violation x = only(InputPolicy.forQueries().validate("q", "<script>alert(1)</script>"));
    assertThat(x.code()).isEqualTo(Violation.Code.XSS);
  }

  @Test
  void detectionRunsAfterNormalisation() {
    Violation v = only(InputPolicy.builder().detectSqlInjection(false).build()
        .validate("q", "＜script＞alert(1)＜/script＞"));
    assertThat(v.code()).isEqualTo(Violation.Code.XSS);
  }

  @Test
  void detectorsCanBeTurnedOff() {
    InputPolicy p = InputPolicy.builder().detectSqlInjection(false).detectXss(false).build();
    assertThat(p.validate("q", "' or 1=1 --<script>").isValid()).isTrue();
  }

  @Test
  void normalisationFormIsChosen() {
    assertThat(InputPolicy.builder().normalization(Normalization.NFC).build()
        .validate("q", "e\u0301 ﬁ").value("q")).contains("é ﬁ");
    assertThat(InputPolicy.builder().normalization(Normalization.NONE).build()
        .validate("q", "e\u0301").value("q")).contains("e\u0301");
  }

  @Test
  void fieldsAreCountedAndNamesChecked() {
    InputPolicy p = InputPolicy.builder().maxFields(3).maxFieldNameLength(4).build();
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("a", List.of("1", "2"));
    fields.put("b", List.of("x' or 'y'='y"));
    ValidationResult r = p.validate(fields);
    assertThat(r.violations()).extracting(Violation::code).containsExactly(Violation.Code.SQL_INJECTION);
    assertThat(r.values()).containsEntry("a", List.of("1", "2"));
    fields.put("c", List.of("3"));
    Violation tooMany = only(p.validate(fields));
    assertThat(tooMany.code()).isEqualTo(Violation.Code.TOO_MANY_FIELDS);
    assertThat(tooMany.message()).isEqualTo("more than 3 fields: 4");
    Violation name = only(p.validate(Map.of("abcde", List.of("v"))));
    assertThat(name.code()).isEqualTo(Violation.Code.FIELD_NAME_TOO_LONG);
    assertThat(only(p.validate(Map.of("a\0", List.of("v")))).code())
        .isEqualTo(Violation.Code.CONTROL_CHARACTER);
  }

  @Test
  void builderValidatesEagerly() {
    assertThatIllegalArgumentException().isThrownBy(() -> InputPolicy.builder().maxCodePoints(0))
        .withMessage("maxCodePoints must be >= 1 but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> InputPolicy.builder().maxBytes(-1))
        .withMessage("maxBytes must be >= 1 but was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> InputPolicy.builder().maxFields(0))
        .withMessage("maxFields must be >= 1 but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> InputPolicy.builder().maxFieldNameLength(0))
        .withMessage("maxFieldNameLength must be >= 1 but was 0");
    assertThatNullPointerException().isThrownBy(() -> InputPolicy.builder().normalization(null))
        .withMessage("form");
    assertThatIllegalStateException().isThrownBy(() -> InputPolicy.builder().maxCodePoints(5).maxCodePoints(6))
        .withMessage("maxCodePoints was already set to 5");
    assertThatIllegalStateException().isThrownBy(() -> InputPolicy.builder().detectXss(false).detectXss(true))
        .withMessage("detectXss was already set to false");
  }

  @Test
  void rejectsNullArguments() {
    assertThatNullPointerException().isThrownBy(() -> InputPolicy.forQueries().validate(null, "x"))
        .withMessage("field");
    assertThatNullPointerException().isThrownBy(() -> InputPolicy.forQueries().validate("q", (String) null))
        .withMessage("value");
  }

  @Test
  void presetsDescribeThemselves() {
    InputPolicy q = InputPolicy.forQueries();
    assertThat(q.maxCodePoints()).isEqualTo(5_000);
    assertThat(q.maxBytes()).isEqualTo(20_000);
    assertThat(q.maxFields()).isEqualTo(100);
    assertThat(q.maxFieldNameLength()).isEqualTo(128);
    assertThat(q.normalization()).isEqualTo(Normalization.NFKC);
    assertThat(InputPolicy.forDocuments().maxBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(InputPolicy.forDocuments().normalization()).isEqualTo(Normalization.NFC);
  }
}
