package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RateLimit#toString()} and {@link Limits#format} write what the parser reads. */
class RateLimitTextRoundTripTest {

  @Test
  void writesTheCanonicalSpelling() {
    assertThat(RateLimit.perMinute(30)).hasToString("30/minute");
    assertThat(RateLimit.of(5, Duration.ofMinutes(15))).hasToString("5 per 15 minutes");
    assertThat(RateLimit.perMinute(100).withBurst(10)).hasToString("100/minute burst 10");
    assertThat(RateLimit.of(2, Duration.ofSeconds(90))).hasToString("2 per 90 seconds");
    assertThat(RateLimit.of(1000, Duration.ofDays(1))).hasToString("1000/day");
    assertThat(RateLimit.of(7, Duration.ofDays(2))).hasToString("7 per 2 days");
    assertThat(RateLimit.of(3, Duration.ofMillis(500))).hasToString("3 per 500 ms");
    assertThat(RateLimit.of(3, Duration.ofMillis(1500))).hasToString("3 per 1500 ms");
    assertThat(RateLimit.of(1, Duration.ofNanos(1_500))).hasToString("1 per 1500 ns");
  }

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
    assertThat(Limits.format(Limits.parse(spec))).isEqualTo(text);
  }

  @Test
  void parsesMillisecondsAndNanoseconds() {
    assertThat(RateLimit.parse("3 per 500 ms")).isEqualTo(RateLimit.of(3, Duration.ofMillis(500)));
    assertThat(RateLimit.parse("3 per 500 milliseconds")).isEqualTo(RateLimit.of(3, Duration.ofMillis(500)));
    assertThat(RateLimit.parse("1/ns")).isEqualTo(RateLimit.of(1, Duration.ofNanos(1)));
    assertThat(RateLimit.parse("1 per 2 nanoseconds")).isEqualTo(RateLimit.of(1, Duration.ofNanos(2)));
    assertThatThrownBy(() -> RateLimit.parse("1 per 9223372036854775807 ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "period 9223372036854775807 x 1000000 ns is too long in \"1 per 9223372036854775807 ms\"");
  }

  @Test
  void everyLimitParsesBackToItself() {
    SplittableRandom random = new SplittableRandom(42);
    Duration[] periods = {
      Duration.ofNanos(1), Duration.ofNanos(999), Duration.ofMillis(1), Duration.ofMillis(2500),
      Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ofMinutes(1), Duration.ofMinutes(15),
      Duration.ofHours(1), Duration.ofHours(36), Duration.ofDays(1), Duration.ofDays(365),
      Duration.ofSeconds(61, 1)
    };
    for (int i = 0; i < 2_000; i++) {
      Duration period = periods[random.nextInt(periods.length)];
      long permits = 1L + random.nextInt(10_000);
      RateLimit limit = RateLimit.of(permits, period);
      if (random.nextBoolean()) {
        limit = limit.withBurst(1 + random.nextInt(100));
      }
      assertThat(RateLimit.parse(limit.toString())).as(limit.toString()).isEqualTo(limit);
    }
  }

  @Test
  void formatJoinsLimitsTheWayParseSplitsThem() {
    List<RateLimit> limits = List.of(RateLimit.perMinute(200), RateLimit.perHour(1000).withBurst(50));
    assertThat(Limits.format(limits)).isEqualTo("200/minute; 1000/hour burst 50");
    assertThat(Limits.parse(Limits.format(limits))).isEqualTo(limits);
    assertThat(Limits.format(List.of())).isEmpty();
    assertThatThrownBy(() -> Limits.format(null)).isInstanceOf(NullPointerException.class);
  }
}
