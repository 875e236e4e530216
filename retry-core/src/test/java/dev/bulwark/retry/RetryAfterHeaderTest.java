package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterHeaderTest {

  /** The RFC's example instant, Sun, 06 Nov 1994 08:49:37 GMT, minus two minutes. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("1994-11-06T08:47:37Z"), ZoneOffset.UTC);

  @Test
  void delaySeconds() {
    assertThat(RetryAfterHeader.parse("120", CLOCK)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfterHeader.parse("0", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryAfterHeader.parse(" \t007 ", CLOCK)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfterHeader.parse("99999999999999999999999", CLOCK))
        .contains(Duration.ofSeconds(Long.MAX_VALUE));
  }

  @Test
  void theThreeHttpDateFormatsOfRfc9110() {
    assertThat(RetryAfterHeader.parse("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK))
        .contains(Duration.ofMinutes(2));
    assertThat(RetryAfterHeader.parse("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK))
        .contains(Duration.ofMinutes(2));
    assertThat(RetryAfterHeader.parse("Sun Nov  6 08:49:37 1994", CLOCK))
        .contains(Duration.ofMinutes(2));
    assertThat(RetryAfterHeader.parse("Sun Nov 06 08:49:37 1994", CLOCK))
        .contains(Duration.ofMinutes(2));
  }

  @Test
  void datesAreComparedWithTheClockToTheNanosecond() {
    Clock clock = Clock.fixed(Instant.parse("1994-11-06T08:49:36.250Z"), ZoneOffset.UTC);
    assertThat(RetryAfterHeader.parse("Sun, 06 Nov 1994 08:49:37 GMT", clock))
        .contains(Duration.ofMillis(750));
  }

  @Test
  void aDateInThePastMeansRetryNow() {
    assertThat(RetryAfterHeader.parse("Sun, 06 Nov 1994 08:00:00 GMT", CLOCK))
        .contains(Duration.ZERO);
  }

  @Test
  void aLeapSecondIsAccepted() {
    Clock clock = Clock.fixed(Instant.parse("2016-12-31T23:59:59Z"), ZoneOffset.UTC);
    assertThat(RetryAfterHeader.parse("Sat, 31 Dec 2016 23:59:60 GMT", clock))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void rfc850YearsMoreThan50YearsAheadBelongToThePastCentury() {
    Clock in2026 = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    // 2076-01-01 is less than 50 years ahead: kept.
    assertThat(RetryAfterHeader.parse("Wednesday, 01-Jan-76 00:00:00 GMT", in2026))
        .contains(Duration.between(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2076-01-01T00:00:00Z")));
    // 2076-12-01 is more than 50 years ahead: 1976, in the past.
    assertThat(RetryAfterHeader.parse("Wednesday, 01-Dec-76 00:00:00 GMT", in2026))
        .contains(Duration.ZERO);
    // 2030 is ahead by 4 years.
    assertThat(RetryAfterHeader.parse("Tuesday, 01-Jan-30 00:00:00 GMT", in2026))
        .contains(Duration.between(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "-1",
        "+5",
        "1.5",
        "5s",
        "0x10",
        "soon",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "Son, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sundae, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06 Nov 94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "1994-11-06T08:49:37Z"
      })
  void anythingElseGivesNoHint(String value) {
    assertThat(RetryAfterHeader.parse(value, CLOCK)).isEmpty();
  }

  @Test
  void nullValueGivesNoHintButANullClockIsABug() {
    assertThat(RetryAfterHeader.parse(null, CLOCK)).isEmpty();
    assertThatThrownBy(() -> RetryAfterHeader.parse("1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    assertThat(RetryAfterHeader.NAME).isEqualTo("Retry-After");
  }
}
