package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentDecodingTest {

  @Test
  void hexDigitsAreAsciiOnly() {
    assertThat(PercentDecoding.hexDigit('0')).isZero();
    assertThat(PercentDecoding.hexDigit('f')).isEqualTo(15);
    assertThat(PercentDecoding.hexDigit('F')).isEqualTo(15);
    assertThat(PercentDecoding.hexDigit('g')).isEqualTo(-1);
    assertThat(PercentDecoding.hexDigit('\u0661')).isEqualTo(-1); // ARABIC-INDIC DIGIT ONE
    assertThat(PercentDecoding.hexByte('4', '1')).isEqualTo(0x41);
    assertThat(PercentDecoding.hexByte('4', 'x')).isEqualTo(-1);
  }

  @Test
  void plainTextIsReturnedUnchanged() {
    String raw = "a=b";
    assertThat(PercentDecoding.decodeStrict(raw, 0, 3, true)).isSameAs(raw);
    assertThat(PercentDecoding.decodeLenient(raw, 0, 3, true)).isSameAs(raw);
    assertThat(PercentDecoding.decodeStrict("x+y", 0, 3, false)).isEqualTo("x+y");
  }

  @Test
  void strictDecodesARangeAndRefusesBadInput() {
    assertThat(PercentDecoding.decodeStrict("q=rate+limit%21", 2, 15, true)).isEqualTo("rate limit!");
    assertThat(PercentDecoding.decodeStrict("%C3%A9t%C3%A9", 0, 13, false)).isEqualTo("\u00e9t\u00e9");
    assertThat(PercentDecoding.decodeStrict("\u00e9%20", 0, 4, false)).isEqualTo("\u00e9 ");
    assertThat(PercentDecoding.decodeStrict("%4", 0, 2, false)).isNull();
    assertThat(PercentDecoding.decodeStrict("%41%", 0, 3, false)).isEqualTo("A"); // range ends first
    assertThat(PercentDecoding.decodeStrict("%zz", 0, 3, false)).isNull();
    assertThat(PercentDecoding.decodeStrict("a%C3", 0, 4, false)).isNull();
  }

  @Test
  void errorsAreLocated() {
    assertThat(PercentDecoding.malformedEscape("a%41%4", 0, 6)).isEqualTo(4);
    assertThat(PercentDecoding.malformedEscape("x=%41%4", 2, 7)).isEqualTo(5);
    assertThat(PercentDecoding.malformedEscape("%41", 0, 3)).isEqualTo(-1);
    assertThat(PercentDecoding.malformedUtf8("ab%C3%28", 0, 8, false)).isEqualTo(2);
    assertThat(PercentDecoding.malformedUtf8("ab%C3%A9", 0, 8, false)).isEqualTo(-1);
    assertThat(PercentDecoding.malformedUtf8("%4", 0, 2, false)).isEqualTo(-1);
  }

  @Test
  void lenientKeepsBadEscapesAndReplacesBadUtf8() {
    assertThat(PercentDecoding.decodeLenient("100%+%41%zz", 0, 11, true)).isEqualTo("100% A%zz");
    assertThat(PercentDecoding.decodeLenient("a%C3", 0, 4, false)).isEqualTo("a\ufffd");
    assertThat(PercentDecoding.decodeLenient("a+b", 0, 3, false)).isEqualTo("a+b");
  }
}
