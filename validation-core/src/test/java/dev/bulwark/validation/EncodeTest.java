package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncodeTest {

  static Stream<Arguments> encoders() {
    return Stream.of(
        Arguments.of("forHtml", (UnaryOperator<String>) Encode::forHtml),
        Arguments.of("forHtmlAttribute", (UnaryOperator<String>) Encode::forHtmlAttribute),
        Arguments.of("forJavaScript", (UnaryOperator<String>) Encode::forJavaScript),
        Arguments.of("forUriComponent", (UnaryOperator<String>) Encode::forUriComponent),
        Arguments.of("forCssString", (UnaryOperator<String>) Encode::forCssString));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encoders")
  void returnsTheSameInstanceWhenNothingNeedsEncoding(String name, UnaryOperator<String> encode) {
    String plain = new String("HelloWorld2024");
    assertThat(encode.apply(plain)).isSameAs(plain);
    String empty = new String("");
    assertThat(encode.apply(empty)).isSameAs(empty);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encoders")
  void rejectsNullInsteadOfPrintingNull(String name, UnaryOperator<String> encode) {
    assertThatNullPointerException().isThrownBy(() -> encode.apply(null)).withMessage("input");
  }

  @Test
  void htmlText() {
    assertThat(Encode.forHtml("<b>Tom & \"Jerry\"</b> it's")).isEqualTo("&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt; it's");
    assertThat(Encode.forHtml("a\u0000b\u007Fc\uD800d\te\nf")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\te\nf");
    String prose = "Grüße, 😀 — plain text";
    assertThat(Encode.forHtml(prose)).isSameAs(prose);
  }

  @Test
  void htmlAttribute() {
    assertThat(Encode.forHtmlAttribute("\" onload='x' `y` <&>"))
        .isEqualTo("&#34; onload=&#39;x&#39; &#96;y&#96; &lt;&amp;&gt;");
    String spaced = "a b=c";
    assertThat(Encode.forHtmlAttribute(spaced)).isSameAs(spaced);
  }

  @Test
  void javaScriptString() {
    assertThat(Encode.forJavaScript("'; alert(\"x\") // </script>"))
        .isEqualTo("\\x27; alert(\\x22x\\x22) \\/\\/ \\x3C\\/script\\x3E");
    assertThat(Encode.forJavaScript("a\\b\n\r\t\b\f\u2028\u2029&`"))
        .isEqualTo("a\\\\b\\n\\r\\t\\b\\f\\u2028\\u2029\\x26\\x60");
    assertThat(Encode.forJavaScript("\u0001\u0085\uDC00")).isEqualTo("\\x01\\x85\\uDC00");
    String pair = "😀é";
    assertThat(Encode.forJavaScript(pair)).isSameAs(pair);
  }

  @Test
  void uriComponent() {
    assertThat(Encode.forUriComponent("a b&c=d/é😀~-._")).isEqualTo("a%20b%26c%3Dd%2F%C3%A9%F0%9F%98%80~-._");
    assertThat(Encode.forUriComponent("x\uD800y")).isEqualTo("x%EF%BF%BDy");
    assertThat(Encode.forUriComponent("%")).isEqualTo("%25");
  }

  @Test
  void cssString() {
    assertThat(Encode.forCssString("a'b\"c\\d</style>&e")).isEqualTo("a\\27 b\\22 c\\5C d\\3C/style\\3E\\26 e");
    assertThat(Encode.forCssString("x\ny z")).isEqualTo("x\\Ay z");
    assertThat(Encode.forCssString("x\n z")).isEqualTo("x\\A  z");
    assertThat(Encode.forCssString("'1")).isEqualTo("\\27 1");
    assertThat(Encode.forCssString("'g")).isEqualTo("\\27g");
    String family = "Open Sans, sans-serif";
    assertThat(Encode.forCssString(family)).isSameAs(family);
  }
}
