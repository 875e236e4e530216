package dev.bulwark.validation;

import static dev.bulwark.validation.SqlEvidence.E_BETWEEN_OPEN;
import static dev.bulwark.validation.SqlEvidence.E_BOOL;
import static dev.bulwark.validation.SqlEvidence.E_CMP_STRONG;
import static dev.bulwark.validation.SqlEvidence.E_CMP_WEAK;
import static dev.bulwark.validation.SqlEvidence.E_CONST;
import static dev.bulwark.validation.SqlEvidence.E_CTX;
import static dev.bulwark.validation.SqlEvidence.E_FN_DANGER;
import static dev.bulwark.validation.SqlEvidence.E_FN_INFO;
import static dev.bulwark.validation.SqlEvidence.E_FN_KNOWN;
import static dev.bulwark.validation.SqlEvidence.E_FN_SQL;
import static dev.bulwark.validation.SqlEvidence.E_FN_WEAK;
import static dev.bulwark.validation.SqlEvidence.E_GROUP_VALUE;
import static dev.bulwark.validation.SqlEvidence.E_KEYWORD;
import static dev.bulwark.validation.SqlEvidence.E_LOGIC;
import static dev.bulwark.validation.SqlEvidence.E_NONNUM;
import static dev.bulwark.validation.SqlEvidence.E_OPEN;
import static dev.bulwark.validation.SqlEvidence.E_OPERATOR;
import static dev.bulwark.validation.SqlEvidence.E_SELECT;
import static dev.bulwark.validation.SqlEvidence.E_SYSVAR;
import static dev.bulwark.validation.SqlEvidence.E_TAUT;
import static dev.bulwark.validation.SqlEvidence.E_VAR;
import static dev.bulwark.validation.SqlEvidence.LEAF;
import static dev.bulwark.validation.SqlEvidence.NONTRIVIAL;
import static dev.bulwark.validation.SqlEvidence.O_CALL;
import static dev.bulwark.validation.SqlEvidence.O_GROUP;
import static dev.bulwark.validation.SqlEvidence.O_LITERAL;
import static dev.bulwark.validation.SqlEvidence.O_NUM;
import static dev.bulwark.validation.SqlEvidence.O_STAR;
import static dev.bulwark.validation.SqlEvidence.O_STR;
import static dev.bulwark.validation.SqlEvidence.O_VAR;
import static dev.bulwark.validation.SqlEvidence.O_WORD;

/**
 * Judges the token stream of one input in one quoting context.
 *
 * <h2>How it decides, and why this way</h2>
 * An injection is input that, pasted into the application's query, becomes SQL <em>that parses</em>
 * and does more than supply a value. Prose can contain every SQL keyword ("select the best option
 * from the menu"), so keywords alone prove nothing; what proves something is a well-formed
 * construction. The analyzer therefore folds tokens into expressions with a small shift-reduce
 * stack, the way a parser would, but tolerant and bounded:
 * <ul>
 *   <li>literals, words, calls and parenthesised groups become operands; arithmetic and comparisons
 *       fold eagerly, AND/OR fold lazily (so {@code a OR b = c} sees the whole comparison);
 *   <li>a closing parenthesis folds the whole group into one operand that remembers what it
 *       contained (a SELECT, a known SQL function, a comparison...);
 *   <li>two operands side by side ("best option") is not SQL: the expression is broken there and a
 *       fresh one starts, and any construction pending in the broken one is dropped.
 * </ul>
 * Findings are constructions that are valid <em>and</em> do more than name a value: a condition
 * joined by AND/OR whose right side is a real comparison or SQL call and that ends where SQL may end
 * (end, comment, another condition, a clause keyword); UNION SELECT; a second statement with its
 * expected shape ({@code DROP TABLE}, {@code DECLARE @v}, {@code UPDATE t SET c=}); a time, file or
 * error function with arguments; nested SQL functions; a SELECT with evidence beyond words; a comment
 * that cuts off the application's query after something non-trivial; and in quote contexts, the
 * closed string combined by an operator with a reopened one ({@code x' AND 'y}). In numeric
 * context a bare truth test is an injection too, but only when it is the whole input: the value,
 * AND/OR/XOR/{@code ||}, and a truth constant ({@code 1 OR 1}, {@code 1 AND 0}, {@code -1 OR 2>1},
 * {@code 1) OR (1}), so that "1950 or 1960" and "2 or 3 bedrooms" stay prose.
 *
 * <p>Prose is told apart by shape, not by vocabulary: two equations joined by OR ("x = 1 or y = 2")
 * are notation, a word quoted on its own ("the 'and' keyword") is not a breakout, and a
 * {@code --} followed by words ("... reliability. -- Edsger Dijkstra") is a dash before an
 * attribution, not a comment that truncates, unless what precedes it is decisive SQL (a strong
 * comparison, a query, a known function).
 *
 * <p>Every token is read once and every stack item is pushed and popped at most once, so the work is
 * linear in the input; the stack has a fixed capacity (on overflow it collapses into one operand), so
 * memory is constant. The first finding ends the scan.
 */
final class SqlAnalyzer {

  /** Contexts. */
  static final int AS_IS = 0;

  private static final int CAP = 64;

  // Stack item kinds.
  private static final int OPND = 1;
  private static final int LOGIC = 2;
  private static final int CMP = 3;
  private static final int ARITH = 4;
  private static final int UNARY = 5;
  private static final int LP = 6;
  private static final int KW = 7;
  private static final int COMMA = 8;
  private static final int SEMI = 9;
  private static final int STMT = 10;

  // CMP strengths (aux).
  private static final int CMP_EQ = 1;
  private static final int CMP_ORDER = 2;
  private static final int CMP_BETWEEN = 3;
  private static final int CMP_IS = 4;
  private static final int CMP_IN = 5;
  private static final int CMP_LIKE = 6;

  // Finding kinds (mapped to Detection.Kind by the detector).
  static final int F_NONE = 0;
  static final int F_UNION = 1;
  static final int F_CONDITION = 2;
  static final int F_STACKED = 3;
  static final int F_DANGER = 4;
  static final int F_TRUNCATION = 5;
  static final int F_QUERY = 6;
  static final int F_BREAKOUT = 7;
  static final int F_EXEC_COMMENT = 8;
  static final int F_CHAIN = 9;

  private final SqlLexer lx = new SqlLexer();
  private final SqlStatements statements = new SqlStatements();
  private final SqlUnion union = new SqlUnion();

  private final int[] kind = new int[CAP];
  private final int[] fl = new int[CAP];
  private final int[] at = new int[CAP];
  private final int[] aux = new int[CAP];
  private int sp;

  // Per paren depth (depth = number of LP items on the stack).
  private final int[] frameBase = new int[CAP + 1];
  private final boolean[] frameBroken = new boolean[CAP + 1];
  private final boolean[] frameSelect = new boolean[CAP + 1];
  private final int[] frameScore = new int[CAP + 1];
  private final int[] frameClause = new int[CAP + 1];
  private final int[] frameAlias = new int[CAP + 1]; // 0 none, 1 after AS, 2 alias taken
  private int depth;

  // Pending word (one-token look-ahead to tell a call from a word), possibly dotted.
  private int wordStart = -1;
  private int wordEnd;
  private int wordTier;
  private int wordCode;
  private boolean wordDotted;
  private boolean wordExpectPart;

  /** After TOP: the next number is TOP's row count, not an operand. */
  private boolean skipNumber;

  private CharSequence text = "";
  private char ctxQuote;
  private int ctxEnd;
  /** 0 unknown, 1 the context string contains white space, 2 it does not. */
  private int ctxSpace;
  /** End of the last token that was not a comment: where a finding's evidence stops. */
  private int prevEnd;
  /** Start of the last string left open for the application's closing quote, or -1. */
  private int openAt;

  int findingKind;
  int findingStart;
  int findingEnd;

  /**
   * Analyzes {@code input} as if the application had placed it after an opening {@code quote}
   * ({@code '\''} or {@code '"'}), or as-is for {@link #AS_IS}.
   *
   * @param input the input
   * @param quote the context's quote character, or {@link #AS_IS}
   * @return true if an injection was found (see {@link #findingKind})
   */
  boolean analyze(CharSequence input, char quote) {
    reset(input, quote);
    int from = 0;
    if (quote != AS_IS) {
      int close = SqlLexer.skipString(input, 0, input.length(), quote);
      if (close < 0) {
        clear();
        return false; // never leaves the string
      }
      push(OPND, SqlEvidence.O_STR | E_CTX | E_CONST | E_NONNUM, 0, 0);
      ctxEnd = close;
      from = close;
    }
    lx.reset(input, from);
    while (findingKind == F_NONE && lx.next()) {
      token();
      if (lx.type != SqlLexer.COMMENT) {
        prevEnd = lx.end;
      }
    }
    if (findingKind == F_NONE) {
      finish();
    }
    if (findingKind == F_NONE && lx.conditionalCommentAt >= 0) {
      found(F_EXEC_COMMENT, lx.conditionalCommentAt, lx.conditionalCommentAt + 3);
    }
    clear();
    return findingKind != F_NONE;
  }

  private void reset(CharSequence input, char quote) {
    text = input;
    ctxQuote = quote;
    sp = 0;
    depth = 0;
    resetFrame(0, 0);
    wordStart = -1;
    union.reset();
    prevEnd = 0;
    openAt = -1;
    ctxSpace = 0;
    skipNumber = false;
    findingKind = F_NONE;
    statements.reset();
  }

  private void clear() {
    text = "";
    lx.clear();
  }

  private void resetFrame(int d, int base) {
    frameBase[d] = base;
    frameBroken[d] = false;
    frameSelect[d] = false;
    frameScore[d] = 0;
    frameClause[d] = 0;
    frameAlias[d] = 0;
  }

  private void found(int k, int start, int end) {
    if (findingKind == F_NONE) {
      findingKind = k;
      findingStart = start;
      findingEnd = Math.max(end, start);
    }
  }

  // ---------------------------------------------------------------- tokens

  private void token() {
    int t = lx.type;
    if (wordStart >= 0) {
      if (t == SqlLexer.DOT) {
        wordDotted = true;
        wordExpectPart = true;
        wordEnd = lx.end;
        return;
      }
      if (t == SqlLexer.WORD && wordExpectPart) {
        wordExpectPart = false;
        wordEnd = lx.end;
        wordTier = strongerTier(wordTier, SqlWords.functionTier(text, lx.start, lx.end, lx.hash));
        return;
      }
      if (t == SqlLexer.COMMENT && (lx.flags & SqlLexer.F_LINE_COMMENT) == 0) {
        return; // sleep/**/(5)
      }
      resolveWord(t == SqlLexer.LPAREN);
      if (findingKind != F_NONE) {
        return;
      }
      if (t == SqlLexer.LPAREN) {
        return; // the call's LP was pushed by resolveWord
      }
    }
    if (t != SqlLexer.WORD) {
      union.token(this, t, lx.start, lx.end, (lx.flags & SqlLexer.F_LINE_COMMENT) != 0);
      statements.token(this, t);
      if (findingKind != F_NONE) {
        return;
      }
    }
    switch (t) {
      case SqlLexer.NUM -> {
        if (skipNumber) {
          skipNumber = false; // TOP 1
        } else {
          operand(O_NUM | E_CONST | (truthNumber(lx.start, lx.end) ? E_BOOL : 0), lx.start);
        }
      }
      case SqlLexer.STR -> string();
      case SqlLexer.VAR -> {
        boolean sys = (lx.flags & SqlLexer.F_SYSVAR) != 0;
        operand(O_VAR | E_VAR | E_NONNUM | (sys ? E_SYSVAR : 0), lx.start);
      }
      case SqlLexer.WORD -> word();
      case SqlLexer.OP -> operator();
      case SqlLexer.LPAREN -> openParen(0, lx.start);
      case SqlLexer.RPAREN -> closeParen(false);
      case SqlLexer.COMMA -> {
        reduceLogic(true);
        push(COMMA, 0, lx.start, 0);
        frameAlias[depth] = 0;
      }
      case SqlLexer.SEMI -> semicolon();
      case SqlLexer.COMMENT -> comment();
      default -> garbage(); // DOT without a word, OTHER
    }
  }

  private static int strongerTier(int a, int b) {
    if (a == 0) {
      return b;
    }
    if (b == 0) {
      return a;
    }
    return Math.min(a, b);
  }

  private void word() {
    boolean quoted = (lx.flags & SqlLexer.F_QUOTED) != 0;
    int code = quoted ? 0 : SqlWords.lookup(text, lx.start, lx.end, lx.hash);
    int tier = quoted ? 0 : SqlWords.functionTier(text, lx.start, lx.end, lx.hash);
    if ((lx.flags & SqlLexer.F_QUOTED) == 0 && code != 0 && tier == 0
        && SqlWords.role(code) != SqlWords.ROLE_OBJECT) {
      keyword(code, lx.start, lx.end);
      return;
    }
    wordStart = lx.start;
    wordEnd = lx.end;
    wordCode = code;
    wordTier = tier;
    wordDotted = false;
    wordExpectPart = false;
  }

  /** Decides what the pending word was, now that the next token is known. */
  private void resolveWord(boolean call) {
    int start = wordStart;
    int end = wordEnd;
    wordStart = -1;
    if (call) {
      union.token(this, SqlLexer.LPAREN, lx.start, lx.end, false);
      statements.call(this, start);
      openParen(wordTier == 0 ? 5 : wordTier, start);
      return;
    }
    int code = wordDotted ? 0 : wordCode;
    if (code != 0 && SqlWords.role(code) != SqlWords.ROLE_OBJECT) {
      keyword(code, start, end);
      return;
    }
    if (code != 0) {
      statements.keyword(this, SqlWords.ROLE_OBJECT, SqlWords.id(code), start);
      if (findingKind != F_NONE) {
        return;
      }
    }
    union.token(this, SqlLexer.WORD, start, end, false);
    if (code == 0) {
      statements.word(this, start, end, wordDotted);
    }
    if (findingKind != F_NONE) {
      return;
    }
    int flags = O_WORD | E_NONNUM;
    if (wordTier == SqlWords.FN_INFO && !wordDotted && hasUnderscore(start, end)) {
      flags |= E_FN_INFO; // current_user, session_user: pseudo-functions without parentheses
    }
    if (wordDotted && frameSelect[depth] && frameClause[depth] == SqlWords.FROM) {
      frameScore[depth] += 2; // FROM schema.table
    }
    operand(flags, start);
  }

  private void keyword(int code, int start, int end) {
    int role = SqlWords.role(code);
    int id = SqlWords.id(code);
    union.token(this, SqlLexer.WORD | (code << 4), start, end, false);
    statements.keyword(this, role, id, start);
    if (findingKind != F_NONE) {
      return;
    }
    switch (role) {
      case SqlWords.ROLE_LOGIC -> logic(start);
      case SqlWords.ROLE_NOT -> {
        if (!topIsOperand() && !(sp > 0 && kind[sp - 1] == CMP)) {
          push(UNARY, 0, start, 0);
        }
      }
      case SqlWords.ROLE_CMP -> {
        if (sp > 0 && kind[sp - 1] == CMP) {
          return; // IS NOT, SOUNDS LIKE, NOT LIKE
        }
        int cmp = switch (id) {
          case SqlWords.CMP_BETWEEN -> CMP_BETWEEN;
          case SqlWords.CMP_IS -> CMP_IS;
          case SqlWords.CMP_IN -> CMP_IN;
          default -> CMP_LIKE;
        };
        push(CMP, 0, start, cmp);
      }
      case SqlWords.ROLE_ARITH -> push(ARITH, 0, start, 0);
      case SqlWords.ROLE_LITERAL -> operand(O_LITERAL | E_CONST | E_BOOL, start);
      case SqlWords.ROLE_UNARY -> push(UNARY, 0, start, 0);
      case SqlWords.ROLE_CLAUSE -> clause(id, start, end);
      default -> {
        reduceLogic(true);
        push(STMT, E_KEYWORD, start, id);
      }
    }
  }

  private void clause(int id, int start, int end) {
    switch (id) {
      case SqlWords.SELECT -> {
        boolean boundary = atBoundary();
        if (!boundary && topIsOperand()) {
          juxtaposed(); // "please select": SELECT cannot follow a value
        }
        reduceLogic(true);
        if (boundary) {
          frameSelect[depth] = true;
          frameScore[depth] = 0;
          frameClause[depth] = SqlWords.SELECT;
          frameAlias[depth] = 0;
        }
        push(KW, E_KEYWORD | E_SELECT, start, id);
      }
      case SqlWords.WHERE, SqlWords.HAVING, SqlWords.WHEN -> {
        reduceLogic(true);
        push(LOGIC, 0, start, 1);
        frameClause[depth] = SqlWords.WHERE;
      }
      case SqlWords.TOP -> skipNumber = true;
      case SqlWords.ALL, SqlWords.DISTINCT, SqlWords.ANY, SqlWords.BY, SqlWords.ASC,
          SqlWords.AS, SqlWords.COLLATE, SqlWords.ESCAPE, SqlWords.EXISTS -> {
        if (id == SqlWords.AS) {
          frameAlias[depth] = 1;
        }
        if (id == SqlWords.EXISTS && !topIsOperand()) {
          push(UNARY, 0, start, 0);
        }
        // Modifiers: transparent for the expression structure.
      }
      case SqlWords.CASE -> {
        reduceLogic(true);
        push(LP, 0, start, -1); // CASE ... END folds like a group
        openFrame();
      }
      case SqlWords.END -> {
        if (depth > 0 && aux[frameBase[depth] - 1] == -1) {
          closeParen(true);
        }
      }
      default -> {
        if (id == SqlWords.OUTFILE && sp > 0 && kind[sp - 1] == KW && aux[sp - 1] == SqlWords.INTO) {
          found(F_DANGER, at[sp - 1], end); // INTO OUTFILE / DUMPFILE writes a file
          return;
        }
        reduceLogic(true);
        if (frameSelect[depth]) {
          selectClause(id);
        }
        push(KW, E_KEYWORD, start, id);
        if (id == SqlWords.UNION) {
          frameAlias[depth] = 0;
        }
      }
    }
  }

  private void selectClause(int id) {
    switch (id) {
      case SqlWords.FROM -> frameScore[depth] += 1;
      case SqlWords.LIMIT, SqlWords.OFFSET -> frameScore[depth] += 1;
      case SqlWords.INTO, SqlWords.OUTFILE -> frameScore[depth] += 1;
      default -> {}
    }
    frameClause[depth] = id;
    frameAlias[depth] = 0;
  }

  private void string() {
    boolean open = (lx.flags & SqlLexer.F_UNTERMINATED) != 0;
    if (open && (ctxQuote == AS_IS || lx.quote != ctxQuote)) {
      garbage();
      return;
    }
    int flags = O_STR | E_CONST | E_NONNUM | SqlEvidence.E_STRLIT | (open ? E_OPEN : 0);
    if (open) {
      openAt = lx.start;
    }
    if (sp > 0 && kind[sp - 1] == OPND && (fl[sp - 1] & O_STR) != 0 && (fl[sp - 1] & E_CTX) == 0) {
      // Adjacent string literals concatenate: 'a' 'b'.
      fl[sp - 1] |= flags & ~LEAF;
      return;
    }
    operand(flags, lx.start);
  }

  private void operator() {
    int op = lx.op;
    int start = lx.start;
    boolean unaryPosition = !topIsOperand();
    switch (op) {
      case SqlLexer.OP_EQ, SqlLexer.OP_NE, SqlLexer.OP_NSEQ -> push(CMP, 0, start, CMP_EQ);
      case SqlLexer.OP_LT, SqlLexer.OP_GT, SqlLexer.OP_LE, SqlLexer.OP_GE ->
          push(CMP, 0, start, CMP_ORDER);
      case SqlLexer.OP_ANDAND, SqlLexer.OP_OROR -> logic(start);
      case SqlLexer.OP_BANG, SqlLexer.OP_TILDE -> push(UNARY, 0, start, 0);
      case SqlLexer.OP_PLUS, SqlLexer.OP_MINUS -> {
        if (unaryPosition) {
          push(UNARY, 0, start, 0);
        } else {
          push(ARITH, 0, start, 0);
        }
      }
      case SqlLexer.OP_STAR -> {
        if (unaryPosition) {
          operand(O_STAR | E_NONNUM, start);
        } else {
          push(ARITH, 0, start, 0);
        }
      }
      default -> push(ARITH, 0, start, 0);
    }
  }

  private void logic(int start) {
    // x BETWEEN a AND b: this AND belongs to BETWEEN.
    if (sp > 0 && kind[sp - 1] == OPND && (fl[sp - 1] & E_BETWEEN_OPEN) != 0) {
      fl[sp - 1] &= ~E_BETWEEN_OPEN;
      push(ARITH, 0, start, 0);
      return;
    }
    reduceLogic(true);
    push(LOGIC, 0, start, 0);
  }

  private void semicolon() {
    reduceLogic(true);
    truthTestStatement();
    if (frameSelect[depth]) {
      frameScore[depth] += 1; // a terminated statement
    }
    endSelect(depth);
    if (findingKind != F_NONE) {
      return;
    }
    push(SEMI, 0, lx.start, 0);
    if (depth == 0) {
      resetFrame(0, sp);
    } else {
      frameSelect[depth] = false;
    }
  }

  private void comment() {
    boolean line = (lx.flags & SqlLexer.F_LINE_COMMENT) != 0;
    boolean tail = line || (lx.flags & SqlLexer.F_UNTERMINATED) != 0;
    if (!tail) {
      return; // inline comment: whitespace
    }
    reduceLogic(true);
    if (findingKind != F_NONE) {
      return;
    }
    truncation(lx.start);
  }

  /** A comment that cuts off the rest of the application's query after something that is SQL. */
  private void truncation(int commentAt) {
    int base = frameBase[0];
    if (depth > 0 || frameBroken[0] || sp <= base) {
      return;
    }
    int evidence = 0;
    boolean onlyCtx = true;
    int last = kind[sp - 1];
    if (last != OPND && !(last == KW && aux[sp - 1] == SqlWords.UNION)) {
      return; // a dangling operator or keyword: not valid SQL
    }
    for (int i = base; i < sp; i++) {
      if (kind[i] == KW) {
        evidence |= E_KEYWORD;
      }
      if (kind[i] == OPND) {
        evidence |= fl[i];
        if ((fl[i] & E_CTX) == 0 || (fl[i] & LEAF) == 0 || i != base) {
          onlyCtx = false;
        }
      } else if (kind[i] == LOGIC || kind[i] == CMP) {
        evidence |= E_LOGIC;
        onlyCtx = false;
      } else {
        onlyCtx = false;
      }
    }
    boolean prose = (evidence & DECISIVE) == 0 && attribution(commentAt);
    if ((evidence & NONTRIVIAL) != 0 && !prose) {
      found(F_TRUNCATION, at[base], commentAt + 2);
      return;
    }
    // value'-- : a quoted value cut short right after its closing quote (the login bypass).
    if (onlyCtx && !prose && ctxQuote != AS_IS && sp == base + 1 && ctxEnd > 1 && !ctxHasSpace()
        && (Chars.at(text, commentAt) != '#' || !hasTextAfter(commentAt + 1))) {
      found(F_TRUNCATION, 0, commentAt + 2);
    }
  }

  /** Evidence that is SQL whatever follows it. */
  private static final int DECISIVE = E_CMP_STRONG | E_SELECT | E_FN_KNOWN | E_SYSVAR | E_VAR;

  /**
   * Whether the {@code --} at {@code commentAt} is a dash before words rather than a comment
   * marker: the rest of its line is prose ({@code -- Edsger Dijkstra}, {@code -- a love story}):
   * two or more words of letters, or one capitalised name, with nothing but prose punctuation in
   * between. The tails attackers put after a comment ({@code -- -}, {@code --+},
   * {@code -- sp_password}, {@code -- x}) do not qualify.
   */
  private boolean attribution(int commentAt) {
    int n = text.length();
    if (commentAt + 1 >= n || Chars.at(text, commentAt) != '-') {
      return false;
    }
    int i = commentAt + 2;
    while (i < n && (Chars.at(text, i) == ' ' || Chars.at(text, i) == '\t')) {
      i++;
    }
    if (i >= n || !Character.isLetter(Chars.at(text, i))) {
      return false;
    }
    boolean capitalised = Character.isUpperCase(Chars.at(text, i));
    int words = 0;
    int letters = 0;
    for (; i < n; i++) {
      char c = Chars.at(text, i);
      if (c == '\n' || c == '\r') {
        break;
      }
      if (Character.isLetter(c)) {
        letters++;
        continue;
      }
      if (letters >= 2) {
        words++;
      }
      letters = 0;
      if (!proseMark(c)) {
        return false;
      }
    }
    if (letters >= 2) {
      words++;
    }
    return words >= 2 || (words == 1 && capitalised);
  }

  private static boolean proseMark(char c) {
    return c == ' ' || c == '\t' || c == '.' || c == ',' || c == '!' || c == '?' || c == '\''
        || c == '"' || c == '-' || c == '(' || c == ')' || c == ':' || c == '&' || c == '+'
        || c == '/' || c == ';' || c == '#' || c == '%' || c == '$'
        || (c >= '0' && c <= '9') || c == '\u2019';
  }

  private boolean hasUnderscore(int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '_') {
        return true;
      }
    }
    return false;
  }

  private boolean hasTextAfter(int from) {
    for (int i = from; i < text.length(); i++) {
      char c = Chars.at(text, i);
      if (c == '\n' || c == '\r') {
        return false;
      }
      if (!SqlLexer.isSpace(c)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the context string contains white space; computed once per analysis. */
  private boolean ctxHasSpace() {
    if (ctxSpace == 0) {
      ctxSpace = 2;
      for (int i = 0; i < ctxEnd; i++) {
        if (SqlLexer.isSpace(Chars.at(text, i))) {
          ctxSpace = 1;
          break;
        }
      }
    }
    return ctxSpace == 1;
  }

  private void garbage() {
    reduceLogic(false);
    frameBroken[depth] = true;
    push(COMMA, 0, lx.start, 1); // a separator: nothing folds across garbage
  }

  // ---------------------------------------------------------------- parentheses

  private void openParen(int callTier, int start) {
    if (callTier == 0 && topIsOperand()) {
      juxtaposed();
    }
    push(LP, 0, start, callTier);
    openFrame();
  }

  private void openFrame() {
    depth++;
    resetFrame(depth, sp);
  }

  private void closeParen(boolean caseEnd) {
    if (depth == 0) {
      // Closes a parenthesis of the application's query: what came before is its expression.
      reduceLogic(true);
      if (findingKind != F_NONE) {
        return;
      }
      endSelect(0);
      collapse(E_CTX);
      return;
    }
    reduceLogic(true);
    endSelect(depth);
    if (findingKind != F_NONE) {
      return;
    }
    int base = frameBase[depth];
    boolean broken = frameBroken[depth];
    int lp = base - 1;
    int callTier = aux[lp];
    int start = at[lp];
    int inner = 0;
    boolean hasValue = false;
    boolean empty = sp == base;
    int commas = 0;
    int whens = 0;
    int thens = 0;
    for (int i = base; i < sp; i++) {
      if (kind[i] == COMMA && aux[i] == 0) {
        commas++;
      } else if (kind[i] == LOGIC && aux[i] == 1) {
        whens++;
      } else if (kind[i] == KW && aux[i] == SqlWords.THEN) {
        thens++;
      }
      if (kind[i] == OPND) {
        inner |= fl[i];
        if ((fl[i] & (O_NUM | O_STR | O_VAR | O_CALL | O_GROUP | O_LITERAL | O_STAR)) != 0
            || (fl[i] & (E_OPERATOR | E_CONST)) != 0) {
          hasValue = true;
        }
      } else if (kind[i] == KW || kind[i] == STMT) {
        inner |= E_KEYWORD | fl[i];
      } else if (kind[i] == LOGIC && aux[i] == 0) {
        inner |= E_LOGIC;
      }
    }
    sp = lp;
    depth--;
    inner &= ~(LEAF | E_BETWEEN_OPEN);
    int flags;
    if (caseEnd && !broken && whens > 0 && thens > 0) {
      found(F_QUERY, start, lx.end); // CASE WHEN ... THEN ... END
      return;
    }
    if (callTier > 0) {
      flags = O_CALL | E_NONNUM | (broken ? 0 : call(callTier, inner, hasValue, empty, start));
      if (!broken && commas >= 2 && (inner & E_CMP_STRONG) != 0 && callTier <= SqlWords.FN_WEAK) {
        found(F_CHAIN, start, lx.end); // IF(cond, a, b), IIF(...), ELT(...)
      }
      if (!broken) {
        flags |= inner & ~E_OPEN;
      }
    } else if (callTier < 0) {
      flags = O_GROUP | E_NONNUM | (broken ? 0 : inner | E_KEYWORD);
    } else {
      flags = O_GROUP | (broken ? E_NONNUM : inner | (hasValue ? E_GROUP_VALUE : 0));
      if (!broken && (inner & E_NONNUM) == 0 && hasValue) {
        flags |= E_CONST;
      }
    }
    if (findingKind != F_NONE) {
      return;
    }
    operand(flags, start);
  }

  /** Evidence contributed by a call to a function of {@code tier} (5 = unknown function). */
  private int call(int tier, int inner, boolean hasValue, boolean empty, int start) {
    switch (tier) {
      case SqlWords.FN_DANGER -> {
        if (hasValue || (inner & (E_FN_KNOWN | E_SELECT)) != 0) {
          found(F_DANGER, start, lx.end);
        }
        return E_FN_DANGER;
      }
      case SqlWords.FN_INFO -> {
        chain(inner, start);
        return empty || hasValue ? E_FN_INFO : E_FN_WEAK;
      }
      case SqlWords.FN_SQL -> {
        chain(inner, start);
        return hasValue || (inner & E_FN_KNOWN) != 0 ? E_FN_SQL : E_FN_WEAK;
      }
      case SqlWords.FN_WEAK -> {
        if ((inner & (E_FN_KNOWN | E_SELECT)) != 0 && hasValue) {
          found(F_CHAIN, start, lx.end);
        }
        return empty ? E_FN_INFO : E_FN_WEAK; // user(), now()
      }
      default -> {
        return 0;
      }
    }
  }

  private void chain(int inner, int start) {
    if ((inner & (E_FN_KNOWN | E_SELECT | E_SYSVAR)) != 0 || ((inner & E_FN_WEAK) != 0 && (inner & E_CONST) != 0)) {
      found(F_CHAIN, start, lx.end);
    }
  }

  // ---------------------------------------------------------------- operands and folding

  private boolean topIsOperand() {
    return sp > frameBase[depth] && kind[sp - 1] == OPND;
  }

  private boolean atBoundary() {
    int base = frameBase[depth];
    if (sp == base) {
      return true;
    }
    int k = kind[sp - 1];
    if (k == SEMI || (k == STMT && aux[sp - 1] == SqlWords.BEGIN) || isThenElse(sp - 1)) {
      return true;
    }
    if ((k == KW && aux[sp - 1] == SqlWords.UNION) || k == LOGIC || k == CMP || k == ARITH
        || k == UNARY) {
      return true; // including "1 AND SELECT ...": a subquery where a value is expected
    }
    // Right after the closed context string or an application parenthesis.
    return k == OPND && sp - 1 == base && (fl[sp - 1] & E_CTX) != 0;
  }

  /** Operand content that is more than words and numbers. */
  private static final int RICH = SqlEvidence.E_STRLIT | E_VAR | E_SYSVAR | E_FN_KNOWN
      | E_FN_WEAK | E_SELECT | E_CTX | O_CALL;

  private void operand(int flags, int start) {
    int f = flags;
    int s = start;
    if (frameSelect[depth]) {
      scoreSelectOperand(f);
    }
    while (sp > frameBase[depth]) {
      int k = kind[sp - 1];
      if (k == UNARY) {
        s = Math.min(s, at[sp - 1]);
        sp--;
        continue;
      }
      if (k == CMP && !cmpOperandOk(aux[sp - 1], f)) {
        frameBroken[depth] = true; // "price is $5", "size in inches": English, not IS NULL / IN (...)
        break;
      }
      if ((k == ARITH || k == CMP) && sp - 2 >= frameBase[depth] && kind[sp - 2] == OPND) {
        int left = fl[sp - 2];
        int merged = ((left | f) & ~(LEAF | E_BOOL)) | E_OPERATOR | SqlEvidence.E_ARITH_OR_CMP;
        if ((left & E_CONST) == 0 || (f & E_CONST) == 0) {
          merged &= ~E_CONST;
        }
        merged &= ~E_BETWEEN_OPEN;
        if (k == CMP) {
          merged |= comparison(aux[sp - 1], left, f);
          if ((merged & E_CONST) != 0) {
            merged |= E_BOOL; // 2>1, 1=0
          }
        }
        s = at[sp - 2];
        sp -= 2;
        f = merged;
        continue;
      }
      break;
    }
    if (topIsOperand()) {
      int top = sp - 1;
      if (f == (O_WORD | E_NONNUM) && fl[top] == (O_WORD | E_NONNUM)
          && (top == frameBase[depth] || kind[top - 1] == COMMA) && !frameSelect[depth]) {
        // Prose: a word after a word that itself started a fresh expression. Replace it instead
        // of stacking separators; nothing can be pending below a fresh start.
        frameBroken[depth] = true;
        at[top] = s;
        return;
      }
      if (aliasAllowed(f)) {
        frameAlias[depth] = 2;
        fl[sp - 1] |= f & E_OPEN;
        return;
      }
      juxtaposed();
    }
    push(OPND, f, s, 0);
  }

  /** IS takes NULL/TRUE/FALSE/UNKNOWN; IN takes a parenthesised list. */
  private static boolean cmpOperandOk(int cmp, int right) {
    if (cmp == CMP_IS) {
      return (right & O_LITERAL) != 0;
    }
    if (cmp == CMP_IN) {
      return (right & SqlEvidence.O_GROUP) != 0;
    }
    return true;
  }

  private static int comparison(int cmp, int left, int right) {
    int both = left | right;
    switch (cmp) {
      case CMP_BETWEEN -> {
        return E_CMP_STRONG | E_BETWEEN_OPEN;
      }
      case CMP_ORDER -> {
        // "price < 100", "5 > 3": ordering words and numbers is arithmetic talk, not yet SQL.
        return (both & RICH) == 0 ? E_CMP_WEAK : E_CMP_STRONG;
      }
      case CMP_LIKE -> {
        // "people like us": LIKE between two plain words is English.
        return (left & LEAF) == O_WORD && (right & LEAF) == O_WORD ? E_CMP_WEAK : E_CMP_STRONG;
      }
      default -> {
        return E_CMP_STRONG;
      }
    }
  }

  /** {@code SELECT expr alias}, {@code FROM table alias}: one alias per item. */
  private boolean aliasAllowed(int f) {
    if (!frameSelect[depth] || (f & (O_WORD | O_STR)) == 0 || (f & E_OPEN) != 0) {
      return false;
    }
    int clause = frameClause[depth];
    return (clause == SqlWords.SELECT || clause == SqlWords.FROM) && frameAlias[depth] != 2;
  }

  /** Two operands side by side: not SQL. The expression is broken; a fresh one starts. */
  private void juxtaposed() {
    reduceLogic(false);
    frameBroken[depth] = true;
    frameSelect[depth] = false;
    push(COMMA, 0, sp > 0 ? at[sp - 1] : 0, 1);
  }

  /**
   * Folds {@code A LOGIC B} at the top of the stack. When the construction ends validly, a strong
   * condition B is a finding.
   */
  private void reduceLogic(boolean valid) {
    int base = frameBase[depth];
    while (sp - 1 >= base && kind[sp - 1] == OPND && sp - 2 >= base && kind[sp - 2] == LOGIC) {
      int right = fl[sp - 1];
      int logicAt = at[sp - 2];
      boolean hasLeft = sp - 3 >= base && kind[sp - 3] == OPND;
      int left = hasLeft ? fl[sp - 3] : 0;
      boolean leftOk = hasLeft || sp - 3 < base || kind[sp - 3] == COMMA || kind[sp - 3] == SEMI
          || kind[sp - 3] == KW || kind[sp - 3] == LP;
      boolean notation = hasLeft && equation(left) && equation(right); // x = 1 or y = 2
      if (valid && leftOk && ((strongCondition(right, left) && !notation)
          || (hasLeft && (left & (E_CTX | E_CMP_STRONG | E_LOGIC | E_CONST)) == (E_CMP_STRONG | E_CONST)))) {
        found(F_CONDITION, logicAt, endOf(sp - 1));
      }
      int merged = ((left | right) & ~(LEAF | E_CONST | E_BETWEEN_OPEN)) | E_LOGIC | E_OPERATOR;
      if (valid && hasLeft && truthTest(left, right, at[sp - 3], at[sp - 1])) {
        merged |= E_TAUT; // confirmed only if it turns out to be the whole statement
      }
      if (hasLeft) {
        int s = at[sp - 3];
        sp -= 3;
        push(OPND, merged, s, 0);
      } else {
        sp -= 2;
        push(OPND, merged, logicAt, 0);
      }
    }
  }

  /**
   * {@code value LOGIC truth}: the left side is the application's value (a number, the string the
   * input closed, or a parenthesis it closed) and the right side a truth constant or the same
   * number again.
   */
  private boolean truthTest(int left, int right, int leftAt, int rightAt) {
    boolean number = (left & LEAF) == O_NUM;
    boolean value = number
        || ((left & E_CTX) != 0 && (left & ~(O_STR | E_CTX | E_CONST | E_NONNUM)) == 0)
        || ((left & LEAF) == O_GROUP && (left & E_CONST) != 0 && (left & E_LOGIC) == 0); // (1)
    if (!value || (right & E_CONST) == 0) {
      return false;
    }
    return (right & E_BOOL) != 0 || (number && (right & LEAF) == O_NUM && sameNumber(leftAt, rightAt));
  }

  /** Whether the numbers starting at {@code a} and {@code b} are spelled the same. */
  private boolean sameNumber(int a, int b) {
    int n = text.length();
    int i = a;
    int j = b;
    while (i < n && j < n) {
      char x = Chars.at(text, i);
      char y = Chars.at(text, j);
      boolean xin = SqlLexer.isWordChar(x) || x == '.' || (i == a && x == '-');
      boolean yin = SqlLexer.isWordChar(y) || y == '.' || (j == b && y == '-');
      if (!xin || !yin) {
        return xin == yin;
      }
      if (Chars.lower(x) != Chars.lower(y)) {
        return false;
      }
      i++;
      j++;
    }
    boolean xin = i < n && (SqlLexer.isWordChar(Chars.at(text, i)) || Chars.at(text, i) == '.');
    boolean yin = j < n && (SqlLexer.isWordChar(Chars.at(text, j)) || Chars.at(text, j) == '.');
    return !xin && !yin;
  }

  /**
   * A number literal whose value is 0 or 1 ({@code 1}, {@code 0}, {@code 01}, {@code 1.0},
   * {@code 0x01}, {@code 0b1}).
   */
  private boolean truthNumber(int from, int to) {
    int i = from;
    if (to - from > 2 && Chars.at(text, i) == '0' && "xXbB".indexOf(Chars.at(text, i + 1)) >= 0) {
      i += 2;
      while (i < to && Chars.at(text, i) == '0') {
        i++;
      }
      return i == to || (i + 1 == to && Chars.at(text, i) == '1');
    }
    while (i < to && Chars.at(text, i) == '0') {
      i++;
    }
    if (i < to && Chars.at(text, i) == '1') {
      i++;
    }
    if (i < to && Chars.at(text, i) == '.') {
      i++;
      while (i < to && Chars.at(text, i) == '0') {
        i++;
      }
    }
    return i == to;
  }

  /**
   * A comparison of plain words and numbers that is not constant ({@code x = 1}): on both sides of
   * an OR, notation rather than a condition forced true.
   */
  private static boolean equation(int f) {
    return (f & E_CMP_STRONG) != 0 && (f & E_NONNUM) != 0 && (f & (E_CONST | RICH | E_LOGIC
        | E_KEYWORD | E_GROUP_VALUE | E_SELECT | E_CTX | E_TAUT | SqlEvidence.E_CMP_WEAK)) == 0;
  }

  /**
   * A truth test that is the whole statement so far: {@code 1 OR 1}, {@code 1) OR (1},
   * {@code x' OR TRUE}. Called where a statement ends (end of input, {@code ;}).
   */
  private void truthTestStatement() {
    int base = frameBase[0];
    if (depth > 0 || frameBroken[0] || sp <= base || kind[base] != OPND || (fl[base] & E_TAUT) == 0) {
      return;
    }
    // What may follow and still end the application's query: ORDER BY / GROUP BY / LIMIT n.
    for (int i = base + 1; i < sp; i++) {
      boolean tail = switch (kind[i]) {
        case KW -> aux[i] == SqlWords.ORDER || aux[i] == SqlWords.GROUP
            || aux[i] == SqlWords.LIMIT || aux[i] == SqlWords.OFFSET;
        case OPND -> (fl[i] & LEAF) == O_NUM || (fl[i] & LEAF) == O_WORD;
        case COMMA -> aux[i] == 0;
        default -> false;
      };
      if (!tail || (i == base + 1 && kind[i] != KW)) {
        return;
      }
    }
    found(F_CONDITION, at[base], Math.max(prevEnd, at[base] + 1));
  }

  private int endOf(int index) {
    return Math.max(prevEnd, at[index] + 1);
  }

  private boolean strongCondition(int right, int left) {
    if ((right & (E_SELECT | E_FN_DANGER | E_FN_INFO | E_SYSVAR | E_CMP_STRONG)) != 0) {
      return true;
    }
    if ((right & E_FN_SQL) != 0) {
      return true;
    }
    if ((right & E_CMP_WEAK) != 0) {
      return ((left | right) & E_CTX) != 0;
    }
    // (1 OR 1), (x AND y=1): a parenthesised condition.
    return (right & SqlEvidence.O_GROUP) != 0 && (right & E_LOGIC) != 0
        && (right & E_GROUP_VALUE) != 0;
  }

  private void push(int k, int flags, int start, int a) {
    if (sp == CAP) {
      collapse(E_NONNUM);
      frameBroken[0] = true;
    }
    kind[sp] = k;
    fl[sp] = flags;
    at[sp] = start;
    aux[sp] = a;
    sp++;
  }

  /** Replaces the whole stack with one operand (overflow, or an application parenthesis closed). */
  private void collapse(int extra) {
    int merged = extra;
    for (int i = 0; i < sp; i++) {
      if (kind[i] == OPND) {
        merged |= fl[i] & (E_CTX | E_SELECT | E_TAUT);
      }
    }
    sp = 0;
    depth = 0;
    boolean broken = frameBroken[0];
    resetFrame(0, 0);
    frameBroken[0] = broken;
    kind[0] = OPND;
    fl[0] = merged | E_NONNUM;
    at[0] = 0;
    aux[0] = 0;
    sp = 1;
  }

  // ---------------------------------------------------------------- SELECT scoring

  private void scoreSelectOperand(int f) {
    int clause = frameClause[depth];
    if (clause == SqlWords.SELECT) {
      if ((f & (O_VAR | O_STAR | E_FN_KNOWN | E_SELECT | E_SYSVAR)) != 0
          || ((f & O_CALL) != 0 && (f & E_FN_WEAK) != 0)) {
        frameScore[depth] += 2;
      } else if ((f & (O_NUM | O_STR | O_LITERAL | O_CALL | SqlEvidence.O_GROUP)) != 0) {
        frameScore[depth] += 1;
      }
    } else if (clause == SqlWords.LIMIT || clause == SqlWords.OFFSET || clause == SqlWords.BY) {
      if ((f & O_NUM) != 0) {
        frameScore[depth] += 1;
      }
    } else if (clause == SqlWords.FROM && (f & (SqlEvidence.O_GROUP | O_CALL)) != 0) {
      frameScore[depth] += 1;
    }
  }

  private void endSelect(int d) {
    if (frameSelect[d] && !frameBroken[d] && frameScore[d] >= 2) {
      int base = frameBase[d];
      int start = base < sp ? at[base] : lx.start;
      found(F_QUERY, start, lx.end);
    }
    frameSelect[d] = false;
  }

  private void finish() {
    if (wordStart >= 0) {
      resolveWord(false);
    }
    if (findingKind != F_NONE) {
      return;
    }
    union.token(this, 0, text.length(), text.length(), false);
    statements.end(this);
    while (depth > 0 && findingKind == F_NONE) {
      closeParen(false); // the application's query may close what the input opened
    }
    if (findingKind != F_NONE) {
      return;
    }
    reduceLogic(true);
    truthTestStatement();
    orderByProbe();
    for (int d = depth; d >= 0 && findingKind == F_NONE; d--) {
      endSelect(d);
    }
    if (findingKind != F_NONE || ctxQuote == AS_IS) {
      return;
    }
    // x' AND 'y : the context string, an operator and a string left open for the closing quote.
    // Double quotes mostly delimit phrases in search input ("LIKE" STAMP, "A" & "B") and
    // identifiers in standard SQL, so there the breakout needs a logical operator and an
    // arithmetic or comparison operator (" or ""-"), not just words joined by AND/OR.
    int base = frameBase[0];
    if (depth == 0 && !frameBroken[0] && sp == base + 1 && kind[base] == OPND) {
      int f = fl[base];
      int ops = ctxQuote == '\'' ? E_OPERATOR : E_LOGIC | SqlEvidence.E_ARITH_OR_CMP;
      if ((f & E_CTX) != 0 && (f & E_OPEN) != 0 && (f & ops) == ops && !quotedWords()) {
        found(F_BREAKOUT, 0, text.length());
      }
    }
  }

  /**
   * Whether every quote from the one that closed the context string to the one that was left open
   * wraps a single word the way prose quotes one: {@code the 'and' keyword},
   * {@code use 'or' and 'and' here}. An opening quote follows white space (or starts the input)
   * and precedes a letter; a closing quote follows a letter and precedes a non-word character or
   * the end. {@code x' AND 'y}, {@code ' OR 'a'='a} and {@code x' like '%} do not read that way
   * (a quoted symbol is a value: {@code '%'}, {@code '-'}).
   */
  private boolean quotedWords() {
    int close = ctxEnd - 1;
    int n = text.length();
    if (openAt <= close || openAt >= n) {
      return false;
    }
    boolean opening = true; // the context's closing quote must read as an opening one
    for (int i = close; i <= openAt; i++) {
      char c = Chars.at(text, i);
      if (c != ctxQuote) {
        if (!opening && !Character.isLetter(c)) {
          return false; // one word inside a quoted word
        }
        continue;
      }
      char before = i > 0 ? Chars.at(text, i - 1) : ' ';
      char after = i + 1 < n ? Chars.at(text, i + 1) : ' ';
      if (opening) {
        if (!SqlLexer.isSpace(before) || !Character.isLetter(after)) {
          return false;
        }
      } else if (!Character.isLetter(before) || SqlLexer.isWordChar(after)) {
        return false;
      }
      opening = !opening;
    }
    // The final quote (openAt) must have closed a word, and a quote at the very start must be
    // followed by more prose. One-letter neighbours read as variables ("A 'AND' B"), not prose.
    return opening && (close > 0 || openAt + 1 < n) && wordOfTwo(close - 2, -1)
        && wordOfTwo(openAt + 2, 1);
  }

  /**
   * Whether the text at {@code i}, past the white space next to a quote, is either absent (the
   * input ends or starts there) or a word of at least two letters read in direction {@code step}.
   */
  private boolean wordOfTwo(int i, int step) {
    int n = text.length();
    int space = i - step;
    if (space < 0 || space >= n || !SqlLexer.isSpace(Chars.at(text, space))) {
      return true; // no neighbour word, or punctuation next to the quote
    }
    return i >= 0 && i < n && i + step >= 0 && i + step < n
        && Character.isLetter(Chars.at(text, i)) && Character.isLetter(Chars.at(text, i + step));
  }

  /** {@code 1 ORDER BY 5}, {@code x' ORDER BY 1,2}: the column-count probe. */
  private void orderByProbe() {
    int base = frameBase[0];
    int i = sp - 1;
    boolean sawNumber = false;
    while (i >= base && ((kind[i] == OPND && (fl[i] & LEAF) == O_NUM) || (kind[i] == COMMA && aux[i] == 0))) {
      sawNumber |= kind[i] == OPND;
      i--;
    }
    if (!sawNumber || i - 1 < base || kind[i] != KW || aux[i] != SqlWords.ORDER || kind[i - 1] != OPND) {
      return;
    }
    int before = fl[i - 1];
    if ((before & LEAF) == O_NUM || ((before & E_CTX) != 0 && (before & LEAF) != 0 && !frameBroken[0])) {
      found(F_QUERY, at[i], text.length());
    }
  }

  // ---------------------------------------------------------------- accessors for SqlStatements

  CharSequence text() {
    return text;
  }

  int tokenStart() {
    return lx.start;
  }

  int tokenEnd() {
    return lx.end;
  }

  private boolean isThenElse(int i) {
    return kind[i] == KW && (aux[i] == SqlWords.THEN || aux[i] == SqlWords.ELSE);
  }

  /** Right at the start of the input or of a parenthesis: a statement may start, weakly. */
  boolean weakBoundary() {
    return sp == frameBase[depth];
  }

  /** After {@code ;}, BEGIN, or the string or parenthesis the input closed: a statement may start. */
  boolean strongBoundary() {
    if (sp == 0 || (depth > 0 && sp == frameBase[depth])) {
      return false;
    }
    int k = kind[sp - 1];
    if (k == SEMI || (k == STMT && aux[sp - 1] == SqlWords.BEGIN) || isThenElse(sp - 1)) {
      return true;
    }
    return depth == 0 && sp - 1 == frameBase[0] && k == OPND && (fl[sp - 1] & E_CTX) != 0;
  }

  void report(int k, int start, int end) {
    found(k, start, end);
  }

  int depth() {
    return depth;
  }
}
