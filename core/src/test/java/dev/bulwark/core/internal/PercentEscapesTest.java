package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentEscapesTest {

  @Test
  void hexDigitsAreAsciiOnly() {
    assertThat(PercentEscapes.hexDigit('0')).isZero();
    assertThat(PercentEscapes.hexDigit('f')).isEqualTo(15);
    assertThat(PercentEscapes.hexDigit('F')).isEqualTo(15);
    assertThat(PercentEscapes.hexDigit('g')).isEqualTo(-1);
    assertThat(PercentEscapes.hexDigit('\u0661')).isEqualTo(-1); // ARABIC-INDIC DIGIT ONE
    assertThat(PercentEscapes.hexByte('4', '1')).isEqualTo(0x41);
    assertThat(PercentEscapes.hexByte('4', 'x')).isEqualTo(-1);
  }

  @Test
  void plainTextIsReturnedUnchanged() {
    String raw = "a=b";
    assertThat(PercentEscapes.decodeStrict(raw, 0, 3, true)).isSameAs(raw);
    assertThat(PercentEscapes.decodeLenient(raw, 0, 3, true)).isSameAs(raw);
    assertThat(PercentEscapes.decodeStrict("x+y", 0, 3, false)).isEqualTo("x+y");
  }

  @Test
  void strictDecodesARangeAndRefusesBadInput() {
    assertThat(PercentEscapes.decodeStrict("q=rate+limit%21", 2, 15, true)).isEqualTo("rate limit!");
    assertThat(PercentEscapes.decodeStrict("%C3%A9t%C3%A9", 0, 13, false)).isEqualTo("\u00e9t\u00e9");
    assertThat(PercentEscapes.decodeStrict("\u00e9%20", 0, 4, false)).isEqualTo("\u00e9 ");
    assertThat(PercentEscapes.decodeStrict("%4", 0, 2, false)).isNull();
    assertThat(PercentEscapes.decodeStrict("%41%", 0, 3, false)).isEqualTo("A"); // range ends first
    assertThat(PercentEscapes.decodeStrict("%zz", 0, 3, false)).isNull();
    assertThat(PercentEscapes.decodeStrict("a%C3", 0, 4, false)).isNull();
  }

  @Test
  void errorsAreLocated() {
    assertThat(PercentEscapes.malformedEscape("a%41%4", 0, 6)).isEqualTo(4);
    assertThat(PercentEscapes.malformedEscape("x=%41%4", 2, 7)).isEqualTo(5);
    assertThat(PercentEscapes.malformedEscape("%41", 0, 3)).isEqualTo(-1);
    assertThat(PercentEscapes.malformedUtf8("ab%C3%28", 0, 8, false)).isEqualTo(2);
    assertThat(PercentEscapes.malformedUtf8("ab%C3%A9", 0, 8, false)).isEqualTo(-1);
    assertThat(PercentEscapes.malformedUtf8("%4", 0, 2, false)).isEqualTo(-1);
  }

  @Test
  void lenientKeepsBadEscapesAndReplacesBadUtf8() {
    assertThat(PercentEscapes.decodeLenient("100%+%41%zz", 0, 11, true)).isEqualTo("100% A%zz");
    assertThat(PercentEscapes.decodeLenient("a%C3", 0, 4, false)).isEqualTo("a\ufffd");
    assertThat(PercentEscapes.decodeLenient("a+b", 0, 3, false)).isEqualTo("a+b");
  }
}
