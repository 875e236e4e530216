package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the XSS detector: it never throws, its reason always points into the input, it is
 * deterministic, and independent of the previous input (the per-thread scratch state is reset).
 */
class XssDetectorFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void detectsWithoutErrors(FuzzedDataProvider data) {
    String input = FuzzChecks.input(data);
    XssDetector detector = XssDetector.create();
    Detection first = detector.detect(input);
    FuzzChecks.validDetection(input, first);
    detector.detect(input + "\"><svg onload=alert(1)>");
    assertThat(detector.detect(input)).isEqualTo(first);
    assertThat(detector.isXss(input)).isEqualTo(first.isAttack());
  }
}
