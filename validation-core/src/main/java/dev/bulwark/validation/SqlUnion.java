package dev.bulwark.validation;

/**
 * Recognises {@code UNION [ALL|DISTINCT] [(] SELECT x} for {@link SqlAnalyzer}, comments allowed
 * anywhere in between ({@code UNION/**}{@code /SELECT}, {@code union#\nselect}).
 *
 * <p>The construction is confirmed by what follows SELECT: a value, a call, {@code *}, a keyword, a
 * line comment or the end confirm it at once; one plain word needs a second token that is not a
 * plain word ("union select username from" is SQL, "credit union select the best account" is not).
 * A three-state machine, O(1) per token.
 */
final class SqlUnion {

  private int state;
  private int at;

  void reset() {
    state = 0;
  }

  /**
   * Advances on one token.
   *
   * @param a the analyzer to report to
   * @param t a {@link SqlLexer} type, 0 at the end, or {@code WORD | code << 4} for a keyword
   * @param start the token's start
   * @param end the token's end
   * @param lineComment whether the token is a line comment
   */
  void token(SqlAnalyzer a, int t, int start, int end, boolean lineComment) {
    int type = t & 0xF;
    int code = t >>> 4;
    int role = SqlWords.role(code);
    int id = SqlWords.id(code);
    if (type == SqlLexer.COMMENT) {
      if (state >= 2 && lineComment) {
        a.report(SqlAnalyzer.F_UNION, at, start);
      }
      return;
    }
    boolean keyword = type == SqlLexer.WORD && code != 0;
    boolean clause = keyword && role == SqlWords.ROLE_CLAUSE;
    switch (state) {
      case 0 -> {
        if (clause && id == SqlWords.UNION) {
          state = 1;
          at = start;
        }
      }
      case 1 -> {
        if (clause && id == SqlWords.SELECT) {
          state = 2;
        } else if (!(clause && (id == SqlWords.ALL || id == SqlWords.DISTINCT))
            && type != SqlLexer.LPAREN) {
          state = 0;
        }
      }
      case 2 -> {
        if (type == SqlLexer.WORD && !keyword) {
          state = 3;
        } else {
          a.report(SqlAnalyzer.F_UNION, at, end);
        }
      }
      default -> {
        if (type == SqlLexer.WORD && !keyword) {
          state = 0;
        } else {
          a.report(SqlAnalyzer.F_UNION, at, end);
        }
      }
    }
  }
}
