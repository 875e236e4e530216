package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitParseTest {

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "100/minute            | 100 | PT1M   | 100",
        "100 per minute        | 100 | PT1M   | 100",
        "5 per 15 minutes      | 5   | PT15M  | 5",
        "10/s                  | 10  | PT1S   | 10",
        "10/sec                | 10  | PT1S   | 10",
        "2/hour                | 2   | PT1H   | 2",
        "1000 per day          | 1000| PT24H  | 1000",
        "30/minute             | 30  | PT1M   | 30",
        "1/second              | 1   | PT1S   | 1",
        "7 per 2 seconds       | 7   | PT2S   | 7",
        "3/secs                | 3   | PT1S   | 3",
        "3/m                   | 3   | PT1M   | 3",
        "3/min                 | 3   | PT1M   | 3",
        "3/mins                | 3   | PT1M   | 3",
        "3/minutes             | 3   | PT1M   | 3",
        "3/h                   | 3   | PT1H   | 3",
        "3/hr                  | 3   | PT1H   | 3",
        "3/hrs                 | 3   | PT1H   | 3",
        "3/hours               | 3   | PT1H   | 3",
        "3/d                   | 3   | PT24H  | 3",
        "3/days                | 3   | PT24H  | 3",
        "3/2 days              | 3   | PT48H  | 3",
        "3/2days               | 3   | PT48H  | 3",
        "100/MINUTE            | 100 | PT1M   | 100",
        "100 PER Minute        | 100 | PT1M   | 100",
        "100/minute burst 10   | 100 | PT1M   | 10",
        "100 per minute BURST 500 | 100 | PT1M | 500",
        "5 per 15 minutes burst 1 | 5 | PT15M  | 1",
      })
  void parsesEveryForm(String spec, long permits, Duration period, long burst) {
    assertThat(RateLimit.parse(spec)).isEqualTo(RateLimit.of(permits, period).withBurst(burst));
  }

  @Test
  void whitespaceIsFreeAroundTokens() {
    RateLimit expected = RateLimit.of(5, Duration.ofMinutes(15)).withBurst(2);
    assertThat(RateLimit.parse("  5\tper   15\n minutes  burst  2 ")).isEqualTo(expected);
    assertThat(RateLimit.parse("5 / 15 minutes burst 2")).isEqualTo(expected);
    assertThat(RateLimit.parse("5per 15minutes burst2")).isEqualTo(expected);
  }

  @Test
  void thirtyPerMinuteIsThirtyAtOnceThenOneEveryTwoSeconds() {
    RateLimit limit = RateLimit.parse("30/minute");
    assertThat(limit.burst()).isEqualTo(30);
    assertThat(limit.emissionIntervalNanos()).isEqualTo(2_000_000_000L);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "5 per fortnight         | unknown unit 'fortnight' in \"5 per fortnight\"",
        "100/minnute             | unknown unit 'minnute' in \"100/minnute\"",
        "``                      | empty limit at index 0 in \"\"",
        "`   `                   | empty limit at index 0 in \"   \"",
        "minute/100              | expected a count but found 'minute' in \"minute/100\"",
        "/minute                 | expected a count but found '/' in \"/minute\"",
        "0/minute                | count '0' must be at least 1 in \"0/minute\"",
        "99999999999999999999/s  | count '99999999999999999999' is too large in \"99999999999999999999/s\"",
        "100                     | missing '/' or 'per' after '100' in \"100\"",
        "5 every minute          | expected '/' or 'per' after '5' but found 'every' in \"5 every minute\"",
        "100/                    | missing unit after '/' in \"100/\"",
        "5 per 15                | missing unit after '15' in \"5 per 15\"",
        "5 per 0 minutes         | amount '0' must be at least 1 in \"5 per 0 minutes\"",
        "5//minute               | expected a unit but found '/' in \"5//minute\"",
        "100/minute burst        | missing size after 'burst' in \"100/minute burst\"",
        "100/minute burst x      | expected a burst size but found 'x' in \"100/minute burst x\"",
        "100/minute burst 0      | burst '0' must be at least 1 in \"100/minute burst 0\"",
        "100/minute extra        | unexpected 'extra' in \"100/minute extra\"",
        "100/minute 5            | unexpected '5' in \"100/minute 5\"",
        "-5/minute               | unexpected character '-' in \"-5/minute\"",
        "5.5/minute              | unexpected character '.' in \"5.5/minute\"",
        "100/minute; 5/hour      | unexpected character ';' (use Limits.parse for several limits) in \"100/minute; 5/hour\"",
        "1,000 per day           | unexpected character ',' (use Limits.parse for several limits) in \"1,000 per day\"",
        "5 per 153722867280912931 minutes | period 153722867280912931 x 60 s is too long in \"5 per 153722867280912931 minutes\"",
        "1 per 36500 days        | burst 1 at one permit every 3153600000000000000 ns spans more than 73 years in \"1 per 36500 days\"",
      })
  void badInputNamesTheTokenAndTheInput(String spec, String message) {
    assertThatThrownBy(() -> RateLimit.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> RateLimit.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spec");
  }
}
