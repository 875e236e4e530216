package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidationExampleTest {

  @Test
  void normalisesCleanInputAndNamesEachViolation() {
    assertThat(ValidationExample.run()).containsExactly(
        "query ok: wide shoes",                       // NFKC folds the full-width letters
        "query refused: [SQL_INJECTION]",
        "query refused: [XSS]",
        "sql: SQL_STACKED_QUERY at 6",                // offset of DROP in "id=5; DROP TABLE users"
        "xss: true",
        "url ok: https://example.com/avatar.png",
        "url refused: [URL_INTERNAL_ADDRESS]");       // 0xa9fea9fe is 169.254.169.254
  }
}
