package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {

  @Test
  void parsesListsSeparatedBySemicolonsOrCommas() {
    List<RateLimit> expected = List.of(RateLimit.perMinute(200), RateLimit.perHour(1000));
    assertThat(Limits.parse("200 per minute; 1000 per hour")).isEqualTo(expected);
    assertThat(Limits.parse("200/minute;1000/hour")).isEqualTo(expected);
    assertThat(Limits.parse("200/minute, 1000/hour")).isEqualTo(expected);
    assertThat(Limits.parse(" 200/min ,1000 / h ")).isEqualTo(expected);
  }

  @Test
  void keepsOrderDuplicatesAndBursts() {
    assertThat(Limits.parse("10/s burst 2; 10/s; 5 per 15 minutes"))
        .containsExactly(
            RateLimit.perSecond(10).withBurst(2),
            RateLimit.perSecond(10),
            RateLimit.of(5, Duration.ofMinutes(15)));
  }

  @Test
  void aSingleLimitIsAListOfOne() {
    assertThat(Limits.parse("100/minute")).containsExactly(RateLimit.perMinute(100));
  }

  @Test
  void theListIsImmutable() {
    List<RateLimit> limits = Limits.parse("1/s; 2/s");
    assertThatThrownBy(() -> limits.add(RateLimit.perSecond(3)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badInputNamesTheTokenAndTheWholeInput() {
    assertThatThrownBy(() -> Limits.parse("200 per minute; 5 per fortnight"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown unit 'fortnight' in \"200 per minute; 5 per fortnight\"");
    assertThatThrownBy(() -> Limits.parse("200/minute;;5/hour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty limit at index 11 in \"200/minute;;5/hour\"");
    assertThatThrownBy(() -> Limits.parse("200/minute;"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty limit at index 11 in \"200/minute;\"");
    assertThatThrownBy(() -> Limits.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty limit at index 0 in \"\"");
    assertThatThrownBy(() -> Limits.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spec");
  }

  @Test
  void aThousandsSeparatorIsNotANumber() {
    assertThatThrownBy(() -> Limits.parse("1,000 per day"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "missing '/' or 'per' after '1' (a count takes no thousands separator) in"
                + " \"1,000 per day\"");
  }
}
