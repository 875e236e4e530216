package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Detects SQL injection in untrusted input by tokenizing it as SQL and judging the token sequence.
 *
 * <h2>How</h2>
 * The input is read in every context an application may paste it into: as-is (a number or a
 * column), after an opening single quote and after an opening double quote (a string literal). In
 * each context a SQL tokenizer feeds a small tolerant parser that recognises constructions which
 * are valid SQL and do more than supply a value: boolean conditions joined by AND/OR
 * ({@code ' or 1=1--}), and in numeric context a bare truth test that is the whole input
 * ({@code 1 OR 1}, {@code 1 AND 0}, {@code 1) OR (1}), UNION SELECT, stacked statements
 * ({@code ; DROP TABLE t}, PostgreSQL's {@code COPY t FROM PROGRAM 'id'}), time-based, file and
 * error-based functions ({@code sleep(5)}, {@code pg_read_file(}, {@code extractvalue(}), comment
 * truncation ({@code admin'--}), subqueries, MySQL executable comments and quote breakouts
 * ({@code x' AND 'y}). Prose that merely contains SQL words ("select the best option from the
 * menu", "O'Brien", "80% ACRYLIC AND 20% WOOL", "the 'and' keyword", "x = 1 or y = 2",
 * "... reliability. -- Edsger Dijkstra") does not form such constructions and passes.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Linear time and constant memory in the input length; no regular expressions. Plain text
 *       (printable ASCII words, spaces and simple punctuation without the words and symbols any
 *       finding needs) is recognised by a cheap first scan and costs no further analysis; the
 *       verdict is the same either way.
 *   <li>No allocation when nothing is found (per-thread scratch state is reused).
 *   <li>Thread-safe: one instance can be shared by all threads.
 *   <li>Fullwidth and small-form look-alikes of ASCII ({@code ＇}, {@code ﹣}) are read as ASCII,
 *       so NFKC normalisation downstream cannot turn a clean verdict into an attack.
 * </ul>
 * <h2>Percent-encoding</h2>
 * The input is not URL-decoded as a whole; decode it once first if it comes from a URL (see
 * {@link InputPolicy}). What is still percent-encoded after that round ({@code %27%20OR%201%3D1--},
 * {@code %2527...}) reaches any code that decodes again, so an input that holds an escape is also
 * decoded (with {@code +} as a space) and scanned again, up to three more rounds. A finding in a
 * decoded form says so in its {@link Detection#context() context}, and its
 * {@link Detection#offset() offset} and {@link Detection#match() match} refer to that decoded text.
 */
public final class SqlInjectionDetector {

  private static final SqlInjectionDetector INSTANCE = new SqlInjectionDetector();

  private static final ThreadLocal<SqlAnalyzer> ANALYZER = ThreadLocal.withInitial(SqlAnalyzer::new);

  private static final ThreadLocal<DecodedInput> DECODED = ThreadLocal.withInitial(DecodedInput::new);

  private SqlInjectionDetector() {}

  /**
   * Returns the detector. It has no settings and is stateless, so there is one shared instance.
   *
   * @return the detector
   */
  public static SqlInjectionDetector create() {
    return INSTANCE;
  }

  /**
   * Scans {@code input} for SQL injection.
   *
   * @param input the untrusted text, for example a query parameter after URL-decoding
   * @return the finding with its reason, or {@link Detection#none()}
   * @throws NullPointerException if {@code input} is null
   */
  public Detection detect(CharSequence input) {
    Objects.requireNonNull(input, "input");
    if (SqlPrefilter.inert(input)) {
      return Detection.none(); // proven clean without the analysis: see SqlPrefilter
    }
    return analyze(input);
  }

  /** The full analysis, without {@link SqlPrefilter}: {@link #detect} for every input. */
  static Detection analyze(CharSequence input) {
    SqlAnalyzer analyzer = ANALYZER.get();
    Detection d = scan(analyzer, input, 0);
    if (d != null) {
      return d;
    }
    DecodedInput decoded = DECODED.get();
    try {
      decoded.first(input);
      do {
        d = scan(analyzer, decoded, decoded.rounds());
      } while ((d == null || !d.isAttack()) && decoded.next());
      return d == null ? Detection.none() : d;
    } finally {
      decoded.clear();
    }
  }

  /**
   * Scans {@code input} in every quoting context; {@code rounds} is how often it was decoded.
   * Returns null instead of {@link Detection#none()} when nothing was found but the input holds a
   * percent escape (one pass over the input finds quotes and escapes alike).
   */
  private static @Nullable Detection scan(SqlAnalyzer analyzer, CharSequence input, int rounds) {
    if (analyzer.analyze(input, (char) SqlAnalyzer.AS_IS)) {
      return finding(analyzer, input, "as-is", rounds);
    }
    boolean single = false;
    boolean dbl = false;
    boolean escape = false;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c == '\'' || c == '\uFF07') {
        single = true;
      } else if (c == '"' || c == '\uFF02') {
        dbl = true;
      } else if (c == '%' && !escape && i + 2 < n) {
        escape = AsciiChars.isHexDigit(input.charAt(i + 1)) && AsciiChars.isHexDigit(input.charAt(i + 2));
      }
    }
    if (single && analyzer.analyze(input, '\'')) {
      return finding(analyzer, input, "single-quoted string", rounds);
    }
    if (dbl && analyzer.analyze(input, '"')) {
      return finding(analyzer, input, "double-quoted string", rounds);
    }
    return escape ? null : Detection.none();
  }

  /**
   * Tells whether {@code input} contains SQL injection; the same as {@code detect(input).isAttack()}.
   *
   * @param input the untrusted text
   * @return true if an injection was found
   * @throws NullPointerException if {@code input} is null
   */
  public boolean isInjection(CharSequence input) {
    return detect(input).isAttack();
  }

  private static Detection finding(SqlAnalyzer a, CharSequence input, String context, int rounds) {
    Detection.Kind kind = switch (a.findingKind) {
      case SqlAnalyzer.F_UNION -> Detection.Kind.SQL_UNION_SELECT;
      case SqlAnalyzer.F_CONDITION -> Detection.Kind.SQL_BOOLEAN_CONDITION;
      case SqlAnalyzer.F_STACKED -> Detection.Kind.SQL_STACKED_QUERY;
      case SqlAnalyzer.F_DANGER -> Detection.Kind.SQL_DANGEROUS_FUNCTION;
      case SqlAnalyzer.F_TRUNCATION -> Detection.Kind.SQL_COMMENT_TRUNCATION;
      case SqlAnalyzer.F_QUERY -> Detection.Kind.SQL_QUERY;
      case SqlAnalyzer.F_BREAKOUT -> Detection.Kind.SQL_QUOTE_BREAKOUT;
      case SqlAnalyzer.F_EXEC_COMMENT -> Detection.Kind.SQL_EXECUTABLE_COMMENT;
      default -> Detection.Kind.SQL_FUNCTION_CHAIN;
    };
    return Detection.of(kind, input, a.findingStart, a.findingEnd, Detection.decoded(context, rounds));
  }
}
