package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodedInputTest {

  private final DecodedInput decoded = new DecodedInput();

  private String once(String s) {
    decoded.first(s);
    return decoded.toString();
  }

  @Test
  void decodesUtf8AndFormSpaces() {
    assertThat(once("caf%C3%A9+%E2%82%AC5")).isEqualTo("café €5");
    assertThat(once("%F0%9F%98%80")).isEqualTo("\uD83D\uDE00");
    assertThat(decoded.rounds()).isEqualTo(1);
  }

  @Test
  void keepsInvalidEscapesAndReplacesBadUtf8() {
    assertThat(once("100% %zz %4%41")).isEqualTo("100% %zz %4A");
    assertThat(once("%C3")).isEqualTo("\uFFFD");
    assertThat(once("%C3x")).isEqualTo("\uFFFDx");
    assertThat(once("%E0%80%AF")).isEqualTo("\uFFFD"); // overlong '/'
    assertThat(once("%ED%A0%80")).isEqualTo("\uFFFD"); // a surrogate
    assertThat(once("%80")).isEqualTo("\uFFFD");
  }

  @Test
  void stopsAfterTheLastRoundOrWhenNothingIsLeft() {
    decoded.first("%2525253C");
    assertThat(decoded.toString()).isEqualTo("%25253C");
    assertThat(decoded.next()).isTrue();
    assertThat(decoded.toString()).isEqualTo("%253C");
    assertThat(decoded.next()).isTrue();
    assertThat(decoded.toString()).isEqualTo("%3C");
    assertThat(decoded.rounds()).isEqualTo(DecodedInput.MAX_ROUNDS);
    assertThat(decoded.next()).isFalse();
    decoded.first("%3C");
    assertThat(decoded.next()).isFalse();
    assertThat(decoded.subSequence(0, 1)).hasToString("<");
  }

  @Test
  void findsEscapes() {
    assertThat(DecodedInput.hasEscape("a%2Fb")).isTrue();
    assertThat(DecodedInput.hasEscape("80% ACRYLIC, 50%OFF, 10%")).isFalse();
  }
}
