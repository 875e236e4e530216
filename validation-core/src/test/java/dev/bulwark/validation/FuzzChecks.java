package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;

/** Shared input shaping and result invariants for the detector fuzz tests. */
final class FuzzChecks {

  /** Fragments that steer the fuzzer into the interesting states of both tokenizers quickly. */
  static final List<String> PIECES = List.of(
      "'", "\"", "`", "\\", "(", ")", ";", "--", "#", "/*", "*/", "/*!", " ", "\n", "=", "<", ">",
      " or ", " and ", "||", "&&", "union", "select", " from ", "where", "sleep(", "1", "0x7e", "@@",
      "<script", "<img", " src=", " onerror=", "javascript:", "&#", "&colon;", "<!--", "-->", "<svg",
      "style=", "expression(", "\\3c", "＜", "\u0000", "\u00A0", "drop table", "into outfile");

  private FuzzChecks() {}

  static String input(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.consumeRemainingAsString();
    }
    StringBuilder sb = new StringBuilder();
    int parts = data.consumeInt(1, 24);
    for (int i = 0; i < parts; i++) {
      sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(8));
    }
    return sb.toString();
  }

  /** A finding points into the input, its match is the input's text there, and clean is shared. */
  static void validDetection(String input, Detection d) {
    if (!d.isAttack()) {
      assertThat(d).isSameAs(Detection.none());
      return;
    }
    assertThat(d.offset()).isBetween(0, input.length());
    assertThat(d.match().length()).isLessThanOrEqualTo(Detection.MAX_MATCH_LENGTH);
    assertThat(input.startsWith(d.match(), d.offset())).isTrue();
    assertThat(d.context()).isNotEmpty();
  }
}
