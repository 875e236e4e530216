package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LimitTextTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "30/minute                | 30/minute",
    "1000 per minute          | 1000/minute",
    "5 per 15 minutes         | 5 per 15 minutes",
    "10/s burst 5             | 10/second burst 5",
    "2/hour; 20/day           | 2/hour; 20/day",
    "7 per 2 days             | 7 per 2 days",
    "3 per 90 seconds         | 3 per 90 seconds",
  })
  void writesLimitsAsTheConfigurationDoes(String spec, String text) {
    assertThat(LimitText.of(Limits.parse(spec))).isEqualTo(text);
  }

  @Test
  void aPeriodWithAFractionOfASecondIsWrittenAsADuration() {
    assertThat(LimitText.of(List.of(RateLimit.of(3, Duration.ofMillis(500))))).isEqualTo("3 per PT0.5S");
  }
}
