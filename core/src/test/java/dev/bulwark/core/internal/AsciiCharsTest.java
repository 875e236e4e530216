package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiCharsTest {

  @Test
  void eachClassHoldsExactlyItsAsciiCharactersAndNothingBeyondAscii() {
    int alpha = 0;
    int digit = 0;
    int hex = 0;
    for (int i = 0; i < 0x10000; i++) {
      char c = (char) i;
      if (AsciiChars.isAlpha(c)) {
        alpha++;
        assertThat(c).isLessThan((char) 0x80);
      }
      if (AsciiChars.isDigit(c)) {
        digit++;
        assertThat(Character.isDigit(c)).isTrue();
        assertThat(c).isLessThan((char) 0x80);
      }
      if (AsciiChars.isHexDigit(c)) {
        hex++;
        assertThat(PercentEscapes.hexDigit(c)).isEqualTo(Character.digit(c, 16));
      }
    }
    assertThat(alpha).isEqualTo(52);
    assertThat(digit).isEqualTo(10);
    assertThat(hex).isEqualTo(22);
    for (char c : "azAZ".toCharArray()) {
      assertThat(AsciiChars.isAlpha(c)).as("%s", c).isTrue();
    }
    for (char c : "@[`{09\u00e9\uff21".toCharArray()) {
      assertThat(AsciiChars.isAlpha(c)).as("%s", c).isFalse();
    }
    for (char c : "09afAF".toCharArray()) {
      assertThat(AsciiChars.isHexDigit(c)).as("%s", c).isTrue();
    }
    for (char c : "/:@G`g\uff10\u0660".toCharArray()) {
      assertThat(AsciiChars.isHexDigit(c)).as("%s", c).isFalse();
      assertThat(AsciiChars.isDigit(c)).as("%s", c).isFalse();
    }
  }
}
