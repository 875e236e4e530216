package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the SQL-injection detector: it never throws, its reason always points into the input, it
 * is deterministic, and it does not depend on the thread's previous input (the per-thread scratch
 * state is fully reset). Hangs are caught by Jazzer's per-input timeout; linear time is asserted
 * on 1 MB adversarial inputs by {@link DetectorLinearTimeTest}.
 */
class SqlInjectionDetectorFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void detectsWithoutErrors(FuzzedDataProvider data) {
    String input = FuzzChecks.input(data);
    SqlInjectionDetector detector = SqlInjectionDetector.create();
    Detection first = detector.detect(input);
    FuzzChecks.validDetection(input, first);
    detector.detect(input + "' union select 1,2--"); // leave different state behind
    assertThat(detector.detect(input)).isEqualTo(first);
    assertThat(detector.isInjection(input)).isEqualTo(first.isAttack());
  }
}
