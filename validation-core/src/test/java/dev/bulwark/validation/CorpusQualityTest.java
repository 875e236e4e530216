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
import java.util.Map;
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
    List<Row> perFile = new ArrayList<>();
    for (Path f : files(corpus.resolve("payloadsallthethings/sqli"), "*.txt")) {
      List<String> all = lines(f);
      List<String> a = all.stream().filter(l -> !PROBE.matcher(l.strip()).matches()).toList();
      List<String> p = all.stream().filter(l -> PROBE.matcher(l.strip()).matches()).toList();
      Row row = measure("payloadsallthethings/sqli/" + f.getFileName(), "SQLi recall (raw or decoded)", a,
          l -> SQL.isInjection(l) || SQL.isInjection(decodeOnce(l)));
      perFile.add(row);
      attacks.addAll(a);
      probes.addAll(p);
    }
    Row sqlRaw = measure("payloadsallthethings/sqli (all, raw)", "SQLi recall", attacks,
        SQL::isInjection);
    Row sqlDecoded = measure("payloadsallthethings/sqli (all, decoded once)", "SQLi recall",
        attacks.stream().map(CorpusQualityTest::decodeOnce).toList(), SQL::isInjection);
    // Reported, not asserted either way: a fragment is neither an attack to catch nor benign input.
    measure("payloadsallthethings/sqli probes (fragments)", "SQLi flagged", probes,
        l -> SQL.isInjection(l) || SQL.isInjection(decodeOnce(l)));
    List<String> xss = new ArrayList<>();
    for (Path f : files(corpus.resolve("payloadsallthethings/xss"), "*.txt")) {
      List<String> all = lines(f);
      Row row = measure("payloadsallthethings/xss/" + f.getFileName(), "XSS recall (raw or decoded)", all,
          l -> XSS.isXss(l) || XSS.isXss(decodeOnce(l)));
      perFile.add(row);
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
    // Each category (file) on its own, so a loss in a small one is not hidden by the big ones.
    for (Row row : perFile) {
      String file = row.source().substring("payloadsallthethings/".length());
      Double floor = PAYLOADS_ALL_THE_THINGS_FLOORS.get(file);
      assertThat(floor).as("no threshold for %s (%d of %d flagged): add one", file, row.flagged(),
          row.inputs()).isNotNull();
      atLeast(row, floor);
    }
    assertThat(perFile.stream().map(r -> r.source().substring("payloadsallthethings/".length())))
        .as("categories measured").containsExactlyInAnyOrderElementsOf(PAYLOADS_ALL_THE_THINGS_FLOORS.keySet());
  }

  /**
   * Recall floors per PayloadsAllTheThings file (raw or decoded once), each the measured figure
   * rounded down to 0.1 point. The low ones are files whose lines are mostly not payloads on their
   * own: pieces of multi-line vectors (MarioXSSVectors, XSSDetection), bare JavaScript expressions
   * meant for a script context (BRUTELOGIC-XSS-JS), Flash parameters (xss_swf_fuzz), and the
   * explanatory fragments of SQL-Injection.txt.
   */
  private static final Map<String, Double> PAYLOADS_ALL_THE_THINGS_FLOORS = Map.ofEntries(
      Map.entry("sqli/Auth_Bypass.txt", 98.4), // 62 of 63
      Map.entry("sqli/Auth_Bypass2.txt", 87.0), // 94 of 108
      Map.entry("sqli/FUZZDB_MSSQL-WHERE_Time.txt", 100.0), // 40 of 40
      Map.entry("sqli/FUZZDB_MSSQL.txt", 100.0), // 16 of 16
      Map.entry("sqli/FUZZDB_MSSQL_Enumeration.txt", 90.9), // 10 of 11
      Map.entry("sqli/FUZZDB_MYSQL.txt", 100.0), // 5 of 5
      Map.entry("sqli/FUZZDB_MySQL-WHERE_Time.txt", 100.0), // 45 of 45
      Map.entry("sqli/FUZZDB_MySQL_ReadLocalFiles.txt", 100.0), // 1 of 1
      Map.entry("sqli/FUZZDB_Oracle.txt", 100.0), // 54 of 54
      Map.entry("sqli/FUZZDB_Postgres_Enumeration.txt", 100.0), // 19 of 19
      Map.entry("sqli/Generic_ErrorBased.txt", 100.0), // 61 of 61
      Map.entry("sqli/Generic_Fuzz.txt", 100.0), // 4 of 4
      Map.entry("sqli/Generic_TimeBased.txt", 100.0), // 103 of 103
      Map.entry("sqli/Generic_UnionSelect.txt", 100.0), // 424 of 424
      Map.entry("sqli/SQL-Injection.txt", 54.0), // 20 of 37
      Map.entry("sqli/SQLi_Polyglots.txt", 100.0), // 2 of 2
      Map.entry("sqli/payloads-sql-blind-MSSQL-INSERT.txt", 98.1), // 105 of 107
      Map.entry("sqli/payloads-sql-blind-MSSQL-WHERE.txt", 100.0), // 40 of 40
      Map.entry("sqli/payloads-sql-blind-MySQL-INSERT.txt", 100.0), // 90 of 90
      Map.entry("sqli/payloads-sql-blind-MySQL-ORDER_BY.txt", 100.0), // 18 of 18
      Map.entry("sqli/payloads-sql-blind-MySQL-WHERE.txt", 100.0), // 45 of 45
      Map.entry("xss/BRUTELOGIC-XSS-JS.txt", 5.8), // 1 of 17
      Map.entry("xss/BRUTELOGIC-XSS-STRINGS.txt", 100.0), // 110 of 110
      Map.entry("xss/IntrudersXSS.txt", 99.4), // 178 of 179
      Map.entry("xss/JHADDIX_XSS.txt", 99.0), // 109 of 110
      Map.entry("xss/MarioXSSVectors.txt", 46.6), // 127 of 272
      Map.entry("xss/RSNAKE_XSS.txt", 89.0), // 65 of 73
      Map.entry("xss/XSSDetection.txt", 51.9), // 105 of 202
      Map.entry("xss/XSS_Polyglots.txt", 100.0), // 16 of 16
      Map.entry("xss/jsonp_endpoint.txt", 100.0), // 46 of 46
      Map.entry("xss/xss_alert.txt", 96.4), // 643 of 667
      Map.entry("xss/xss_alert_identifiable.txt", 96.4), // 643 of 667
      Map.entry("xss/xss_payloads_quick.txt", 92.3), // 36 of 39
      Map.entry("xss/xss_swf_fuzz.txt", 54.5)); // 12 of 22

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
