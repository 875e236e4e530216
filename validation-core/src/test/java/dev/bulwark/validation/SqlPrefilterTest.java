package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlPrefilter} only ever skips analyses that would have found nothing: wherever it says
 * "inert", {@link SqlInjectionDetector#analyze} (the full analysis) finds no injection, and
 * {@link SqlInjectionDetector#detect} gives exactly the full analysis' verdict. Checked on every
 * line of the corpus and on random inputs built from the detector's whole vocabulary, numbers in
 * every lexical form and all ASCII punctuation.
 */
class SqlPrefilterTest {

  private static final SqlInjectionDetector SQL = SqlInjectionDetector.create();

  /** Words that make up most injections, drawn more often than the rest of the vocabulary. */
  private static final String[] COMMON = {"or", "and", "select", "union", "from", "where", "order",
    "by", "drop", "table", "sleep", "1", "=", "1=1", "not", "null", "is", "like", "in"};

  @Test
  void plainTextIsInert() {
    for (String s : List.of("hello world", "hello", "", "red dress size 10", "Mr. Smith, London NW1 6XE",
        "is it 5 > 3?", "price is 5 dollars", "not null", "from A to B", "table for 2 on friday",
        "3.5 stars, 1e5 views", "2024-01-01", "a/b", "x = y", "then again")) {
      assertThat(SqlPrefilter.inert(s)).as(s).isTrue();
      assertThat(SQL.detect(s).isAttack()).as(s).isFalse();
    }
  }

  @Test
  void wordsAndSymbolsAFindingNeedsAreNotInert() {
    for (String s : List.of("1 or 1", "a AND b", "x xor y", "select 1", "union", "where", "having",
        "when", "order", "into", "outfile", "case", "end", "set", "drop", "update", "if", "language",
        "LANGUAGE", "a -- b", "a /* b", "it's", "say \"hi\"", "f(x)", "a;b", "#1", "@x", "50%",
        "a&&b", "a||b", "`x`", "a\\b", "caf\u00e9", "\uFF07", "tab\u0001", "x\u007f")) {
      assertThat(SqlPrefilter.inert(s)).as(s).isFalse();
    }
  }

  /** A number may end inside a run of word characters; the word after it is still looked at. */
  @Test
  void wordsAfterANumberInsideARunAreLookedAt() {
    for (String s : List.of("0xaor 1", "1.e5or 1", "1or 1", "5select", "0xfunion", "1.5.or", "0b1and")) {
      assertThat(SqlPrefilter.inert(s)).as(s).isFalse();
    }
    assertThat(SqlInjectionDetector.analyze("0xaor 1").isAttack()).isTrue(); // the case it guards
    assertThat(SqlPrefilter.inert("0xab 1")).isTrue();
    assertThat(SqlPrefilter.inert("for1")).isTrue(); // one word token, not FOR and a number
  }

  @Test
  void agreesWithTheFullAnalysisOnTheCorpus() throws IOException {
    Path corpus = CorpusQualityTest.findCorpus();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    int lines = 0;
    int inert = 0;
    for (Path f : files) {
      for (String line : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n", -1)) {
        for (String s : List.of(line, PercentDecoder.lenient(line, true))) {
          lines++;
          if (SqlPrefilter.inert(s)) {
            inert++;
            assertThat(SqlInjectionDetector.analyze(s).isAttack()).as("inert but an injection: %s", s).isFalse();
          }
          assertThat(SQL.detect(s)).as(s).isEqualTo(SqlInjectionDetector.analyze(s));
        }
      }
    }
    assertThat(lines).isGreaterThan(50_000);
    assertThat(inert).as("inert lines of %s", lines).isGreaterThan(1_000);
  }

  @Test
  void agreesWithTheFullAnalysisOnRandomInputs() {
    List<String> words = new ArrayList<>(SqlWords.vocabulary());
    words.addAll(List.of("language", "plpython3u", "plperlu", "hello", "world", "x", "a", "users",
        "id", "name", "e", "E", "x1", "_", "$"));
    String[] numbers = {"0", "1", "2", "01", "1.0", "0x1f", "0xa", "0b1", "1e5", "1.e5", "1E+5", ".5", "5.",
        "10", "1e", "0x", "0b", "3pm", "5th"};
    String inertPunctuation = " \t.,?!:+-*/=<>[]{}~^_$";
    String allPunctuation = inertPunctuation + "'\"`();#@%&|\\";
    SplittableRandom random = new SplittableRandom(24);
    int inert = 0;
    int attacks = 0;
    int runs = 300_000;
    for (int run = 0; run < runs; run++) {
      StringBuilder sb = new StringBuilder();
      int parts = 1 + random.nextInt(7);
      String punctuation = random.nextInt(4) == 0 ? allPunctuation : inertPunctuation;
      for (int p = 0; p < parts; p++) {
        int what = random.nextInt(10);
        if (what < 5) {
          String w = random.nextInt(3) == 0 ? COMMON[random.nextInt(COMMON.length)] : words.get(random.nextInt(words.size()));
          sb.append(random.nextBoolean() ? w : w.toUpperCase(Locale.ROOT));
        } else if (what < 7) {
          sb.append(numbers[random.nextInt(numbers.length)]);
        } else {
          sb.append(punctuation.charAt(random.nextInt(punctuation.length())));
        }
        if (random.nextInt(3) > 0) {
          sb.append(random.nextInt(4) == 0 ? punctuation.charAt(random.nextInt(punctuation.length())) : ' ');
        }
      }
      String s = sb.toString();
      Detection full = SqlInjectionDetector.analyze(s);
      if (full.isAttack()) {
        attacks++;
      }
      if (SqlPrefilter.inert(s)) {
        inert++;
        assertThat(full.isAttack()).as("inert but an injection: %s", s).isFalse();
      }
      assertThat(SQL.detect(s)).as(s).isEqualTo(full);
    }
    // Not vacuous: both sides of the question occur (with this seed 197,635 inert inputs and 774
    // injections of 300,000).
    assertThat(inert).as("inert inputs of %s", runs).isGreaterThan(runs / 2);
    assertThat(attacks).as("injections of %s", runs).isGreaterThan(runs / 1000);
  }
}
