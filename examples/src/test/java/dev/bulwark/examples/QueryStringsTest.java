package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringsTest {

  @Test
  void decodesFormEncodingInOrder() {
    assertThat(QueryStrings.decode("q=rate+limit&a=1&flag&a=%C3%A9&&x="))
        .containsExactly(
            Map.entry("q", List.of("rate limit")),
            Map.entry("a", List.of("1", "é")),
            Map.entry("flag", List.of("")),
            Map.entry("x", List.of("")));
    assertThat(QueryStrings.decode(null)).isEmpty();
    assertThat(QueryStrings.decode("")).isEmpty();
  }

  @Test
  void refusesBadEscapesAndTooManyParameters() {
    assertThatThrownBy(() -> QueryStrings.decode("q=%zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryStrings.decode("a=1&".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("more than 256 query parameters");
  }
}
