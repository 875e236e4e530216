package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ported from the demo's QueryStringsTest when its decoder became this public one. */
class QueryStringTest {

  @Test
  void decodesFormEncodingInOrder() {
    assertThat(QueryString.parse("q=rate+limit&a=1&flag&a=%C3%A9&&x="))
        .containsExactly(
            Map.entry("q", List.of("rate limit")),
            Map.entry("a", List.of("1", "\u00e9")),
            Map.entry("flag", List.of("")),
            Map.entry("x", List.of("")));
    assertThat(QueryString.parse(null)).isEmpty();
    assertThat(QueryString.parse("")).isEmpty();
  }

  @Test
  void refusesBadEscapesAndTooManyParameters() {
    assertThatThrownBy(() -> QueryString.parse("q=%zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryString.parse("a=1&".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("more than 256 query parameters");
  }

  @Test
  void badUtf8BecomesAReplacementCharacterAsUrlDecoderDoes() {
    assertThat(QueryString.parse("q=%C3%28")).containsExactly(Map.entry("q", List.of("\ufffd(")));
    assertThat(QueryString.decode("a%2Bb+c=d")).isEqualTo("a+b c=d");
  }

  @Test
  void theLimitIsAParameterAndTheResultIsImmutable() {
    assertThat(QueryString.parse("a=1&a=2", 2)).containsExactly(Map.entry("a", List.of("1", "2")));
    assertThatThrownBy(() -> QueryString.parse("a&b&c", 2)).hasMessage("more than 2 query parameters");
    assertThatThrownBy(() -> QueryString.parse("a", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryString.parse("a=1").get("a").add("2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> QueryString.decode("%4")).hasMessage("malformed percent-escape at index 0 of a query name or value");
  }
}
