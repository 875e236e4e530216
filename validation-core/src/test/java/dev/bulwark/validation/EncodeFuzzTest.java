package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the encoders: they never throw, return the same instance exactly when nothing changed,
 * and their output can never leave its context (no raw markup, quotes, line breaks or stray
 * escapes). URL-component encoding round-trips through {@link URLDecoder} for well-formed text.
 */
class EncodeFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void outputStaysInItsContext(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();

    String html = Encode.forHtml(input);
    sameInstanceIffUnchanged(input, html);
    assertThat(html).doesNotContain("<", ">");
    assertThat(html.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("&");

    String attribute = Encode.forHtmlAttribute(input);
    sameInstanceIffUnchanged(input, attribute);
    assertThat(attribute).doesNotContain("\"", "'", "`", "<", ">");

    String js = Encode.forJavaScript(input);
    sameInstanceIffUnchanged(input, js);
    assertThat(js).doesNotContain("'", "\"", "<", ">", "\n", "\r", "\u2028", "\u2029");
    assertThat(js.replace("\\/", "")).doesNotContain("/");
    assertThat(js.replace("\\\\", "").replaceAll("\\\\(x[0-9A-F]{2}|u[0-9A-F]{4}|[btnfr/])", ""))
        .doesNotContain("\\");

    String uri = Encode.forUriComponent(input);
    sameInstanceIffUnchanged(input, uri);
    assertThat(uri).matches("[A-Za-z0-9._~%-]*");
    if (wellFormed(input)) {
      assertThat(URLDecoder.decode(uri, StandardCharsets.UTF_8)).isEqualTo(input);
    }

    String css = Encode.forCssString(input);
    sameInstanceIffUnchanged(input, css);
    assertThat(css).doesNotContain("\"", "'", "<", ">", "&", "\n", "\r", "\f");
  }

  private static void sameInstanceIffUnchanged(String input, String output) {
    if (output.equals(input)) {
      assertThat(output).isSameAs(input);
    } else {
      assertThat(output).isNotSameAs(input);
    }
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
