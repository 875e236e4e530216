package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
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

  /**
   * Plain printable ASCII skips the checks it cannot fail; a policy that percent-decodes takes
   * every step, and decoding text without {@code %} changes nothing, so on such text both must
   * report the same. Random values around the size limits, with attacks, controls and non-ASCII.
   */
  @Test
  void plainAsciiShortcutAgreesWithEveryStep() {
    String[] parts = {"a", "Z", "9", " ", "'", "\"", "<", ">", "=", ";", "(", ")", "-", "+", "or", "OR 1=1",
        "<script>", "javascript:", "union select", "\t", "\n", "\u007f", "\u0001", "\u00e9", "\uFF1C",
        "\uFB01", "\uD83D\uDE00", "\uD800", "~", "`"};
    SplittableRandom random = new SplittableRandom(5);
    for (int limit : new int[] {8, 5_000}) {
      InputPolicy shortcut = InputPolicy.builder().maxCodePoints(limit).maxBytes(limit + 4L).build();
      InputPolicy everyStep = InputPolicy.builder().maxCodePoints(limit).maxBytes(limit + 4L)
          .percentDecoding(PercentDecoding.PERCENT).build();
      for (int run = 0; run < 20_000; run++) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
          sb.append(parts[random.nextInt(parts.length)]);
        }
        String value = sb.toString();
        assertThat(shortcut.violations("q", value)).as(value).isEqualTo(everyStep.violations("q", value));
        ValidationResult a = shortcut.validate("q", value);
        ValidationResult b = everyStep.validate("q", value);
        assertThat(a.violations()).as(value).isEqualTo(b.violations());
        assertThat(a.value("q")).as(value).isEqualTo(b.value("q"));
      }
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
