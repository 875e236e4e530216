package dev.bulwark.validation;

/**
 * A cheap scan that proves some inputs cannot hold a SQL injection, so that
 * {@link SqlInjectionDetector} can skip its full analysis for them. It never decides that an input
 * <em>is</em> an injection: when it cannot prove innocence, the full analysis runs as before.
 *
 * <h2>Why its "cannot" is exact</h2>
 * Every finding of {@link SqlAnalyzer} (with {@link SqlStatements} and {@link SqlUnion}) needs at
 * least one of these, as the finding sites show:
 * <ul>
 *   <li>a logical connective on the expression stack: AND, OR, XOR ({@code &&}, {@code ||}), or the
 *       WHERE, HAVING and WHEN clauses (conditions, truth tests);
 *   <li>SELECT (queries), UNION, INTERSECT, EXCEPT, MINUS (unions), ORDER (the column-count
 *       probe), INTO and OUTFILE/DUMPFILE (file writes), CASE and END (CASE expressions);
 *   <li>a statement keyword (DROP, UPDATE, EXEC, IF ...), or SET, which starts a stacked-statement
 *       candidate; or the word LANGUAGE, which starts the untrusted-language check;
 *   <li>a parenthesis (calls, groups), a comment ({@code --}, {@code #}, {@code /*}, MySQL's
 *       {@code /*!}), a semicolon, a quote of any kind (string contexts, breakouts), {@code @}
 *       (variables), or a percent escape (the decoded rounds).
 * </ul>
 * The other keywords (NOT, IS, IN, LIKE, BETWEEN, NULL, TRUE, DIV, FROM, BY, AS, ON, FOR, WITH,
 * GROUP, LIMIT, THEN, TABLE, USER ...) and the remaining operators only fold operands, push
 * separators or keywords, and set flags that a finding reads only together with one of the above.
 *
 * <p>So an input passes this scan when it is printable ASCII made of word characters
 * ({@code [A-Za-z0-9_$]}), white space and the punctuation {@code . , ? ! : + - * / = < > [ ] { } ~ ^},
 * with no {@code --} and no {@code /*}, and none of its possible SQL word tokens is one of the
 * words listed above. Which substrings can be word tokens follows {@link SqlLexer}: a word token
 * runs to the end of its run of word characters, and starts at the start of the run, or, when a
 * number may have ended inside the run (a run starting with a digit, or right after a {@code .}
 * as in {@code 1.e5or}), anywhere in the run's trailing letters; all those candidates are looked
 * up. Non-ASCII input (which {@link Chars#fold} may turn into ASCII syntax) always takes the full
 * analysis. {@code SqlPrefilterTest} checks the claim on the corpus and on random inputs.
 *
 * <p>Stateless, allocation-free, linear in the input length.
 */
final class SqlPrefilter {

  /** Characters of {@code [A-Za-z0-9_$]}: {@link SqlLexer#isWordChar} within ASCII. */
  private static final boolean[] WORD = new boolean[128];
  /** Word characters, white space and the inert punctuation. */
  private static final boolean[] INERT = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      WORD[c] = true;
      WORD[c - 32] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      WORD[c] = true;
    }
    WORD['_'] = true;
    WORD['$'] = true;
    System.arraycopy(WORD, 0, INERT, 0, 128);
    for (char c : " \t.,?!:+-*/=<>[]{}~^".toCharArray()) {
      INERT[c] = true;
    }
  }

  private SqlPrefilter() {}

  /**
   * Tells whether {@code s} certainly holds no SQL injection in any context (see the class
   * description); false means "not proven", not "attack".
   *
   * @param s the input
   * @return true if the full analysis would find nothing
   */
  static boolean inert(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 128 || !INERT[c]) {
        return false;
      }
      if (WORD[c]) {
        int start = i;
        i++;
        while (i < n && isWord(s.charAt(i))) {
          i++;
        }
        boolean numberMayEndInside = isDigit(c) || (start > 0 && s.charAt(start - 1) == '.');
        if (!inertRun(s, start, i, numberMayEndInside)) {
          return false;
        }
        continue;
      }
      if (i + 1 < n && ((c == '-' && s.charAt(i + 1) == '-') || (c == '/' && s.charAt(i + 1) == '*'))) {
        return false; // a comment
      }
      i++;
    }
    return true;
  }

  private static boolean isWord(char c) {
    return c < 128 && WORD[c];
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Checks the word tokens a run of word characters {@code s[from, to)} may hold. */
  private static boolean inertRun(CharSequence s, int from, int to, boolean numberMayEndInside) {
    if (!numberMayEndInside) {
      return inertWord(s, from, to); // one token: the whole run
    }
    int letters = to;
    while (letters > from && !isDigit(s.charAt(letters - 1)) && s.charAt(letters - 1) != '$') {
      letters--;
    }
    for (int start = letters; start < to - 1; start++) {
      if (!inertWord(s, start, to)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the word {@code s[from, to)} is none of the words that can lead to a finding. */
  private static boolean inertWord(CharSequence s, int from, int to) {
    if (to - from == 8 && Chars.regionMatchesLower(s, from, "language")) {
      return false;
    }
    int code = SqlWords.lookup(s, from, to);
    if (code == 0) {
      return true;
    }
    switch (SqlWords.role(code)) {
      case SqlWords.ROLE_LOGIC, SqlWords.ROLE_STATEMENT -> {
        return false;
      }
      case SqlWords.ROLE_CLAUSE -> {
        return switch (SqlWords.id(code)) {
          case SqlWords.SELECT, SqlWords.UNION, SqlWords.WHERE, SqlWords.HAVING, SqlWords.WHEN,
              SqlWords.ORDER, SqlWords.INTO, SqlWords.OUTFILE, SqlWords.CASE, SqlWords.END,
              SqlWords.SET -> false;
          default -> true;
        };
      }
      default -> {
        return true;
      }
    }
  }
}
