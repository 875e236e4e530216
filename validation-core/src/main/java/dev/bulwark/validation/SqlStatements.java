package dev.bulwark.validation;

/**
 * Recognises a second statement by its expected shape, for {@link SqlAnalyzer}.
 *
 * <h2>Design</h2>
 * A statement keyword alone is common English ("drop", "update", "set", "exec"). What marks an
 * injected statement is the keyword where a statement may start, followed by what that statement
 * needs. How much shape is needed depends on where the keyword stands:
 * <ul>
 *   <li>after {@code ;}, BEGIN/THEN/ELSE, or right after the string or parenthesis the input closed
 *       (a <em>strong</em> boundary): the next token suffices ({@code ; DROP TABLE},
 *       {@code '; SHUTDOWN}, {@code '; INSERT INTO});
 *   <li>at the very start of the input or of a parenthesis (a <em>weak</em> boundary): the object
 *       must be named too ({@code DROP TABLE users});
 *   <li>anywhere: only shapes that do not occur in prose ({@code UPDATE t SET c =},
 *       {@code WAITFOR DELAY}, {@code DECLARE @v}, {@code EXEC xp_cmdshell},
 *       {@code INSERT INTO t VALUES}, {@code DELETE FROM t WHERE}).
 * </ul>
 * The matcher is a tiny state machine: one candidate at a time, advanced or dropped by each
 * following token, so it costs O(1) per token.
 */
final class SqlStatements {

  private static final int NONE = 0;
  private static final int STRONG = 2;
  private static final int WEAK = 1;

  /** A pseudo statement id for SET at a boundary (SET is a clause keyword). */
  private static final int SET = 100;

  /** Step meaning "shape complete; confirmed when the statement ends". */
  private static final int AT_END = 9;

  private int stmt;
  private int step;
  private int start;
  private int boundary;

  void reset() {
    stmt = 0;
    step = 0;
  }

  private void begin(int id, int at, int where) {
    stmt = id;
    step = 1;
    start = at;
    boundary = where;
  }

  private void confirm(SqlAnalyzer a, int end) {
    a.report(SqlAnalyzer.F_STACKED, start, end);
    stmt = 0;
  }

  private void drop() {
    stmt = 0;
  }

  /** A keyword (already classified) at {@code at}. */
  void keyword(SqlAnalyzer a, int role, int id, int at) {
    if (stmt != 0 && advanceOnKeyword(a, role, id, a.tokenEnd())) {
      return;
    }
    drop();
    int where = a.strongBoundary() ? STRONG : a.weakBoundary() ? WEAK : NONE;
    if (role == SqlWords.ROLE_STATEMENT) {
      switch (id) {
        case SqlWords.UPDATE, SqlWords.EXEC, SqlWords.DECLARE, SqlWords.WAITFOR, SqlWords.INSERT,
            SqlWords.REPLACE, SqlWords.DELETE -> begin(id, at, where);
        case SqlWords.DROP, SqlWords.TRUNCATE, SqlWords.CREATE, SqlWords.ALTER -> {
          if (where != NONE) {
            begin(id, at, where);
          }
        }
        case SqlWords.SHUTDOWN, SqlWords.LOAD, SqlWords.CALL, SqlWords.IF, SqlWords.GRANT -> {
          if (where == STRONG) {
            begin(id, at, where);
          }
        }
        default -> {}
      }
    } else if (role == SqlWords.ROLE_CLAUSE && id == SqlWords.SET && where == STRONG) {
      begin(SET, at, where);
    }
  }

  private boolean advanceOnKeyword(SqlAnalyzer a, int role, int id, int end) {
    boolean clause = role == SqlWords.ROLE_CLAUSE;
    switch (stmt) {
      case SqlWords.DROP, SqlWords.TRUNCATE, SqlWords.CREATE, SqlWords.ALTER -> {
        if (step == 1 && role == SqlWords.ROLE_OBJECT) {
          if (boundary == STRONG) {
            confirm(a, end);
          } else {
            step = 2; // DROP TABLE <name>
          }
          return true;
        }
      }
      case SqlWords.DELETE -> {
        if ((step == 1 || step == 5) && clause && id == SqlWords.FROM) {
          if (boundary == STRONG) {
            confirm(a, end);
          } else {
            step = 2;
          }
          return true;
        }
        if (step == 3 && clause && id == SqlWords.WHERE) {
          confirm(a, end);
          return true;
        }
      }
      case SqlWords.INSERT, SqlWords.REPLACE -> {
        if (step == 1 && clause && id == SqlWords.INTO) {
          if (boundary == STRONG) {
            confirm(a, end);
          } else {
            step = 2;
          }
          return true;
        }
        if (step == 3 && clause && (id == SqlWords.VALUES || id == SqlWords.SELECT)) {
          confirm(a, end);
          return true;
        }
      }
      case SqlWords.UPDATE -> {
        if (step == 2 && clause && id == SqlWords.SET) {
          step = 3;
          return true;
        }
      }
      case SqlWords.WAITFOR -> {
        if (step == 1 && clause && id == SqlWords.DELAY) {
          confirm(a, end);
          return true;
        }
      }
      case SqlWords.SHUTDOWN -> {
        if (step == 1 && clause && (id == SqlWords.WITH || id == SqlWords.END)) {
          confirm(a, end);
          return true;
        }
      }
      case SqlWords.IF -> {
        if (step == 1 && ((clause && id == SqlWords.EXISTS) || role == SqlWords.ROLE_NOT)) {
          confirm(a, end);
          return true;
        }
      }
      case SqlWords.EXEC -> {
        if (step == 1 && boundary == STRONG && clause && id == SqlWords.AS) {
          confirm(a, end); // EXECUTE AS LOGIN
          return true;
        }
      }
      case SqlWords.GRANT -> {
        if (step == 1) {
          step = 2; // GRANT ALL / SELECT / ... ON | TO
          return true;
        }
        if (step == 2 && clause && id == SqlWords.ON) {
          confirm(a, end);
          return true;
        }
      }
      default -> {}
    }
    return false;
  }

  /** A plain word or a dotted name. */
  void word(SqlAnalyzer a, int from, int to, boolean dotted) {
    if (stmt == 0) {
      return;
    }
    int end = a.tokenEnd();
    CharSequence s = a.text();
    switch (stmt) {
      case SqlWords.DROP, SqlWords.TRUNCATE, SqlWords.CREATE, SqlWords.ALTER -> {
        if (step == 2) {
          confirm(a, Math.max(end, to)); // DROP TABLE users
          return;
        }
        if (step == 1 && boundary == STRONG && stmt != SqlWords.CREATE) {
          step = AT_END; // ; DROP members
          return;
        }
      }
      case SqlWords.DELETE -> {
        if (step == 2) {
          step = 3;
          return;
        }
        if (step == 1 && boundary == STRONG) {
          step = 5; // DELETE LOW_PRIORITY / QUICK / IGNORE FROM
          return;
        }
      }
      case SqlWords.INSERT, SqlWords.REPLACE, SqlWords.UPDATE -> {
        if ((step == 2 && stmt != SqlWords.UPDATE) || (step == 1 && stmt == SqlWords.UPDATE)) {
          step = stmt == SqlWords.UPDATE ? 2 : 3;
          return;
        }
        if (step == 3 && stmt == SqlWords.UPDATE) {
          step = 4;
          return;
        }
      }
      case SqlWords.EXEC -> {
        if (step == 1 && (dotted || hasUnderscore(s, from, to))) {
          confirm(a, Math.max(end, to));
          return;
        }
      }
      case SqlWords.LOAD -> {
        if (step == 1 && (isWord(s, from, to, "data") || isWord(s, from, to, "xml"))) {
          confirm(a, end);
          return;
        }
      }
      case SqlWords.GRANT -> {
        if (step == 1) {
          step = 2;
          return;
        }
        if (step == 2 && isWord(s, from, to, "to")) {
          confirm(a, end);
          return;
        }
      }
      default -> {}
    }
    drop();
  }

  private static boolean isWord(CharSequence s, int from, int to, String word) {
    return to - from == word.length() && Chars.regionMatchesLower(s, from, word);
  }

  private static boolean hasUnderscore(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '_') {
        return true;
      }
    }
    return false;
  }

  /** A function call begins at {@code at} (the function name). */
  void call(SqlAnalyzer a, int at) {
    if ((stmt == SqlWords.EXEC || stmt == SqlWords.CALL) && step == 1) {
      confirm(a, a.tokenEnd());
      return;
    }
    if ((stmt == SqlWords.INSERT || stmt == SqlWords.REPLACE) && step == 2) {
      confirm(a, a.tokenEnd()); // INSERT INTO t(a, b)
      return;
    }
    drop();
  }

  /** Any token that is not a word; {@code t} is its {@link SqlLexer} type. */
  void token(SqlAnalyzer a, int t) {
    if (stmt == 0) {
      return;
    }
    int end = a.tokenEnd();
    if (t == SqlLexer.COMMENT) {
      if (stmt == SqlWords.SHUTDOWN || step == AT_END) {
        confirm(a, end);
      }
      return; // comments are whitespace inside a statement
    }
    if (t == SqlLexer.SEMI && (stmt == SqlWords.SHUTDOWN || step == AT_END)) {
      confirm(a, end);
      return;
    }
    boolean done = switch (stmt) {
      case SqlWords.DECLARE, SET -> step == 1 && t == SqlLexer.VAR;
      case SqlWords.EXEC -> step == 1
          && (t == SqlLexer.VAR || t == SqlLexer.LPAREN || t == SqlLexer.STR);
      case SqlWords.IF -> step == 1 && t == SqlLexer.LPAREN;
      case SqlWords.INSERT, SqlWords.REPLACE -> step == 3 && t == SqlLexer.LPAREN;
      case SqlWords.UPDATE -> step == 4 && t == SqlLexer.OP;
      default -> false;
    };
    if (done) {
      confirm(a, end);
    } else {
      drop();
    }
  }

  /** The end of the input. */
  void end(SqlAnalyzer a) {
    if (stmt == SqlWords.SHUTDOWN || step == AT_END) {
      confirm(a, a.text().length());
    }
    drop();
  }
}
