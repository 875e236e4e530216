package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;

/**
 * A forgiving SQL tokenizer that understands the dialects attackers target (MySQL, SQL Server,
 * PostgreSQL, Oracle, SQLite) at the level the detector needs.
 *
 * <h2>Design</h2>
 * The lexer is a single forward pass with no backtracking: every call to {@link #next()} consumes at
 * least one character, so tokenizing is linear in the input length. It never allocates; the current
 * token is described by public-in-package fields that the caller reads before the next call. It
 * knows strings in both quote styles with backslash and doubled-quote escapes, backtick identifiers,
 * numbers including hex ({@code 0x7e}), binary and exponent forms, {@code @var} and {@code @@sysvar},
 * all comment styles ({@code --}, {@code #}, {@code /* *}{@code /}) and treats MySQL's executable
 * comments ({@code /*!50000 ... *}{@code /}) as what they are: code. Characters are folded with
 * {@link Chars#fold} so fullwidth look-alikes tokenize like ASCII.
 *
 * <p>Not thread-safe; one instance serves one thread (see {@link SqlInjectionDetector}).
 */
final class SqlLexer {

  static final int NUM = 1;
  static final int STR = 2;
  static final int VAR = 3;
  static final int WORD = 4;
  static final int OP = 5;
  static final int LPAREN = 6;
  static final int RPAREN = 7;
  static final int COMMA = 8;
  static final int SEMI = 9;
  static final int DOT = 10;
  static final int COMMENT = 11;
  static final int OTHER = 12;

  /** Token flag: a string, identifier or block comment that runs to the end of the input. */
  static final int F_UNTERMINATED = 1;
  /** Token flag: a {@code @@system} variable. */
  static final int F_SYSVAR = 2;
  /** Token flag: a line comment ({@code --} or {@code #}). */
  static final int F_LINE_COMMENT = 4;
  /** Token flag: a quoted identifier ({@code `x`}). */
  static final int F_QUOTED = 8;

  // Operator codes (field op).
  static final int OP_EQ = 1;
  static final int OP_NE = 2;
  static final int OP_LT = 3;
  static final int OP_GT = 4;
  static final int OP_LE = 5;
  static final int OP_GE = 6;
  static final int OP_NSEQ = 7;
  static final int OP_PLUS = 8;
  static final int OP_MINUS = 9;
  static final int OP_STAR = 10;
  static final int OP_SLASH = 11;
  static final int OP_PERCENT = 12;
  static final int OP_AMP = 13;
  static final int OP_PIPE = 14;
  static final int OP_CARET = 15;
  static final int OP_TILDE = 16;
  static final int OP_BANG = 17;
  static final int OP_SHIFT = 18;
  static final int OP_ANDAND = 19;
  static final int OP_OROR = 20;
  static final int OP_CAST = 21;
  static final int OP_ASSIGN = 22;

  private CharSequence s = "";
  private int pos;
  private int limit;
  private int conditionalDepth;

  /** Offset of the first MySQL executable comment seen, or -1. */
  int conditionalCommentAt;

  int type;
  int start;
  int end;
  int flags;
  int op;
  /** The quote character of a STR token. */
  char quote;
  /** {@link SqlWords#finish finished} hash of a WORD token's folded lower-case text. */
  int hash;

  /**
   * Starts tokenizing {@code text} at {@code from}.
   *
   * @param text the input
   * @param from the first index to read
   */
  void reset(CharSequence text, int from) {
    this.s = text;
    this.pos = from;
    this.limit = text.length();
    this.conditionalDepth = 0;
    this.conditionalCommentAt = -1;
    this.type = 0;
  }

  /** Drops the reference to the last input so a pooled lexer does not keep it alive. */
  void clear() {
    this.s = "";
    this.limit = 0;
    this.pos = 0;
  }

  static boolean isSpace(char c) {
    if (c <= ' ' || c == 0x7F || c == 0xA0 || c == 0xFFFD) {
      return true;
    }
    return c >= 0x80 && (Character.isSpaceChar(c) || Character.isWhitespace(c) || c == 0x200B || c == 0xFEFF);
  }

  static boolean isWordChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }
    return !isSpace(c);
  }

  private char ch(int i) {
    return Chars.at(s, i);
  }

  private char peek(int i) {
    return i < limit ? Chars.at(s, i) : '\0';
  }

  /**
   * Reads the next token.
   *
   * @return false at the end of the input
   */
  boolean next() {
    while (pos < limit) {
      char c = ch(pos);
      if (isSpace(c)) {
        pos++;
        continue;
      }
      if (c == '*' && conditionalDepth > 0 && peek(pos + 1) == '/') {
        conditionalDepth--;
        pos += 2;
        continue;
      }
      if (c == '/' && peek(pos + 1) == '*' && peek(pos + 2) == '!') {
        if (conditionalCommentAt < 0) {
          conditionalCommentAt = pos;
        }
        conditionalDepth++;
        pos += 3;
        while (pos < limit && ch(pos) >= '0' && ch(pos) <= '9') {
          pos++;
        }
        continue;
      }
      start = pos;
      flags = 0;
      op = 0;
      scan(c);
      end = pos;
      return true;
    }
    type = 0;
    start = limit;
    end = limit;
    return false;
  }

  private void scan(char c) {
    switch (c) {
      case '\'', '"' -> string(c);
      case '`' -> backtick();
      case '(' -> single(LPAREN);
      case ')' -> single(RPAREN);
      case ',' -> single(COMMA);
      case ';' -> single(SEMI);
      case '#' -> lineComment();
      case '@' -> variable();
      case '.' -> {
        if (Character.isDigit(peek(pos + 1))) {
          number();
        } else {
          single(DOT);
        }
      }
      case '-' -> {
        if (peek(pos + 1) == '-') {
          lineComment();
        } else {
          operator(OP_MINUS, 1);
        }
      }
      case '/' -> {
        if (peek(pos + 1) == '*') {
          blockComment();
        } else {
          operator(OP_SLASH, 1);
        }
      }
      default -> {
        if (c >= '0' && c <= '9') {
          number();
        } else if (isWordChar(c)) {
          word(c);
        } else {
          symbol(c);
        }
      }
    }
  }

  private void single(int t) {
    type = t;
    pos++;
  }

  private void operator(int code, int length) {
    type = OP;
    op = code;
    pos += length;
  }

  private void symbol(char c) {
    char n = peek(pos + 1);
    switch (c) {
      case '=' -> operator(OP_EQ, n == '=' ? 2 : 1);
      case '<' -> {
        if (n == '=' && peek(pos + 2) == '>') {
          operator(OP_NSEQ, 3);
        } else if (n == '>') {
          operator(OP_NE, 2);
        } else if (n == '=') {
          operator(OP_LE, 2);
        } else if (n == '<') {
          operator(OP_SHIFT, 2);
        } else {
          operator(OP_LT, 1);
        }
      }
      case '>' -> {
        if (n == '=') {
          operator(OP_GE, 2);
        } else if (n == '>') {
          operator(OP_SHIFT, 2);
        } else {
          operator(OP_GT, 1);
        }
      }
      case '!' -> {
        if (n == '=' || n == '<' || n == '>') {
          operator(OP_NE, 2);
        } else {
          operator(OP_BANG, 1);
        }
      }
      case '|' -> operator(n == '|' ? OP_OROR : OP_PIPE, n == '|' ? 2 : 1);
      case '&' -> operator(n == '&' ? OP_ANDAND : OP_AMP, n == '&' ? 2 : 1);
      case ':' -> {
        if (n == ':') {
          operator(OP_CAST, 2);
        } else if (n == '=') {
          operator(OP_ASSIGN, 2);
        } else {
          single(OTHER);
        }
      }
      case '+' -> operator(OP_PLUS, 1);
      case '*' -> operator(OP_STAR, 1);
      case '%' -> operator(OP_PERCENT, 1);
      case '^' -> operator(OP_CARET, 1);
      case '~' -> operator(OP_TILDE, 1);
      default -> single(OTHER);
    }
  }

  private void string(char q) {
    type = STR;
    quote = q;
    pos = skipString(s, pos + 1, limit, q);
    if (pos < 0) {
      pos = limit;
      flags |= F_UNTERMINATED;
    }
  }

  /**
   * Finds the end of a string body that starts at {@code from} (just after its opening quote).
   * Backslash escapes the next character; a doubled quote is a literal quote.
   *
   * @return the index after the closing quote, or -1 if the string is not closed
   */
  static int skipString(CharSequence s, int from, int limit, char q) {
    int i = from;
    while (i < limit) {
      char c = Chars.at(s, i);
      if (c == '\\') {
        i += 2;
      } else if (c == q) {
        if (i + 1 < limit && Chars.at(s, i + 1) == q) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  private void backtick() {
    type = WORD;
    flags |= F_QUOTED;
    int i = pos + 1;
    while (i < limit) {
      if (ch(i) == '`') {
        if (peek(i + 1) == '`') {
          i += 2;
          continue;
        }
        pos = i + 1;
        return;
      }
      i++;
    }
    pos = limit;
    flags |= F_UNTERMINATED;
  }

  private void lineComment() {
    type = COMMENT;
    flags |= F_LINE_COMMENT;
    int i = pos;
    while (i < limit) {
      char c = ch(i);
      if (c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    pos = i;
  }

  private void blockComment() {
    type = COMMENT;
    int i = pos + 2;
    while (i + 1 < limit) {
      if (ch(i) == '*' && ch(i + 1) == '/') {
        pos = i + 2;
        return;
      }
      i++;
    }
    pos = limit;
    flags |= F_UNTERMINATED;
  }

  private void variable() {
    int i = pos + 1;
    if (peek(i) == '@') {
      flags |= F_SYSVAR;
      i++;
    }
    char c = peek(i);
    if (c == '\'' || c == '"' || c == '`') {
      int close = skipString(s, i + 1, limit, c);
      pos = close < 0 ? limit : close;
      type = VAR;
      return;
    }
    int j = i;
    while (j < limit && (isWordChar(ch(j)) || ch(j) == '.')) {
      j++;
    }
    if (j == i && (flags & F_SYSVAR) == 0) {
      single(OTHER);
      return;
    }
    type = VAR;
    pos = j;
  }

  private void number() {
    type = NUM;
    int i = pos;
    char c = ch(i);
    if (c == '0' && (peek(i + 1) == 'x' || peek(i + 1) == 'X') && AsciiChars.isHexDigit(peek(i + 2))) {
      i += 2;
      while (i < limit && AsciiChars.isHexDigit(ch(i))) {
        i++;
      }
      pos = i;
      return;
    }
    if (c == '0' && (peek(i + 1) == 'b' || peek(i + 1) == 'B') && (peek(i + 2) == '0' || peek(i + 2) == '1')) {
      i += 2;
      while (i < limit && (ch(i) == '0' || ch(i) == '1')) {
        i++;
      }
      pos = i;
      return;
    }
    while (i < limit && ch(i) >= '0' && ch(i) <= '9') {
      i++;
    }
    if (i < limit && ch(i) == '.') {
      i++;
      while (i < limit && ch(i) >= '0' && ch(i) <= '9') {
        i++;
      }
    }
    if (i < limit && (ch(i) == 'e' || ch(i) == 'E')) {
      int j = i + 1;
      if (j < limit && (ch(j) == '+' || ch(j) == '-')) {
        j++;
      }
      if (j < limit && ch(j) >= '0' && ch(j) <= '9') {
        while (j < limit && ch(j) >= '0' && ch(j) <= '9') {
          j++;
        }
        i = j;
      }
    }
    pos = i;
  }

  private void word(char first) {
    int i = pos + 1;
    // N'..', X'..', B'..', E'..' string literals.
    char lower = Chars.lower(first);
    if ((lower == 'n' || lower == 'x' || lower == 'b' || lower == 'e') && peek(i) == '\'') {
      pos = i;
      string('\'');
      start = i - 1;
      return;
    }
    int h = SqlWords.step(0, first);
    while (i < limit) {
      char c = ch(i);
      if (!isWordChar(c)) {
        break;
      }
      h = SqlWords.step(h, c);
      i++;
    }
    type = WORD;
    hash = SqlWords.finish(h);
    pos = i;
  }

  /**
   * Returns the lower-case ASCII text of the current token compared with {@code word}.
   *
   * @param word a lower-case word
   * @return true if the token's text equals it, ignoring ASCII case
   */
  boolean is(String word) {
    return end - start == word.length() && Chars.regionMatchesLower(s, start, word);
  }

  /**
   * Returns the character at {@code i} of the current input, folded.
   *
   * @param i an index
   * @return the character
   */
  char charAt(int i) {
    return ch(i);
  }

  /**
   * Returns the current input.
   *
   * @return the text being tokenized
   */
  CharSequence text() {
    return s;
  }
}
