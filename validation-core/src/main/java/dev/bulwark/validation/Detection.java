package dev.bulwark.validation;

import java.util.Objects;

/**
 * The decision of a detector, with its reason: what kind of attack, the text that matched and where.
 *
 * <p>Immutable and thread-safe. A clean input yields {@link #none()}, a shared instance, so checking
 * benign input allocates nothing. {@link #match()} is at most {@value #MAX_MATCH_LENGTH} characters
 * of the input, safe to log after the usual escaping (it is attacker-controlled text).
 */
public final class Detection {

  /** The longest {@link #match()} kept, in UTF-16 code units. */
  public static final int MAX_MATCH_LENGTH = 80;

  private static final Detection NONE = new Detection(Kind.NONE, "", -1, "");

  /** Why an input was flagged. */
  public enum Kind {
    /** Nothing found. */
    NONE(Threat.NONE),
    /** {@code UNION [ALL] SELECT}: a second query glued to the application's. */
    SQL_UNION_SELECT(Threat.SQL_INJECTION),
    /** A boolean condition joined with AND/OR/XOR/HAVING ({@code ' or 1=1}, {@code and sleep(5)}). */
    SQL_BOOLEAN_CONDITION(Threat.SQL_INJECTION),
    /** A second statement ({@code ; DROP TABLE}, {@code '; EXEC xp_cmdshell}, {@code DECLARE @v}). */
    SQL_STACKED_QUERY(Threat.SQL_INJECTION),
    /** A time-delay, file, command or error-based function ({@code sleep(5)}, {@code load_file(}). */
    SQL_DANGEROUS_FUNCTION(Threat.SQL_INJECTION),
    /** An SQL expression followed by a comment that cuts off the rest of the application's query. */
    SQL_COMMENT_TRUNCATION(Threat.SQL_INJECTION),
    /** A SELECT query or subquery ({@code (select password from users limit 1)}). */
    SQL_QUERY(Threat.SQL_INJECTION),
    /** A string closed, combined with an operator and reopened ({@code x' AND 'y}, {@code '-'}). */
    SQL_QUOTE_BREAKOUT(Threat.SQL_INJECTION),
    /** A MySQL executable comment ({@code /*!50000 ...}). */
    SQL_EXECUTABLE_COMMENT(Threat.SQL_INJECTION),
    /** SQL functions nested into each other ({@code ascii(substring(version(),1,1))}). */
    SQL_FUNCTION_CHAIN(Threat.SQL_INJECTION),
    /** A script-capable element ({@code <script>}, {@code <iframe>}, {@code <object>}, {@code <base>}...). */
    XSS_DANGEROUS_TAG(Threat.XSS),
    /** An {@code on*} event-handler attribute. */
    XSS_EVENT_HANDLER(Threat.XSS),
    /** A {@code javascript:}, {@code vbscript:} or scriptable {@code data:} URL. */
    XSS_SCRIPT_URL(Threat.XSS),
    /** An attribute that carries markup or script by itself ({@code srcdoc}, SVG {@code attributeName=on*}). */
    XSS_DANGEROUS_ATTRIBUTE(Threat.XSS),
    /** A style that runs code or loads resources ({@code expression(}, {@code behavior:}, {@code -moz-binding}). */
    XSS_STYLE(Threat.XSS),
    /** An IE conditional comment ({@code <!--[if ...]>}), which older browsers parse as markup. */
    XSS_CONDITIONAL_COMMENT(Threat.XSS),
    /** A string or expression breakout into JavaScript ({@code ';alert(1)//}). */
    XSS_SCRIPT_BREAKOUT(Threat.XSS);

    private final Threat threat;

    Kind(Threat threat) {
      this.threat = threat;
    }

    /**
     * Returns the attack class this kind belongs to.
     *
     * @return the threat
     */
    public Threat threat() {
      return threat;
    }
  }

  /** The attack classes. */
  public enum Threat {
    /** No attack. */
    NONE,
    /** SQL injection. */
    SQL_INJECTION,
    /** Cross-site scripting. */
    XSS
  }

  private final Kind kind;
  private final String match;
  private final int offset;
  private final String context;

  private Detection(Kind kind, String match, int offset, String context) {
    this.kind = kind;
    this.match = match;
    this.offset = offset;
    this.context = context;
  }

  /**
   * Returns the shared "nothing found" result.
   *
   * @return the clean result
   */
  public static Detection none() {
    return NONE;
  }

  /**
   * Creates a finding.
   *
   * @param kind what was found; not {@link Kind#NONE}
   * @param input the input that was scanned
   * @param start where the evidence starts (UTF-16 index into {@code input})
   * @param end where it ends (exclusive)
   * @param context the context the input was read in, for example "single-quoted string"
   * @return the detection
   */
  static Detection of(Kind kind, CharSequence input, int start, int end, String context) {
    Objects.requireNonNull(kind, "kind");
    int from = Math.max(0, Math.min(start, input.length()));
    int to = Math.max(from, Math.min(end, input.length()));
    to = Math.min(to, from + MAX_MATCH_LENGTH);
    return new Detection(kind, input.subSequence(from, to).toString(), from, context);
  }

  /**
   * Names a context read after {@code rounds} extra rounds of percent-decoding.
   *
   * @param context the context, for example "as-is"
   * @param rounds 0 for the input as given
   * @return {@code context}, or for example "as-is, percent-decoded twice"
   */
  static String decoded(String context, int rounds) {
    return switch (rounds) {
      case 0 -> context;
      case 1 -> context + ", percent-decoded once";
      case 2 -> context + ", percent-decoded twice";
      default -> context + ", percent-decoded " + rounds + " times";
    };
  }

  /**
   * Tells whether an attack was found.
   *
   * @return true unless this is {@link #none()}
   */
  public boolean isAttack() {
    return kind != Kind.NONE;
  }

  /**
   * Returns what was found.
   *
   * @return the kind; {@link Kind#NONE} for clean input
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the input text that matched, at most {@value #MAX_MATCH_LENGTH} characters.
   *
   * @return the matched text; empty for clean input
   */
  public String match() {
    return match;
  }

  /**
   * Returns where the match starts.
   *
   * @return a UTF-16 index into the scanned input (into its percent-decoded form when the
   *     {@link #context()} says it was decoded); -1 for clean input
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns the context in which the input was read when the attack was found, for example
   * "as-is", "single-quoted string", "HTML text" or "double-quoted attribute value"; when the
   * attack was found only after further percent-decoding, the context ends with
   * ", percent-decoded once" (twice, 3 times).
   *
   * @return the context; empty for clean input
   */
  public String context() {
    return context;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Detection)) {
      return false;
    }
    Detection d = (Detection) o;
    return kind == d.kind && offset == d.offset && match.equals(d.match) && context.equals(d.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, match, offset, context);
  }

  @Override
  public String toString() {
    if (!isAttack()) {
      return "Detection[NONE]";
    }
    return "Detection[" + kind + " at " + offset + " in " + context + ": " + match + "]";
  }
}
