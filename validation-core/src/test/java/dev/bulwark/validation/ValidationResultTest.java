package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationResultTest {

  private static final Violation V = new Violation(Violation.Code.TOO_LONG, "q", "too long", 3);

  @Test
  void validResultIsShared() {
    assertThat(ValidationResult.of(List.of(), Map.of())).isSameAs(ValidationResult.valid());
    assertThat(ValidationResult.valid().isValid()).isTrue();
    assertThat(ValidationResult.valid().toString()).isEqualTo("ValidationResult[valid]");
  }

  @Test
  void copiesItsInputs() {
    List<Violation> list = new ArrayList<>(List.of(V));
    ValidationResult r = ValidationResult.of(list, Map.of("q", List.of("a")));
    list.clear();
    assertThat(r.violations()).containsExactly(V);
    assertThat(r.isValid()).isFalse();
    assertThat(r.value("q")).contains("a");
    assertThat(r.value("other")).isEmpty();
    assertThat(r.toString()).isEqualTo("ValidationResult[" + V + "]");
  }

  @Test
  void combinesResults() {
    ValidationResult a = ValidationResult.of(List.of(), Map.of("q", List.of("1")));
    ValidationResult b = ValidationResult.of(List.of(V), Map.of("q", List.of("2"), "r", List.of("3")));
    ValidationResult both = a.and(b);
    assertThat(both.violations()).containsExactly(V);
    assertThat(both.values()).containsEntry("q", List.of("1", "2")).containsEntry("r", List.of("3"));
    assertThat(a.and(ValidationResult.valid())).isSameAs(a);
    assertThat(ValidationResult.valid().and(b)).isSameAs(b);
  }

  @Test
  void violationValidatesItsComponents() {
    assertThatNullPointerException().isThrownBy(() -> new Violation(null, "f", "m", 0)).withMessage("code");
    assertThatNullPointerException().isThrownBy(() -> new Violation(Violation.Code.XSS, null, "m", 0))
        .withMessage("field");
    assertThatIllegalArgumentException().isThrownBy(() -> new Violation(Violation.Code.XSS, "f", "m", -2))
        .withMessage("offset must be >= -1 but was -2");
  }
}
