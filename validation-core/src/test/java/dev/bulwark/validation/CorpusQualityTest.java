package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the detectors on the labelled corpora in {@code shared/corpus} (see its README) and
 * asserts the thresholds of issues 5 and 17: every recall and false-positive rate below is held at
 * the figure last reported in {@code benchmarks/RESULTS.md} (rounded down to 0.1 point), so a change
 * that loses detections or gains false positives fails here. Prints a per-source table and writes
 * it to {@code target/corpus-report.md}.
 *
 * <p>The corpus is the vendored copy in {@code validation-core/src/test/corpus} (taken unchanged from
 * the project's {@code shared/corpus}), or the directory named by {@code $BULWARK_CORPUS}. If it is missing the test fails: a quality
 * gate that silently skips is no gate.
 */
class CorpusQualityTest {

  private static final SqlInjectionDetector SQL = SqlInjectionDetector.create();
  private static final XssDetector XSS = XssDetector.create();

  /**
   * PayloadsAllTheThings SQL lines that are context fragments ("probes"), not attacks on their own:
   * only quotes, punctuation, digits and comment markers, optionally with {@code ORDER/GROUP BY n}
   * or a bare {@code AND/OR <literal>}. Test-only classification of a known file set.
   */
  private static final Pattern PROBE = Pattern.compile(
      "(?i)^[\\s\\p{Punct}\\d–]*((order|group)\\s+by\\s+[\\d\\s,]+|(and|or)\\s+(true|false|\\d+))?[\\s'\"`()#;/*+\\-–]*$");

  private static Path corpus;
  private static final List<Row> ROWS = new ArrayList<>();

  private record Row(String source, String measure, int inputs, int flagged) {
    double rate() {
      return inputs == 0 ? 0 : 100.0 * flagged / inputs;
    }
  }

  @BeforeAll
  static void locate() {
    corpus = findCorpus();
  }

  static Path findCorpus() {
    String env = System.getenv("BULWARK_CORPUS");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (!Files.isDirectory(p)) {
        fail("BULWARK_CORPUS points to " + p + ", which is not a directory");
      }
      return p;
    }
    // A copy of ../shared/corpus is vendored (with its licences) so a fresh clone measures itself.
    Path vendored = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("src/test/corpus");
    if (Files.isRegularFile(vendored.resolve("README.md"))) {
      return vendored;
    }
    return fail("corpus not found at " + vendored + "; set BULWARK_CORPUS to its path");
  }

  /** Lines of a corpus file: {@code \r} stripped, empty and {@code #} comment lines skipped. */
  private static List<String> lines(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    // Decoded leniently: a few payloads are deliberately not valid UTF-8.
    for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1)) {
      String l = line.replace("\r", "");
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  private static String decodeOnce(String line) {
    return PercentDecoder.lenient(line, true);
  }

  private static List<Path> files(Path dir, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(dir, glob)) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private static Row measure(String source, String measure, List<String> inputs, Predicate<String> flag) {
    int flagged = 0;
    for (String s : inputs) {
      if (flag.test(s)) {
        flagged++;
      }
    }
    Row row = new Row(source, measure, inputs.size(), flagged);
    ROWS.add(row);
    return row;
  }

  /** Asserts a recall (or any "flagged" rate that should be high) as a percentage. */
  private static void atLeast(Row row, double percent) {
    assertThat(row.rate()).as("%s: %s %%, %d of %d", row.source(), row.measure(), row.flagged(),
        row.inputs()).isGreaterThanOrEqualTo(percent);
  }

  /** Asserts a false-positive rate as a percentage. */
  private static void atMost(Row row, double percent) {
    assertThat(row.rate()).as("%s: %s %%, %d of %d", row.source(), row.measure(), row.flagged(),
        row.inputs()).isLessThanOrEqualTo(percent);
  }

  private static boolean either(String s) {
    return SQL.isInjection(s) || XSS.isXss(s);
  }

  @Test
  void libinjectionSqlInjectionRecall() throws IOException {
    List<String> all = new ArrayList<>();
    for (Path f : files(corpus.resolve("libinjection"), "sqli-*.txt")) {
      List<String> inputs = lines(f).stream().map(CorpusQualityTest::decodeOnce).toList();
      measure("libinjection/" + f.getFileName(), "SQLi recall", inputs, SQL::isInjection);
      all.addAll(inputs);
    }
    Row total = measure("libinjection sqli-*.txt (all)", "SQLi recall", all, SQL::isInjection);
    atLeast(total, 99.2); // 17,017 of 17,149
  }

  @Test
  void libinjectionXssRecall() throws IOException {
    List<String> all = new ArrayList<>();
    for (Path f : files(corpus.resolve("libinjection"), "xss-*.txt")) {
      List<String> inputs = lines(f).stream().map(CorpusQualityTest::decodeOnce).toList();
      measure("libinjection/" + f.getFileName(), "XSS recall", inputs, XSS::isXss);
      all.addAll(inputs);
    }
    Row total = measure("libinjection xss-*.txt (all)", "XSS recall", all, XSS::isXss);
    for (Path f : files(corpus.resolve("libinjection"), "tbd-*.txt")) {
      // "to be determined" upstream: reported, not counted.
      measure("libinjection/" + f.getFileName() + " (not counted)", "XSS recall",
          lines(f).stream().map(CorpusQualityTest::decodeOnce).toList(), XSS::isXss);
    }
    atLeast(total, 99.2); // 1,633 of 1,645
  }

  @Test
  void libinjectionFalsePositives() throws IOException {
    List<String> inputs = lines(corpus.resolve("libinjection/false_positives.txt")).stream()
        .map(CorpusQualityTest::decodeOnce).toList();
    measure("libinjection/false_positives.txt", "flagged as SQLi (benign)", inputs, SQL::isInjection);
    Row any = measure("libinjection/false_positives.txt", "flagged by either (benign)", inputs,
        CorpusQualityTest::either);
    atMost(any, 0.25); // 1 of 421 (libinjection itself: 5 %)
  }

  @Test
  void bigListOfNaughtyStrings() throws IOException {
    List<String> benign = new ArrayList<>();
    List<String> script = new ArrayList<>();
    List<String> sqli = new ArrayList<>();
    List<String> raw = List.of(new String(Files.readAllBytes(corpus.resolve("blns/blns.txt")),
        StandardCharsets.UTF_8).split("\n", -1));
    String section = "";
    for (int i = 0; i < raw.size(); i++) {
      String line = raw.get(i).replace("\r", "");
      boolean header = line.startsWith("#") && line.length() > 1 && Character.isWhitespace(line.charAt(1))
          && i + 1 < raw.size() && raw.get(i + 1).replace("\r", "").equals("#");
      if (header) {
        section = line.substring(1).trim();
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      switch (section) {
        case "Script Injection" -> script.add(line);
        case "SQL Injection" -> sqli.add(line);
        default -> {
          benign.add(line);
          String decoded = decodeOnce(line);
          if (!decoded.equals(line)) {
            benign.add(decoded);
          }
        }
      }
    }
    Row fp = measure("blns benign sections (raw + decoded)", "flagged by either (benign)", benign,
        CorpusQualityTest::either);
    Row xss = measure("blns Script Injection", "XSS recall", script, XSS::isXss);
    measure("blns Script Injection", "flagged by either", script, CorpusQualityTest::either);
    Row sql = measure("blns SQL Injection", "SQLi recall", sqli, SQL::isInjection);
    List<String> flagged = benign.stream().filter(CorpusQualityTest::either).toList();
    assertThat(fp.flagged()).as("BLNS benign inputs flagged: %s", flagged).isZero();
    atLeast(xss, 97.0); // 229 of 236
    atLeast(sql, 62.5); // 5 of 8; the misses are " ", "%" and "_", which are not attacks alone
  }

  @Test
  void payloadsAllTheThings() throws IOException {
    List<String> attacks = new ArrayList<>();
    List<String> probes = new ArrayList<>();
    for (Path f : files(corpus.resolve("payloadsallthethings/sqli"), "*.txt")) {
      List<String> all = lines(f);
      List<String> a = all.stream().filter(l -> !PROBE.matcher(l.strip()).matches()).toList();
      List<String> p = all.stream().filter(l -> PROBE.matcher(l.strip()).matches()).toList();
      measure("payloadsallthethings/sqli/" + f.getFileName(), "SQLi recall (raw or decoded)", a,
          l -> SQL.isInjection(l) || SQL.isInjection(decodeOnce(l)));
      attacks.addAll(a);
      probes.addAll(p);
    }
    Row sqlRaw = measure("payloadsallthethings/sqli (all, raw)", "SQLi recall", attacks,
        SQL::isInjection);
    Row sqlDecoded = measure("payloadsallthethings/sqli (all, decoded once)", "SQLi recall",
        attacks.stream().map(CorpusQualityTest::decodeOnce).toList(), SQL::isInjection);
    measure("payloadsallthethings/sqli probes (fragments)", "SQLi flagged", probes,
        l -> SQL.isInjection(l) || SQL.isInjection(decodeOnce(l)));
    List<String> xss = new ArrayList<>();
    for (Path f : files(corpus.resolve("payloadsallthethings/xss"), "*.txt")) {
      List<String> all = lines(f);
      measure("payloadsallthethings/xss/" + f.getFileName(), "XSS recall (raw or decoded)", all,
          l -> XSS.isXss(l) || XSS.isXss(decodeOnce(l)));
      xss.addAll(all);
    }
    Row xssRaw = measure("payloadsallthethings/xss (all, raw)", "XSS recall", xss, XSS::isXss);
    Row xssDecoded = measure("payloadsallthethings/xss (all, decoded once)", "XSS recall",
        xss.stream().map(CorpusQualityTest::decodeOnce).toList(), XSS::isXss);
    assertThat(attacks).isNotEmpty();
    atLeast(sqlRaw, 97.2); // 1,258 of 1,293: escapes left in a raw line are decoded by the detector
    atLeast(sqlDecoded, 97.2); // 1,258 of 1,293
    // Most XSS misses are lines of multi-line vectors (MarioXSSVectors, XSSDetection) that hold no
    // payload on their own.
    atLeast(xssRaw, 86.4); // 2,091 of 2,420
    atLeast(xssDecoded, 86.4); // 2,091 of 2,420
  }

  @AfterAll
  static void report() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("| source | measure | inputs | flagged | rate |\n");
    md.append("|---|---|---:|---:|---:|\n");
    ROWS.sort((a, b) -> a.source().compareTo(b.source()));
    for (Row r : ROWS) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f%% |%n",
          r.source(), r.measure(), r.inputs(), r.flagged(), r.rate()));
    }
    System.out.println(md);
    Path out = Path.of("target", "corpus-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "# Detector quality on shared/corpus\n\nGenerated by CorpusQualityTest.\n\n" + md,
        StandardCharsets.UTF_8);
  }

  @Test
  void probeClassificationIsNarrow() {
    assertThat(Stream.of("'", "' --", "1'", "ORDER BY 27--", " AND 1", "')", "\"#")
        .allMatch(l -> PROBE.matcher(l.strip()).matches())).isTrue();
    assertThat(Stream.of("' or 1=1--", "1 union select 1", "sleep(5)", "admin'--")
        .noneMatch(l -> PROBE.matcher(l.strip()).matches())).isTrue();
  }
}
