package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedElementTest {

  @Test
  void xffSplitsAtEveryComma() {
    assertThat(ForwardedElement.start("a, b", 4, false)).isEqualTo(1);
    assertThat(ForwardedElement.start("a, b", 1, false)).isEqualTo(-1);
    assertThat(ForwardedElement.start("", 0, false)).isEqualTo(-1);
    assertThat(ForwardedElement.start("a,\"b,c\"", 7, false)).isEqualTo(4);
  }

  @Test
  void elementsLongerThanTheLimitAreMalformed() {
    String fits = "x," + "y".repeat(ForwardedElement.MAX_CHARS);
    assertThat(ForwardedElement.start(fits, fits.length(), false)).isEqualTo(1);
    assertThat(ForwardedElement.start(fits, fits.length(), true)).isEqualTo(1);
    String over = "x," + "y".repeat(ForwardedElement.MAX_CHARS + 1);
    assertThat(ForwardedElement.start(over, over.length(), false))
        .isEqualTo(ForwardedElement.MALFORMED);
    String first = "y".repeat(ForwardedElement.MAX_CHARS);
    assertThat(ForwardedElement.start(first, first.length(), true)).isEqualTo(-1);
  }

  /** The index of the comma before the last element of a Forwarded line. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "for=a, for=b                          | 5",
    "for=a                                 | -1",
    "for=a;host=\"x,y\"                    | -1", // a comma inside a quoted string
    "for=a, for=b;host=\"x,y\"             | 5",
    "for=a, host=\"x\\\",y\"               | 5", // an escaped quote inside a quoted string
    "for=a, host=\"x\\\\\",b               | 17", // an escaped backslash ends the string
    "for=a, for=\"[::1]:80\"               | 5",
    "for=\"a                               | -2", // unbalanced
    "for=a\"                               | -2",
    "for=a\\\"                             | -2", // an escaped quote outside a string
    "for=a, x\\\\\"y\"                     | -2", // backslashes outside a string
  })
  void forwardedSplitsOutsideQuotedStrings(String line, int expected) {
    assertThat(ForwardedElement.start(line, line.length(), true)).isEqualTo(expected);
  }

  /** The for= value of one Forwarded element; NONE when it has none or is malformed. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "for=192.0.2.60;proto=http;by=203.0.113.43  | 192.0.2.60",
    "proto=http;for=192.0.2.60                  | 192.0.2.60",
    "For=\"[2001:db8:cafe::17]:4711\"           | [2001:db8:cafe::17]:4711",
    "FOR=192.0.2.1                              | 192.0.2.1",
    "for=\"_gazonk\"                            | _gazonk",
    "for=unknown                                | unknown",
    "for = 192.0.2.1 ; proto=https              | 192.0.2.1",
    "host=\"a;b,c\";for=192.0.2.1               | 192.0.2.1",
    "for=\"\"                                   | ``",
    "for=\"a\\\"b\"                             | a\\\"b",
    "proto=https                                | NONE",
    "by=10.0.0.1;proto=https                    | NONE",
    "for=192.0.2.1;for=192.0.2.2                | NONE", // a parameter may occur once
    "for=                                       | NONE",
    "for=192.0.2.1 x                            | NONE",
    "for=192.0.2.1;                             | NONE",
    ";for=192.0.2.1                             | NONE",
    "=192.0.2.1                                 | NONE",
    "for                                        | NONE",
    "for=\"192.0.2.1                            | NONE",
    "for=192\"0.2.1                             | NONE",
    "forx=192.0.2.1                             | NONE",
    "fo=192.0.2.1                               | NONE",
    "192.0.2.1                                  | NONE",
  })
  void findsTheForValue(String element, String expected) {
    long range = ForwardedElement.forValue(element, 0, element.length());
    String actual = range == ForwardedNode.NONE ? "NONE"
        : element.substring(ForwardedNode.from(range), ForwardedNode.to(range));
    assertThat(actual).isEqualTo(expected);
  }
}
