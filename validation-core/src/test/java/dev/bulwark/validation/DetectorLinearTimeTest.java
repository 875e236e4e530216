package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both detectors on 1 MB adversarial inputs built to hit the worst case of each tokenizer state.
 * The timeout is only a hang guard, deliberately loose so that a loaded CI machine cannot trip it:
 * a linear scan of 1 MB takes milliseconds, a quadratic path would take about 10^12 steps (hours).
 * The speed claim is measured by {@code DetectorBenchmark} in the benchmarks module.
 */
class DetectorLinearTimeTest {

  private static final int MB = 1 << 20;

  private static String fill(String unit) {
    StringBuilder sb = new StringBuilder(MB + unit.length());
    while (sb.length() < MB) {
      sb.append(unit);
    }
    return sb.toString();
  }

  private static String wrap(String head, String unit, String tail) {
    return head + fill(unit) + tail;
  }

  static Stream<Arguments> inputs() {
    Random random = new Random(42);
    char[] alphabet = "<>'\"`=/&#;:()-*! \n\tabcxyz0\\%@[]{}".toCharArray();
    char[] noise = new char[MB];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return Stream.of(
        named("single quotes", fill("'")),
        named("alternating quotes", fill("'\"`")),
        named("doubled quotes", wrap("x'", "''", " or 1=1")),
        named("backslash-escaped quotes", fill("\\'")),
        named("endless block comment", wrap("1 /*", "a", "")),
        named("endless executable comments", fill("/*!")),
        named("line comments", fill("a'--\n")),
        named("long context string then comments", wrap("", "a", "'" + "--\n".repeat(50_000))),
        named("hash comments", fill("#")),
        named("open parentheses", fill("(")),
        named("close parentheses", fill(")")),
        named("nested parentheses", fill("(((1 or 1=1")),
        named("function calls", fill("sleep(")),
        named("or tautologies", fill("1 or 1=1 ")),
        named("union select", fill("union select ")),
        named("select lists", fill("select 1,")),
        named("keywords", fill("and or not like in is between ")),
        named("operators", fill("<=>!=||&&")),
        named("numbers", fill("0x1e9.5e+")),
        named("one long word", fill("a")),
        named("less-than flood", fill("<")),
        named("tag flood", fill("<a ")),
        named("attribute flood", wrap("<a ", "b=1 ", ">")),
        named("unclosed attribute value", wrap("<a href=\"", "x", "")),
        named("comment openers", fill("<!--")),
        named("bogus comments", fill("<!")),
        named("processing instructions", fill("<?")),
        named("entity flood", fill("&")),
        named("numeric entity with endless zeros", wrap("<a href=\"&#", "0", "106;\">")),
        named("entities in a URL", wrap("<a href=\"", "&#106;", "\">")),
        named("named entities", fill("&colon;&Tab;")),
        named("style escapes", wrap("<div style=\"", "\\", "\">")),
        named("style comments", wrap("<div style=\"", "/*", "\">")),
        named("scheme repetitions", fill("javascript:")),
        named("event handler prefixes", fill("onx=")),
        named("long handler name", wrap("<a on", "a", "=x>")),
        named("quote breakouts", fill("';x")),
        named("semicolons", fill(";a(")),
        named("unclosed calls after quotes", fill("';a(")),
        named("long operator runs", fill("'" + "-".repeat(1000))),
        named("nested markup in values", fill("<a b='<c d=\"<e ")),
        named("nul flood", fill("\0")),
        named("non-breaking spaces", fill("\u00A0")),
        named("fullwidth less-than", fill("\uFF1C")),
        named("copy statements", fill("; copy (select 1) to program ")),
        named("language words", fill("language plpython ")),
        named("empty exec calls", fill(";exec(  ")),
        named("numeric truth tests", fill("1 or 1 ")),
        named("closed parentheses and truth tests", fill("1) or (1 ")),
        named("quoted keywords", wrap("x", " 'and'", "'")),
        named("dash attributions", fill("a and b -- Some Name\n")),
        named("script scheme then prose", fill("javascript: The Good ")),
        named("handlers after slashes in a value", wrap("<img src=x", "/onx=", ">")),
        named("percent escapes of percent escapes", fill("%2525")),
        named("escaped markup", fill("%3Ca%20")),
        named("escaped multi-byte characters", fill("%E2%82%AC%C3")),
        named("random punctuation", new String(noise)));
  }

  private static Arguments named(String name, String input) {
    return Arguments.of(Named.of(name, input));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void bothDetectorsFinishOnOneMegabyte(String input) {
    assertThat(input.length()).isGreaterThanOrEqualTo(MB);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      Detection sql = SqlInjectionDetector.create().detect(input);
      Detection xss = XssDetector.create().detect(input);
      assertThat(sql.match().length()).isLessThanOrEqualTo(Detection.MAX_MATCH_LENGTH);
      assertThat(xss.match().length()).isLessThanOrEqualTo(Detection.MAX_MATCH_LENGTH);
    });
  }
}
