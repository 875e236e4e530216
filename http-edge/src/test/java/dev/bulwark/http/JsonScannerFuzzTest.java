package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes {@link JsonScanner} with documents built from JSON fragments and raw text. Whatever the
 * input, it either finishes or throws its own {@link JsonScanner.Malformed}, never anything else
 * (no stack overflow, no index error), and every pointer it reports is short and well-formed.
 */
class JsonScannerFuzzTest {

  private static final List<String> PIECES = List.of(
      "{", "}", "[", "]", ":", ",", " ", "\n", "\"", "\"a\"", "\"b/~\"", "\\", "\\u", "\\uD83D", "\\u00",
      "0", "-", "1.5e+3", ".", "e", "E", "true", "false", "null", "t", "\u0000", "\uD800", "\u00e9", "x",
      "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":");

  @FuzzTest(maxDuration = "30s")
  void scansAnythingSafely(FuzzedDataProvider data) {
    String doc;
    if (data.consumeBoolean()) {
      StringBuilder b = new StringBuilder();
      int pieces = data.consumeInt(0, 200);
      for (int i = 0; i < pieces && data.remainingBytes() > 0; i++) {
        b.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(4));
      }
      doc = b.toString();
    } else {
      doc = data.consumeRemainingAsString();
    }
    try {
      JsonScanner.scan(doc, (pointer, text) -> {
        assertThat(pointer.length()).isLessThanOrEqualTo(JsonScanner.MAX_POINTER);
        assertThat(pointer.isEmpty() || pointer.charAt(0) == '/').isTrue();
      });
    } catch (JsonScanner.Malformed expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }
}
