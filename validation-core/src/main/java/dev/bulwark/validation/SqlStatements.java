package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;

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
 *       must be named and the statement must end there or go on as SQL ({@code DROP TABLE users},
 *       {@code CREATE TABLE t (}, {@code ALTER TABLE t ADD}; not "Drop table tennis and join the
 *       club");
 *   <li>anywhere: only shapes that do not occur in prose ({@code UPDATE t SET c =},
 *       {@code WAITFOR DELAY}, {@code DECLARE @v}, {@code EXEC xp_cmdshell},
 *       {@code INSERT INTO t VALUES}, {@code DELETE FROM t WHERE}, {@code EXEC (...)} with
 *       arguments: "the exec() function" is prose), and PostgreSQL's ways to run a
 *       program: {@code COPY t FROM PROGRAM 'id'}, {@code COPY (query) TO PROGRAM 'curl ...'}, and
 *       a function body in an untrusted language ({@code LANGUAGE plpython3u}).
 * </ul>
 * The matcher is a tiny state machine: one candidate at a time, advanced or dropped by each
 * following token, so it costs O(1) per token. The one construction it steps over is the
 * parenthesised query or column list of {@code COPY}: tokens deeper than the parenthesis are
 * skipped without changing the candidate.
 */
final class SqlStatements {

  private static final int NONE = 0;
  private static final int STRONG = 2;
  private static final int WEAK = 1;

  /** A pseudo statement id for SET at a boundary (SET is a clause keyword). */
  private static final int SET = 100;

  /** Step meaning "shape complete; confirmed when the statement ends". */
  private static final int AT_END = 9;

  // COPY steps: COPY_NAME -> (name | group) -> COPY_AFTER_NAME -> FROM/TO -> COPY_DIRECTION
  // -> PROGRAM -> COPY_PROGRAM -> 'command'.
  private static final int COPY_NAME = 1;
  private static final int COPY_AFTER_NAME = 2;
  private static final int COPY_GROUP = 3;
  private static final int COPY_DIRECTION = 4;
  private static final int COPY_PROGRAM = 5;

  /** CREATE step after {@code CREATE OR}, waiting for REPLACE. */
  private static final int CREATE_OR = 6;

  /** CREATE or ALTER at the start of the input after the object's name, waiting for its body. */
  private static final int NAMED = 7;

  /** IF steps after NOT and after EXISTS, waiting for the condition. */
  private static final int IF_NOT = 2;
  private static final int IF_EXISTS = 3;

  /** PostgreSQL procedural languages that can reach the operating system. */
  private static final String[] UNTRUSTED_LANGUAGES = {
    "plpythonu", "plpython2u", "plpython3u", "plperlu", "pltclu", "plluau", "plsh"
  };

  private int stmt;
  private int step;
  private int start;
  private int boundary;
  /** The analyzer's depth outside the parenthesis a COPY candidate is skipping. */
  private int groupDepth;
  /** Where the word LANGUAGE stands if it was the last token, else -1. */
  private int languageAt = -1;

  void reset() {
    stmt = 0;
    step = 0;
    languageAt = -1;
  }

  /**
   * Whether the current token lies inside the parenthesis a COPY candidate is skipping. The first
   * token back at the candidate's depth ends the skip.
   */
  private boolean skipping(SqlAnalyzer a) {
    if (stmt != SqlWords.COPY || step != COPY_GROUP) {
      return false;
    }
    if (a.depth() > groupDepth) {
      return true;
    }
    step = COPY_AFTER_NAME;
    return false;
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
    step = 0;
  }

  /** A keyword (already classified) at {@code at}. */
  void keyword(SqlAnalyzer a, int role, int id, int at) {
    languageAt = -1;
    if (skipping(a)) {
      return;
    }
    if (stmt != 0 && advanceOnKeyword(a, role, id, at, a.tokenEnd())) {
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
        case SqlWords.COPY -> begin(id, at, where); // the shape decides (see COPY_DIRECTION)
        default -> {}
      }
    } else if (role == SqlWords.ROLE_CLAUSE && id == SqlWords.SET && where == STRONG) {
      begin(SET, at, where);
    }
  }

  private boolean advanceOnKeyword(SqlAnalyzer a, int role, int id, int at, int end) {
    boolean clause = role == SqlWords.ROLE_CLAUSE;
    switch (stmt) {
      case SqlWords.COPY -> {
        if (step == COPY_AFTER_NAME && clause && id == SqlWords.FROM) {
          step = COPY_DIRECTION;
          return true;
        }
      }
      case SqlWords.DROP, SqlWords.TRUNCATE, SqlWords.CREATE, SqlWords.ALTER -> {
        if (step == NAMED && ((stmt == SqlWords.CREATE && clause && id == SqlWords.AS)
            || (stmt == SqlWords.ALTER && ((clause && (id == SqlWords.SET || id == SqlWords.WITH))
                || (role == SqlWords.ROLE_STATEMENT
                    && (id == SqlWords.DROP || id == SqlWords.ALTER)))))) {
          confirm(a, end); // CREATE TABLE t AS SELECT, ALTER TABLE t DROP, ALTER LOGIN sa WITH
          return true;
        }
        if (stmt == SqlWords.CREATE && step == 1 && role == SqlWords.ROLE_LOGIC
            && isWord(a.text(), at, Math.min(at + 2, a.text().length()), "or")
            && (at + 2 == a.text().length() || !SqlLexer.isWordChar(Chars.at(a.text(), at + 2)))) {
          step = CREATE_OR; // CREATE OR REPLACE FUNCTION
          return true;
        }
        if (step == CREATE_OR && role == SqlWords.ROLE_STATEMENT && id == SqlWords.REPLACE) {
          step = 1;
          return true;
        }
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
        // IF [NOT] EXISTS (...), IF NOT (...): the condition must follow ("; if not, see below"
        // is English).
        if (step == 1 && role == SqlWords.ROLE_NOT) {
          step = IF_NOT;
          return true;
        }
        if ((step == 1 || step == IF_NOT) && clause && id == SqlWords.EXISTS) {
          step = IF_EXISTS;
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
    CharSequence s = a.text();
    if (languageAt >= 0 && !dotted && untrustedLanguage(s, from, to)) {
      a.report(SqlAnalyzer.F_STACKED, languageAt, to); // LANGUAGE plpython3u
      return;
    }
    languageAt = !dotted && isWord(s, from, to, "language") ? from : -1;
    if (stmt == 0 || skipping(a)) {
      return;
    }
    int end = a.tokenEnd();
    switch (stmt) {
      case SqlWords.COPY -> {
        if (step == COPY_NAME) {
          step = COPY_AFTER_NAME; // COPY t
          return;
        }
        if (step == COPY_AFTER_NAME && !dotted && isWord(s, from, to, "to")) {
          step = COPY_DIRECTION;
          return;
        }
        if (step == COPY_DIRECTION && !dotted && isWord(s, from, to, "program")) {
          step = COPY_PROGRAM;
          return;
        }
      }
      case SqlWords.DROP, SqlWords.TRUNCATE, SqlWords.CREATE, SqlWords.ALTER -> {
        if (step == 2 && boundary == STRONG) {
          confirm(a, Math.max(end, to)); // ; CREATE EXTENSION dblink
          return;
        }
        if (step == 2) {
          // At the start of the input the statement must be complete: "DROP TABLE users" ends
          // there, "CREATE TABLE t (" / "ALTER TABLE t ADD" go on as SQL; "Drop table tennis and
          // join the club" and "Create table settings in the panel" go on as English.
          step = stmt == SqlWords.DROP || stmt == SqlWords.TRUNCATE ? AT_END : NAMED;
          return;
        }
        if (step == NAMED && stmt == SqlWords.ALTER && !dotted && (isWord(s, from, to, "add")
            || isWord(s, from, to, "modify") || isWord(s, from, to, "rename")
            || isWord(s, from, to, "change") || isWord(s, from, to, "owner"))) {
          confirm(a, Math.max(end, to)); // ALTER TABLE t ADD ...
          return;
        }
        if (step == 1 && boundary == STRONG && stmt == SqlWords.CREATE
            && (isWord(s, from, to, "extension") || isWord(s, from, to, "language"))) {
          step = 2; // ; CREATE EXTENSION dblink, ; CREATE LANGUAGE plperlu
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

  /** Whether the current token, an opening parenthesis, is closed at once: {@code exec()}. */
  private static boolean emptyParentheses(SqlAnalyzer a) {
    CharSequence s = a.text();
    int i = a.tokenEnd();
    while (i < s.length() && SqlLexer.isSpace(Chars.at(s, i))) {
      i++;
    }
    return i < s.length() && Chars.at(s, i) == ')';
  }

  private static boolean untrustedLanguage(CharSequence s, int from, int to) {
    for (String language : UNTRUSTED_LANGUAGES) {
      if (isWord(s, from, to, language)) {
        return true;
      }
    }
    return false;
  }

  /** A string token that names an absolute file path: {@code '/etc/passwd'}, {@code 'c:\x'}. */
  private static boolean pathString(CharSequence s, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    char c = Chars.at(s, from + 1);
    return c == '/' || c == '\\' || (AsciiChars.isAlpha(c) && Chars.at(s, from + 2) == ':');
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
    languageAt = -1;
    if (skipping(a)) {
      return;
    }
    CharSequence s = a.text();
    if (stmt == 0 && a.strongBoundary() && at + 2 == a.tokenStart()
        && Chars.regionMatchesLower(s, at, "if")) {
      begin(SqlWords.IF, at, STRONG);
      confirm(a, a.tokenEnd()); // ;IF(1=1) ...; "; if (and only if) ..." is prose
      return;
    }
    if (stmt == SqlWords.COPY && step == COPY_NAME) {
      groupDepth = a.depth(); // COPY t(a, b)
      step = COPY_GROUP;
      return;
    }
    if ((stmt == SqlWords.DROP || stmt == SqlWords.TRUNCATE || stmt == SqlWords.CREATE
        || stmt == SqlWords.ALTER) && step == 2) {
      confirm(a, a.tokenEnd()); // CREATE FUNCTION f(cstring)
      return;
    }
    if ((stmt == SqlWords.EXEC || stmt == SqlWords.CALL) && step == 1 && !emptyParentheses(a)) {
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
    if (t == SqlLexer.STR && languageAt >= 0 && untrustedLanguage(a.text(), a.tokenStart() + 1,
        a.tokenEnd() - 1)) {
      a.report(SqlAnalyzer.F_STACKED, languageAt, a.tokenEnd()); // LANGUAGE 'plperlu'
      return;
    }
    languageAt = -1;
    if (stmt == 0 || skipping(a)) {
      return;
    }
    int end = a.tokenEnd();
    if (stmt == SqlWords.COPY) {
      if ((step == COPY_NAME || step == COPY_AFTER_NAME) && t == SqlLexer.LPAREN) {
        groupDepth = a.depth(); // COPY (SELECT ...), COPY t (a, b)
        step = COPY_GROUP;
        return;
      }
      if (t == SqlLexer.STR && (step == COPY_PROGRAM || (step == COPY_DIRECTION
          && (boundary == STRONG
              || (boundary == WEAK && pathString(a.text(), a.tokenStart(), end)))))) {
        confirm(a, end); // COPY t FROM PROGRAM 'id', ; COPY t FROM '/etc/passwd'
        return;
      }
    }
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
      // EXEC @sql, EXEC ('...'), and after a boundary EXEC 'proc'; not "exec()" or
      // 'execute "a command"' in prose: an empty call runs nothing.
      case SqlWords.EXEC -> step == 1 && (t == SqlLexer.VAR
          || (t == SqlLexer.LPAREN && !emptyParentheses(a))
          || (t == SqlLexer.STR && boundary != NONE));
      case SqlWords.IF -> (t == SqlLexer.LPAREN && (step == 1 || step == IF_NOT || step == IF_EXISTS))
          || (step == IF_NOT && t == SqlLexer.VAR);
      case SqlWords.INSERT, SqlWords.REPLACE -> step == 3 && t == SqlLexer.LPAREN;
      case SqlWords.CREATE -> step == NAMED && t == SqlLexer.LPAREN; // CREATE TABLE t (
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
    if (stmt != 0 && (stmt == SqlWords.SHUTDOWN || step == AT_END)) {
      confirm(a, a.text().length());
    }
    drop();
  }
}
