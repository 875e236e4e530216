package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link InputPolicy#violations} reports exactly what {@link InputPolicy#validate} reports. */
class InputPolicyViolationsTest {

  private static final InputPolicy DECODING = InputPolicy.builder().percentDecoding(PercentDecoding.FORM).build();

  @ParameterizedTest
  @ValueSource(strings = {"hello", "", "1' OR '1'='1", "<script>alert(1)</script>", "a\u0000b",
      "\uD800x", "caf\u00E9", "%2527", "%zz", "ﬁ ligature", "plain text with spaces"})
  void sameViolationsAsValidate(String value) {
    for (InputPolicy policy : List.of(InputPolicy.forQueries(), DECODING)) {
      assertThat(policy.violations("q", value))
          .isEqualTo(policy.validate("q", value).violations());
    }
  }

  @Test
  void cleanValueGivesTheSharedEmptyList() {
    assertThat(InputPolicy.forQueries().violations("q", "hello")).isSameAs(List.of());
  }

  @Test
  void attackIsReportedWithItsCode() {
    assertThat(InputPolicy.forQueries().violations("q", "1 UNION SELECT password FROM users--"))
        .extracting(Violation::code).containsExactly(Violation.Code.SQL_INJECTION);
  }

  @Test
  void resultIsImmutable() {
    List<Violation> found = InputPolicy.forQueries().violations("q", "<script>x</script>");
    assertThatThrownBy(found::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> InputPolicy.forQueries().violations(null, "x"))
        .isInstanceOf(NullPointerException.class).hasMessage("field");
    assertThatThrownBy(() -> InputPolicy.forQueries().violations("q", null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
