package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpTokensTest {

  @Test
  void tcharIsAsciiLettersDigitsAndFifteenSymbols() {
    int count = 0;
    for (int c = 0; c < 0x10000; c++) {
      if (HttpTokens.isTokenChar(c)) {
        count++;
      }
    }
    assertThat(count).isEqualTo(26 + 26 + 10 + 15);
    for (char c : "!#$%&'*+-.^_`|~azAZ09".toCharArray()) {
      assertThat(HttpTokens.isTokenChar(c)).as("%s", c).isTrue();
    }
    for (char c : " \t\"(),/:;<=>?@[\\]{}\177\u00e9".toCharArray()) {
      assertThat(HttpTokens.isTokenChar(c)).as("%s", c).isFalse();
    }
  }

  @Test
  void aTokenIsNonEmpty() {
    assertThat(HttpTokens.isToken("X-Request-Id")).isTrue();
    assertThat(HttpTokens.isToken("")).isFalse();
    assertThat(HttpTokens.isToken("a b")).isFalse();
    assertThat(HttpTokens.isToken("text/html", 0, 4)).isTrue();
    assertThat(HttpTokens.isToken("text/html", 4, 5)).isFalse();
    assertThat(HttpTokens.isToken("text/html", 3, 3)).isFalse();
  }
}
