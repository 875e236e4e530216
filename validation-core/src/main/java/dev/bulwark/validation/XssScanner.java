package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;

/**
 * An HTML5-style tokenizer that reads one input from one injection context and reports the first
 * script vector it meets.
 *
 * <h2>Design</h2>
 * Markup is only dangerous where a browser would parse it, and a browser's reading depends on where
 * the input lands: in text, in an attribute value (unquoted, single, double or back-quoted), or in a
 * tag's attribute list. The scanner therefore starts the same tokenizer in each of those states;
 * from a value context, the first matching quote closes the value and what follows is parsed as
 * attributes and then as text, exactly as the breakout would be parsed in the page. The tokenizer
 * follows the HTML5 states that matter for script: tag open and name, attribute name and value
 * (quoted and unquoted), end tags, comments ({@code <!-- -->}, with IE's {@code <!--[if}}), bogus
 * comments and processing instructions ({@code <?xml-stylesheet ...?>} is read like a tag).
 * Raw-text elements are not special-cased: content after {@code <textarea>} is still scanned, which
 * errs towards finding {@code </textarea><script>}.
 *
 * <p>Attribute boundaries are every one an HTML5 tokenizer accepts (white space including form
 * feed, {@code /}, and nothing at all after a quoted value: {@code <img src="x"onerror=...>}) plus
 * the ones legacy parsers and filters accepted, since erring towards finding is the point: a quote
 * ends a tag name and starts an attribute ({@code <a"onclick=...>}), and inside an unquoted value a
 * handler assignment after {@code /}, a quote or a control character counts
 * ({@code <img src=x/onerror=alert(1)>}).
 *
 * <p>Attribute values are judged by {@link HtmlValues} after character references are decoded. The
 * scan reads each character a bounded number of times per context and never backtracks, so it is
 * linear; it allocates nothing. Not thread-safe; one instance per thread.
 */
final class XssScanner {

  static final int TEXT = 0;
  static final int ATTRIBUTES = 1;
  static final int UNQUOTED = 2;
  static final int DOUBLE_QUOTED = 3;
  static final int SINGLE_QUOTED = 4;
  static final int BACK_QUOTED = 5;

  private final HtmlValues values = new HtmlValues();
  private CharSequence s = "";
  private int n;
  private boolean nested;
  private boolean checkValue;

  Detection.Kind kind = Detection.Kind.NONE;
  int start;
  int end;

  /**
   * Scans {@code input} read from {@code context}.
   *
   * @param input the input
   * @param context one of the context constants
   * @return true if a script vector was found ({@link #kind}, {@link #start}, {@link #end})
   */
  boolean scan(CharSequence input, int context) {
    return scan(input, context, true, true);
  }

  /**
   * Scans {@code input} read from {@code context}, optionally skipping work that cannot find
   * anything: the value check when the input has no {@code :} or {@code &} (no scheme can be
   * spelled), the markup after the value when it has no {@code <} or {@code =}.
   *
   * @param input the input
   * @param context one of the context constants
   * @param checkValue whether to judge the input's leading value as a URL
   * @param parseRest whether to parse what follows the value as attributes and text
   * @return true if a script vector was found
   */
  boolean scan(CharSequence input, int context, boolean checkValue, boolean parseRest) {
    s = input;
    n = input.length();
    nested = false;
    kind = Detection.Kind.NONE;
    this.checkValue = checkValue;
    try {
      int i = enter(context);
      if (!parseRest) {
        return kind != Detection.Kind.NONE;
      }
      while (i < n && kind == Detection.Kind.NONE) {
        i = Chars.at(s, i) == '<' ? markup(i) : i + 1;
      }
      return kind != Detection.Kind.NONE;
    } finally {
      s = "";
    }
  }

  /** Reads the part of the input that belongs to the starting context; returns where text begins. */
  private int enter(int context) {
    switch (context) {
      case ATTRIBUTES -> {
        return attributes(0, HtmlTags.UNKNOWN);
      }
      case UNQUOTED -> {
        int i = 0;
        while (i < n && !isSpace(Chars.at(s, i)) && Chars.at(s, i) != '>') {
          i++;
        }
        contextValue(0, i);
        return kind == Detection.Kind.NONE ? attributes(i, HtmlTags.UNKNOWN) : n;
      }
      case DOUBLE_QUOTED, SINGLE_QUOTED, BACK_QUOTED -> {
        char q = context == DOUBLE_QUOTED ? '"' : context == SINGLE_QUOTED ? '\'' : '`';
        int close = indexOf(q, 0);
        contextValue(0, close < 0 ? n : close);
        if (close < 0 || kind != Detection.Kind.NONE) {
          return n; // the input never leaves the value
        }
        return attributes(close + 1, HtmlTags.UNKNOWN);
      }
      default -> {
        return 0;
      }
    }
  }

  /**
   * The input's own text as the value of an unknown (possibly URL) attribute. When an unquoted
   * value ends right after the scheme ({@code JavaScript: The Good Parts}), the words after it
   * decide whether it is prose.
   */
  private void contextValue(int from, int to) {
    if (checkValue && values.scheme(s, from, to, true, true) == HtmlValues.SCRIPT_URL
        && !(values.schemeEnd == to && HtmlValues.proseAfterScheme(s, to, n))) {
      report(Detection.Kind.XSS_SCRIPT_URL, from, to);
    }
  }

  private int indexOf(char c, int from) {
    for (int i = from; i < n; i++) {
      if (Chars.at(s, i) == c) {
        return i;
      }
    }
    return -1;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private void report(Detection.Kind k, int from, int to) {
    if (kind == Detection.Kind.NONE) {
      kind = k;
      start = from;
      end = Math.max(to, from + 1);
    }
  }

  /**
   * Scans {@code [from, to)} once more as HTML text: markup hidden in an attribute value or a
   * comment surfaces when a page re-serialises it ({@code <x title="<img src=x onerror=...>">}
   * through innerHTML) or when a parser disagrees about where the value ended. One level only, so
   * every character is read at most twice.
   */
  private void nestedText(int from, int to) {
    if (nested || to - from < 4) {
      return;
    }
    int savedN = n;
    nested = true;
    n = to;
    int i = from;
    while (i < n && kind == Detection.Kind.NONE) {
      i = Chars.at(s, i) == '<' ? markup(i) : i + 1;
    }
    n = savedN;
    nested = false;
  }

  /** At a {@code <} in text. Returns the index to continue from. */
  private int markup(int lt) {
    int i = lt + 1;
    if (i >= n) {
      return n;
    }
    char c = Chars.at(s, i);
    if (c == '!') {
      return declaration(lt);
    }
    if (c == '?') {
      return instruction(lt, i + 1);
    }
    if (c == '/') {
      if (i + 1 < n && AsciiChars.isAlpha(Chars.at(s, i + 1))) {
        return tag(lt, i + 1, true);
      }
      return i + 1;
    }
    if (AsciiChars.isAlpha(c)) {
      return tag(lt, i, false);
    }
    if (c <= ' ') {
      // "< script>", "<\0img": not a tag to an HTML5 parser, but to older ones and to filters
      // that strip spaces and NULs; only script-capable names and handlers count here.
      int j = i;
      while (j < n && Chars.at(s, j) <= ' ') {
        j++;
      }
      if (j < n && AsciiChars.isAlpha(Chars.at(s, j))) {
        int nameEnd = j;
        while (nameEnd < n && !isSpace(Chars.at(s, nameEnd)) && Chars.at(s, nameEnd) != '>'
            && Chars.at(s, nameEnd) != '/') {
          nameEnd++;
        }
        if (HtmlTags.classify(s, j, nameEnd) == HtmlTags.DANGEROUS) {
          report(Detection.Kind.XSS_DANGEROUS_TAG, lt, nameEnd);
          return n;
        }
        return attributes(nameEnd, HtmlTags.UNKNOWN);
      }
    }
    return i;
  }

  private int declaration(int lt) {
    int i = lt + 2;
    if (i + 1 < n && Chars.at(s, i) == '-' && Chars.at(s, i + 1) == '-') {
      int body = i + 2;
      if (conditional(body)) {
        report(Detection.Kind.XSS_CONDITIONAL_COMMENT, lt, body + 3);
        return n;
      }
      // <!--> and <!---> end at once; otherwise at --> or --!>.
      if (body < n && Chars.at(s, body) == '>') {
        return body + 1;
      }
      if (body + 1 < n && Chars.at(s, body) == '-' && Chars.at(s, body + 1) == '>') {
        return body + 2;
      }
      int close = n;
      int after = n;
      for (int j = body; j + 2 < n; j++) {
        if (Chars.at(s, j) == '-' && Chars.at(s, j + 1) == '-') {
          if (Chars.at(s, j + 2) == '>') {
            close = j;
            after = j + 3;
            break;
          }
          if (Chars.at(s, j + 2) == '!' && j + 3 < n && Chars.at(s, j + 3) == '>') {
            close = j;
            after = j + 4;
            break;
          }
        }
      }
      nestedText(body, close);
      return after;
    }
    // <!DOCTYPE>, <![CDATA[, and other bogus comments end at the next '>'.
    int gt = indexOf('>', i);
    nestedText(i, gt < 0 ? n : gt + 1);
    return gt < 0 ? n : gt + 1;
  }

  /** {@code <!--[if ...]>}: Internet Explorer parses what follows as markup. */
  private boolean conditional(int body) {
    int i = body;
    while (i < n && isSpace(Chars.at(s, i))) {
      i++;
    }
    return Chars.regionMatchesLower(s, i, "[if");
  }

  /**
   * {@code <?name ...>}: a bogus comment to HTML, but XML-aware agents act on
   * {@code <?xml-stylesheet href=...?>} and IE on {@code <?import ...>}, so it is read like a tag.
   */
  private int instruction(int lt, int nameStart) {
    int i = nameStart;
    while (i < n && !isSpace(Chars.at(s, i)) && Chars.at(s, i) != '>' && Chars.at(s, i) != '?') {
      i++;
    }
    if (is(nameStart, i, "xml-stylesheet") || is(nameStart, i, "import")
        || is(nameStart, i, "xml:namespace")) {
      report(Detection.Kind.XSS_DANGEROUS_TAG, lt, i);
      return n;
    }
    return attributes(i, HtmlTags.OTHER);
  }

  /** A tag whose name starts at {@code nameStart}. Returns the index after it. */
  private int tag(int lt, int nameStart, boolean endTag) {
    int i = nameStart;
    while (i < n) {
      char c = Chars.at(s, i);
      if (isSpace(c) || c == '/' || c == '>' || isQuote(c)) {
        break; // <a"onclick=...>: legacy parsers end the name at the quote
      }
      i++;
    }
    int type = HtmlTags.classify(s, nameStart, i);
    for (int k = i - 1; k > nameStart && type != HtmlTags.DANGEROUS; k--) {
      if (Chars.at(s, k) == '<') {
        type = HtmlTags.classify(s, k + 1, i); // <sc<script>: a filter that strips tags leaves <script>
        break;
      }
    }
    if (!endTag && type == HtmlTags.DANGEROUS) {
      report(Detection.Kind.XSS_DANGEROUS_TAG, lt, i);
      return n;
    }
    return attributes(i, endTag ? HtmlTags.OTHER : type, endTag);
  }

  private int attributes(int from, int tagType) {
    return attributes(from, tagType, false);
  }

  /**
   * Reads attributes up to and including the tag's {@code >}. {@code tagType} is
   * {@link HtmlTags#UNKNOWN} when the input starts inside a tag of the page.
   */
  private int attributes(int from, int tagType, boolean endTag) {
    int i = from;
    while (i < n && kind == Detection.Kind.NONE) {
      char c = Chars.at(s, i);
      if (isSpace(c) || c == '/' || isQuote(c) || isControl(c)) {
        i++; // a stray quote or control character (<a "onclick=...>) separates like white space
        continue;
      }
      if (c == '>') {
        return i + 1;
      }
      int nameStart = i;
      i++; // the first character may be '=' or a quote: it is part of the name
      while (i < n) {
        char d = Chars.at(s, i);
        if (isSpace(d) || d == '/' || d == '>' || d == '=' || isQuote(d)) {
          break; // a quote ends the name as in a tag name; control characters stay (onerror\0=)
        }
        i++;
      }
      int nameEnd = i;
      while (i < n && isSpace(Chars.at(s, i))) {
        i++;
      }
      int valueStart = -1;
      int valueEnd = -1;
      if (i < n && Chars.at(s, i) == '=') {
        i++;
        while (i < n && isSpace(Chars.at(s, i))) {
          i++;
        }
        char q = i < n ? Chars.at(s, i) : 0;
        if (q == '"' || q == '\'' || q == '`') {
          valueStart = i + 1;
          int close = indexOf(q, valueStart);
          valueEnd = close < 0 ? n : close;
          i = close < 0 ? n : close + 1;
        } else {
          valueStart = i;
          while (i < n && !isSpace(Chars.at(s, i)) && Chars.at(s, i) != '>') {
            i++;
          }
          valueEnd = i;
          handlerInValue(valueStart, valueEnd);
        }
      } else {
        i = nameEnd;
      }
      if (!endTag) {
        attribute(tagType, nameStart, nameEnd, valueStart, valueEnd);
      }
      if (valueStart >= 0 && kind == Detection.Kind.NONE) {
        nestedText(valueStart, valueEnd);
      }
    }
    return kind == Detection.Kind.NONE ? i : n;
  }

  private void attribute(int tagType, int qualifiedStart, int nameEnd, int valueStart, int valueEnd) {
    boolean hasValue = valueStart >= 0;
    int nameStart = localName(qualifiedStart, nameEnd);
    if (eventHandler(nameStart, nameEnd)) {
      boolean oddName = !lettersOnly(nameStart + 2, nameEnd);
      boolean fires = hasValue && (tagType != HtmlTags.UNKNOWN
          || HtmlTags.isCommonEvent(s, nameStart, nameEnd)
          || values.callsSomething(s, valueStart, valueEnd));
      if ((hasValue && fires) || (!hasValue && oddName)) {
        report(Detection.Kind.XSS_EVENT_HANDLER, nameStart, hasValue ? valueEnd : nameEnd);
        return;
      }
    }
    if (!hasValue) {
      return;
    }
    if (is(nameStart, nameEnd, "style")) {
      if (values.dangerousStyle(s, valueStart, valueEnd)) {
        report(Detection.Kind.XSS_STYLE, nameStart, valueEnd);
      }
      return;
    }
    if (is(nameStart, nameEnd, "srcdoc") || is(nameStart, nameEnd, "datasrc")
        || is(nameStart, nameEnd, "dataformatas") || is(nameStart, nameEnd, "handler")) {
      report(Detection.Kind.XSS_DANGEROUS_ATTRIBUTE, nameStart, valueEnd);
      return;
    }
    if (is(nameStart, nameEnd, "attributename")
        && (values.startsWith(s, valueStart, valueEnd, "on")
            || values.contains(s, valueStart, valueEnd, "href"))) {
      report(Detection.Kind.XSS_DANGEROUS_ATTRIBUTE, nameStart, valueEnd); // SVG <set>, <animate>
      return;
    }
    if (is(nameStart, nameEnd, "http-equiv") && (tagType == HtmlTags.META
        || values.startsWith(s, valueStart, valueEnd, "refresh")
        || values.startsWith(s, valueStart, valueEnd, "set-cookie"))) {
      report(Detection.Kind.XSS_DANGEROUS_TAG, nameStart, valueEnd); // <meta http-equiv=refresh>
      return;
    }
    if (tagType == HtmlTags.META && is(nameStart, nameEnd, "charset")) {
      report(Detection.Kind.XSS_DANGEROUS_TAG, nameStart, valueEnd); // UTF-7 and friends
      return;
    }
    if (tagType == HtmlTags.LINK && is(nameStart, nameEnd, "rel")
        && (values.contains(s, valueStart, valueEnd, "stylesheet")
            || values.contains(s, valueStart, valueEnd, "import"))) {
      report(Detection.Kind.XSS_DANGEROUS_TAG, nameStart, valueEnd);
      return;
    }
    boolean url = HtmlTags.isUrlAttribute(s, qualifiedStart, nameEnd)
        || HtmlTags.isUrlAttribute(s, nameStart, nameEnd);
    if (values.scheme(s, valueStart, valueEnd, url, false) == HtmlValues.SCRIPT_URL
        || (url && values.containsScriptScheme(s, valueStart, valueEnd))) {
      report(Detection.Kind.XSS_SCRIPT_URL, nameStart, valueEnd);
    }
  }

  /** The part of {@code ns:name} after the colon, when {@code ns} is a plain XML prefix. */
  private int localName(int from, int to) {
    for (int i = from; i < to; i++) {
      char c = Chars.at(s, i);
      if (c == ':') {
        return i > from && i + 1 < to ? i + 1 : from;
      }
      if (!Character.isLetterOrDigit(c) && c != '-' && c != '_') {
        return from;
      }
    }
    return from;
  }

  /**
   * {@code <img src= onerror=alert(1)>}: HTML5 reads {@code onerror=alert(1)} as src's value, but
   * older parsers (and the author of such input) see a handler. An unquoted value that is itself a
   * handler assignment is flagged; so is one later in the value after a character that legacy
   * parsers took for an attribute boundary ({@code x/onerror=alert(1)}, {@code x"onerror=...}),
   * when it names a common event or the value calls something. Each {@code =} looks back over the
   * letters before it only, so the value is read a bounded number of times.
   */
  private void handlerInValue(int from, int to) {
    int calls = -1; // unknown yet
    for (int eq = from; eq < to; eq++) {
      if (Chars.at(s, eq) != '=') {
        continue;
      }
      int name = eq;
      while (name > from && AsciiChars.isAlpha(Chars.at(s, name - 1))) {
        name--;
      }
      if (!eventHandler(name, eq)) {
        continue;
      }
      if (name == from) {
        report(Detection.Kind.XSS_EVENT_HANDLER, from, to);
        return;
      }
      if (!valueBoundary(Chars.at(s, name - 1))) {
        continue;
      }
      if (calls < 0) {
        calls = values.callsSomething(s, eq + 1, to) ? 1 : 0;
      }
      if (calls == 1 || HtmlTags.isCommonEvent(s, name, eq)) {
        report(Detection.Kind.XSS_EVENT_HANDLER, name, to);
        return;
      }
    }
  }

  /** Characters inside an unquoted value that legacy parsers took for an attribute boundary. */
  private static boolean valueBoundary(char c) {
    return c == '/' || isQuote(c) || isControl(c);
  }

  /** C0 controls other than HTML white space, and DEL: NUL, VT and friends. */
  private static boolean isControl(char c) {
    return (c < ' ' && !isSpace(c)) || c == 0x7F;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }

  /** {@code on} followed by at least three letters: onload, oncut, onpointerdown... */
  private boolean eventHandler(int from, int to) {
    if (to - from < 5 || Chars.lower(Chars.at(s, from)) != 'o' || Chars.lower(Chars.at(s, from + 1)) != 'n') {
      return false;
    }
    for (int i = from + 2; i < from + 5; i++) {
      if (!AsciiChars.isAlpha(Chars.at(s, i))) {
        return false;
      }
    }
    return true;
  }

  private boolean lettersOnly(int from, int to) {
    for (int i = from; i < to; i++) {
      if (!AsciiChars.isAlpha(Chars.at(s, i))) {
        return false;
      }
    }
    return true;
  }

  private boolean is(int from, int to, String word) {
    return HtmlTags.equalsIgnoreCase(s, from, to, word);
  }
}
