package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;

/**
 * Finds input that closes a JavaScript string and calls something: {@code ';alert(1)//},
 * {@code "-confirm(1)-"}, {@code \";alert(1);//}, and the unquoted {@code 1;alert(1)//}.
 *
 * <h2>Design</h2>
 * In a script block or an event handler, a value is usually pasted into a string literal. A
 * breakout is a quote, then at least one operator or statement separator (not a comma: "'yes', then
 * (later)" is prose), then an identifier called directly ({@code name(} or the tagged template
 * {@code name`}, no space before the parenthesis), and after the call's closing parenthesis
 * something that continues or ends the injected code: an operator, {@code ;}, a comment, a quote,
 * {@code </script>} or the end of the input. Without any quote (a number pasted into code) the bar
 * is higher: {@code ;}, a call, and a line comment or a final {@code ;}.
 *
 * <p>Each candidate costs at most the length of its operator run plus a bounded window for the
 * call's arguments, so the whole scan is linear.
 */
final class JsBreakout {

  /** How far to look for the end of a call's arguments, in characters. */
  private static final int MAX_ARGUMENTS = 512;

  private JsBreakout() {}

  /**
   * Finds a breakout.
   *
   * @param s the input
   * @return {@code start << 32 | end} of the breakout, or -1
   */
  static long find(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = Chars.at(s, i);
      int end = -1;
      if (c == '\'' || c == '"') {
        end = afterQuote(s, i + 1, n);
      } else if (c == ';') {
        end = unquoted(s, i + 1, n);
      }
      if (end > 0) {
        return ((long) i << 32) | end;
      }
      i = end < -1 ? -end : i + 1;
    }
    return -1;
  }

  /**
   * After a closing quote: operators, then a call that is followed by code. Returns the end of the
   * breakout, -1 for none, or a negative index from which the scan may resume.
   */
  private static int afterQuote(CharSequence s, int from, int n) {
    int i = skipSpace(s, from, n);
    int operators = 0;
    while (i < n && isOperator(Chars.at(s, i))) {
      i = skipSpace(s, i + 1, n);
      operators++;
    }
    if (operators == 0) {
      return -1;
    }
    int close = call(s, i, n);
    if (close < 0) {
      return operators > 1 ? -i : -1;
    }
    int j = skipSpace(s, close, n);
    return j == n || continuesCode(Chars.at(s, j)) ? close : -1;
  }

  /** After a ';' outside any string: a call followed by a line comment or a final ';'. */
  private static int unquoted(CharSequence s, int from, int n) {
    int close = call(s, skipSpace(s, from, n), n);
    if (close < 0) {
      return -1;
    }
    int j = skipSpace(s, close, n);
    if (j < n && Chars.at(s, j) == ';') {
      j = skipSpace(s, j + 1, n);
      if (j == n) {
        return n; // ;alert(1); at the very end
      }
    }
    return j + 1 < n && Chars.at(s, j) == '/' && Chars.at(s, j + 1) == '/' ? j + 2 : -1;
  }

  /**
   * An identifier (possibly dotted) called directly: returns the index after the call's closing
   * parenthesis (or after the backquote of a tagged template), or -1.
   */
  private static int call(CharSequence s, int from, int n) {
    int i = from;
    if (i >= n) {
      return -1;
    }
    char first = Chars.at(s, i);
    if (!AsciiChars.isAlpha(first) && first != '_' && first != '$') {
      return -1;
    }
    while (i < n) {
      char c = Chars.at(s, i);
      if (AsciiChars.isAlpha(c) || c == '_' || c == '$' || c == '.' || (c >= '0' && c <= '9')) {
        i++;
      } else {
        break;
      }
    }
    if (i >= n) {
      return -1;
    }
    char open = Chars.at(s, i);
    if (open == '`') {
      return i + 1;
    }
    if (open != '(') {
      return -1;
    }
    // The arguments are searched within a bounded window, so that a run of unclosed calls
    // ("';a(';a(';a(...") costs O(window) per candidate, not O(n).
    int depth = 0;
    int limit = Math.min(n, i + MAX_ARGUMENTS);
    for (int j = i; j < limit; j++) {
      char c = Chars.at(s, j);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return j + 1;
      }
    }
    return limit == n ? n : -1; // left open at the end: the rest of the page closes it
  }

  private static boolean isOperator(char c) {
    return c == ';' || c == '+' || c == '-' || c == '*' || c == '/' || c == '|' || c == '&'
        || c == ')' || c == '}' || c == ']' || c == '^' || c == '%' || c == '?' || c == ':'
        || c == '<' || c == '>' || c == '=' || c == '!' || c == '~';
  }

  private static boolean continuesCode(char c) {
    return c == ';' || c == '/' || c == '-' || c == '+' || c == '*' || c == '}' || c == ')'
        || c == '\'' || c == '"' || c == '`' || c == '<' || c == '|' || c == '&' || c == '%'
        || c == '^';
  }

  private static int skipSpace(CharSequence s, int from, int n) {
    int i = from;
    while (i < n && XssScanner.isSpace(Chars.at(s, i))) {
      i++;
    }
    return i;
  }
}
