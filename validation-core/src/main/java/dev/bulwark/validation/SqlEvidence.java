package dev.bulwark.validation;

/**
 * Bit flags that {@link SqlAnalyzer} attaches to operands while folding an expression. Leaf bits
 * ({@code O_*}) say what a single token was; evidence bits ({@code E_*}) accumulate what a folded
 * expression contains. Flags are plain {@code int}s so the analyzer allocates nothing.
 */
final class SqlEvidence {

  static final int O_NUM = 1;
  static final int O_STR = 1 << 1;
  static final int O_VAR = 1 << 2;
  static final int O_WORD = 1 << 3;
  static final int O_LITERAL = 1 << 4;
  static final int O_CALL = 1 << 5;
  static final int O_GROUP = 1 << 6;
  static final int O_STAR = 1 << 7;
  /** Leaf bits; cleared when operands are folded together. */
  static final int LEAF = 0xFF;

  /** Contains the string the input starts inside of (quote contexts) or an app parenthesis it closes. */
  static final int E_CTX = 1 << 8;
  /** Contains a string that the input leaves open for the application's closing quote. */
  static final int E_OPEN = 1 << 9;
  /** Made only of literals. */
  static final int E_CONST = 1 << 10;
  /** A binary operator was folded in. */
  static final int E_OPERATOR = 1 << 11;
  /** Equality-like comparison ({@code =}, {@code LIKE}, {@code IS}, {@code IN}...), or an ordering
   *  comparison that involves more than numbers. */
  static final int E_CMP_STRONG = 1 << 12;
  /** Ordering comparison of plain numbers ({@code 5 > 3}): arithmetic, not yet SQL. */
  static final int E_CMP_WEAK = 1 << 13;
  static final int E_LOGIC = 1 << 14;
  static final int E_SELECT = 1 << 15;
  static final int E_FN_DANGER = 1 << 16;
  static final int E_FN_INFO = 1 << 17;
  static final int E_FN_SQL = 1 << 18;
  static final int E_FN_WEAK = 1 << 19;
  static final int E_SYSVAR = 1 << 20;
  /** Contains a clause keyword (ORDER BY, LIMIT, SELECT...). */
  static final int E_KEYWORD = 1 << 21;
  /** Contains something that is not a number literal (word, string, variable, call). */
  static final int E_NONNUM = 1 << 22;
  /** A parenthesised group holding a value (not only words). */
  static final int E_GROUP_VALUE = 1 << 23;
  /** {@code x BETWEEN a} waiting for its {@code AND b}. */
  static final int E_BETWEEN_OPEN = 1 << 24;
  /** Contains a variable. */
  static final int E_VAR = 1 << 25;
  /** A constant that reads as a truth value: 0, 1, TRUE, FALSE, NULL, a constant comparison. */
  static final int E_BOOL = 1 << 26;
  /** Contains a string literal. */
  static final int E_STRLIT = 1 << 27;
  /** An arithmetic or comparison operator (not AND/OR) was folded in. */
  static final int E_ARITH_OR_CMP = 1 << 28;
  /** A truth test on the application's value: {@code 1 OR 1}, {@code 1 AND 0}, {@code x' OR TRUE}. */
  static final int E_TAUT = 1 << 29;

  /** Evidence that makes an expression more than words, numbers and arithmetic. */
  static final int NONTRIVIAL = E_CMP_STRONG | E_CMP_WEAK | E_LOGIC | E_SELECT | E_FN_DANGER
      | E_FN_INFO | E_FN_SQL | E_SYSVAR | E_KEYWORD | E_GROUP_VALUE | E_VAR;

  /** Known SQL function calls of any strong tier. */
  static final int E_FN_KNOWN = E_FN_DANGER | E_FN_INFO | E_FN_SQL;

  private SqlEvidence() {}
}
