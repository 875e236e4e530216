package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
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

  @Test
  void asciiEscapesDecodeWithoutTheCharsetDecoderToTheSameText() {
    assertThat(PercentEscapes.decodeStrict("hello%20world", 0, 13, true)).isEqualTo("hello world");
    assertThat(PercentEscapes.decodeLenient("a%7Eb%7f", 0, 8, false)).isEqualTo("a~b" + (char) 0x7f);
    // Random mixes of ASCII escapes, escapes of UTF-8 bytes, bad escapes and non-ASCII text: the
    // fast ASCII path and the general one must agree with a reference decoder on every input.
    String[] parts = {"a", "Z", "+", "%", "%2", "%20", "%41", "%7E", "%7F", "%80", "%C3", "%A9", "%zz", "\u00e9", "9"};
    SplittableRandom random = new SplittableRandom(24);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(6); k >= 0; k--) {
        sb.append(parts[random.nextInt(parts.length)]);
      }
      String raw = sb.toString();
      boolean plus = random.nextBoolean();
      assertThat(PercentEscapes.decodeStrict(raw, 0, raw.length(), plus)).as(raw).isEqualTo(reference(raw, plus));
    }
  }

  /** A plain strict decoder: bytes first, then UTF-8 with errors reported. */
  private static @Nullable String reference(String raw, boolean plusAsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int b = PercentEscapes.hexByte(raw.charAt(i + 1), raw.charAt(i + 2));
        if (b < 0) {
          return null;
        }
        bytes.write(b);
        i += 2;
      } else if (c == '+' && plusAsSpace) {
        bytes.write(' ');
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
