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

  /** The input after as many rounds of decoding as {@code context} names (none when it names none). */
  private static String decodedAsTheDetectorSaw(String input, String context) {
    int rounds = context.endsWith(", percent-decoded once") ? 1
        : context.endsWith(", percent-decoded twice") ? 2
        : context.endsWith(", percent-decoded 3 times") ? 3 : 0;
    if (rounds == 0) {
      return input;
    }
    DecodedInput decoded = new DecodedInput();
    decoded.first(input); // the first round
    for (int i = 1; i < rounds; i++) {
      assertThat(decoded.next()).as("round %s of %s", i + 1, context).isTrue();
    }
    return decoded.toString();
  }

  /**
   * A finding points into the input (or, for a finding in a decoded form, into that form), its
   * match is the text there, and clean is shared.
   */
  static void validDetection(String input, Detection d) {
    if (!d.isAttack()) {
      assertThat(d).isSameAs(Detection.none());
      return;
    }
    // A finding in a percent-decoded form (its context says how often) points into that form.
    String text = decodedAsTheDetectorSaw(input, d.context());
    assertThat(d.offset()).isBetween(0, text.length());
    assertThat(d.match().length()).isLessThanOrEqualTo(Detection.MAX_MATCH_LENGTH);
    assertThat(text.startsWith(d.match(), d.offset())).as("%s in %s", d, text).isTrue();
    assertThat(d.context()).isNotEmpty();
  }
}
