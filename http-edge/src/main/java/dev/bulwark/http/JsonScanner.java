package dev.bulwark.http;

/**
 * A strict streaming JSON scanner (RFC 8259) that reports every object member name and every
 * string value with its JSON Pointer, for {@link BodyFields}. No tree is built and nothing but the
 * strings it reports is kept.
 *
 * <h2>How it works, and what it accepts</h2>
 * One loop walks the text once, with an explicit stack of open containers (never recursion, so a
 * deep document cannot overflow the thread's stack): linear time, memory bounded by the text.
 * It accepts what Jackson's default parser accepted, which {@code BodyFields} used before, and
 * refuses with {@link Malformed} everything else: a missing or extra comma or colon, unquoted or
 * single-quoted names, comments, an unescaped control character (below U+0020) or an unknown
 * escape in a string, a {@code \}{@code u} escape without four hex digits, a number with a leading
 * zero, a lone {@code -}, a {@code .} or exponent without digits, {@code NaN}, an unknown literal or
 * a literal run into letters ({@code truex}), and whitespace other than space, tab, CR and LF.
 * Surrogates are taken as they are, paired or not, as Jackson did.
 *
 * <p>Differences from Jackson, all on the side of reporting more: a name is reported as soon as it
 * is read (Jackson first checked the colon and the start of the value), and a document of several
 * top-level values is refused only after all of them were scanned (Jackson accepted such a
 * sequence), so no field Jackson would have reported goes unreported.
 *
 * <p>Limits, Jackson's defaults: nesting deeper than {@value #MAX_DEPTH}, a number longer than
 * {@value #MAX_NUMBER_LENGTH} digits, a name longer than {@value #MAX_NAME_LENGTH} characters and a
 * string longer than {@value #MAX_STRING_LENGTH} are refused with {@link Malformed#limit()} true.
 * Reported pointers are cut to {@value #MAX_POINTER} characters (callers echo at most 100).
 */
final class JsonScanner {

  /** The deepest nesting accepted. */
  static final int MAX_DEPTH = 64;
  /** The most digits of a number (integer, fraction and exponent together). */
  static final int MAX_NUMBER_LENGTH = 1000;
  /** The longest member name, in characters. */
  static final int MAX_NAME_LENGTH = 50_000;
  /** The longest string value, in characters. */
  static final int MAX_STRING_LENGTH = 20_000_000;
  /** The longest pointer reported; longer ones are cut. */
  static final int MAX_POINTER = 128;

  /** Told of each name and string, in document order. */
  interface Visitor {
    /**
     * Receives one member name (its pointer includes it) or one string value.
     *
     * @param pointer the JSON Pointer of the member or value, such as {@code /user/name} or
     *     {@code /tags/0}; empty for a top-level string; at most {@value #MAX_POINTER} characters
     * @param text the decoded name or string
     */
    void field(String pointer, String text);
  }

  /** The text is not one JSON value, or exceeds a limit. Carries no stack trace. */
  static final class Malformed extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether a limit was exceeded rather than the syntax broken. */
    private final boolean limit;

    Malformed(String message, boolean limit) {
      super(message, null, false, false);
      this.limit = limit;
    }

    /** Returns whether a limit (depth, number, name or string length) was exceeded. */
    boolean limit() {
      return limit;
    }
  }

  private final String text;
  private final Visitor visitor;
  private int pos;
  private int depth;
  /** Per open container (index 1 to depth): whether it is an array. */
  private final boolean[] array = new boolean[MAX_DEPTH + 1];
  /** Per open array: the index of the current element. */
  private final int[] index = new int[MAX_DEPTH + 1];
  /** Per open container: the length of its own pointer in {@link #path}. */
  private final int[] pathLength = new int[MAX_DEPTH + 1];
  /** The pointer of the current member or element. */
  private final StringBuilder path = new StringBuilder();
  private final StringBuilder buffer = new StringBuilder();

  private JsonScanner(String text, Visitor visitor) {
    this.text = text;
    this.visitor = visitor;
  }

  /**
   * Scans a document, telling the visitor of each name and string as it is read; an empty or
   * all-whitespace text has none.
   *
   * @throws Malformed at the first error; what was read before it has been reported
   */
  static void scan(String text, Visitor visitor) throws Malformed {
    new JsonScanner(text, visitor).document();
  }

  private void document() throws Malformed {
    int values = 0;
    while (true) {
      skipWhitespace();
      if (pos == text.length()) {
        break;
      }
      value();
      values++;
    }
    if (values > 1) {
      throw malformed("more than one top-level value");
    }
  }

  /** Scans one complete value starting at the next non-whitespace character. */
  private void value() throws Malformed {
    boolean needValue = true;
    while (true) {
      if (needValue) {
        skipWhitespace();
        char c = next("a value");
        if (c == '{') {
          push(false);
          skipWhitespace();
          if (peek() == '}') {
            pos++;
            pop();
          } else {
            name();
            continue;
          }
        } else if (c == '[') {
          push(true);
          skipWhitespace();
          if (peek() == ']') {
            pos++;
            pop();
          } else {
            element(0);
            continue;
          }
        } else if (c == '"') {
          String s = string(MAX_STRING_LENGTH, "string");
          visitor.field(pointer(), s);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          number(c);
        } else if (c == 't') {
          literal("true");
        } else if (c == 'f') {
          literal("false");
        } else if (c == 'n') {
          literal("null");
        } else {
          throw unexpected(c, "a value");
        }
      }
      // A value is complete at the current depth.
      if (depth == 0) {
        return;
      }
      skipWhitespace();
      char c = next("',' or the end of the container");
      if (array[depth]) {
        if (c == ',') {
          element(index[depth] + 1);
          needValue = true;
        } else if (c == ']') {
          pop();
          needValue = false;
        } else {
          throw unexpected(c, "',' or ']'");
        }
      } else {
        if (c == ',') {
          skipWhitespace();
          name();
          needValue = true;
        } else if (c == '}') {
          pop();
          needValue = false;
        } else {
          throw unexpected(c, "',' or '}'");
        }
      }
    }
  }

  /** Reads a member name and its colon, reporting the name; the value follows. */
  private void name() throws Malformed {
    char c = next("a name");
    if (c != '"') {
      throw unexpected(c, "'\"' starting a name");
    }
    String name = string(MAX_NAME_LENGTH, "name");
    path.setLength(pathLength[depth]);
    if (path.length() <= MAX_POINTER) {
      path.append('/');
      for (int i = 0; i < name.length() && path.length() <= MAX_POINTER; i++) {
        char n = name.charAt(i);
        if (n == '~') {
          path.append("~0");
        } else if (n == '/') {
          path.append("~1");
        } else {
          path.append(n);
        }
      }
    }
    visitor.field(pointer(), name);
    skipWhitespace();
    char colon = next("':'");
    if (colon != ':') {
      throw unexpected(colon, "':'");
    }
  }

  /** Starts element {@code i} of the current array. */
  private void element(int i) {
    index[depth] = i;
    path.setLength(pathLength[depth]);
    if (path.length() <= MAX_POINTER) {
      path.append('/').append(i);
    }
  }

  private void push(boolean isArray) throws Malformed {
    if (depth == MAX_DEPTH) {
      throw new Malformed("JSON nested deeper than " + MAX_DEPTH + " levels", true);
    }
    depth++;
    array[depth] = isArray;
    pathLength[depth] = path.length();
  }

  private void pop() {
    path.setLength(pathLength[depth]);
    depth--;
  }

  private String pointer() {
    return path.length() <= MAX_POINTER ? path.toString() : path.substring(0, MAX_POINTER);
  }

  /** Reads the rest of a string whose opening quote was consumed; returns it decoded. */
  private String string(int maxLength, String what) throws Malformed {
    int start = pos;
    // Fast path: no escape.
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        checkLength(pos - start, maxLength, what);
        return text.substring(start, pos++);
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw malformed("an unescaped control character in a " + what);
      }
      pos++;
    }
    StringBuilder b = buffer;
    b.setLength(0);
    b.append(text, start, pos);
    while (true) {
      if (b.length() > maxLength) {
        checkLength(b.length(), maxLength, what);
      }
      char c = next("the end of a " + what);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw malformed("an unescaped control character in a " + what);
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next("an escape");
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(hex4());
        default -> throw malformed("an unknown escape in a " + what);
      }
    }
  }

  private static void checkLength(int length, int maxLength, String what) throws Malformed {
    if (length > maxLength) {
      throw new Malformed("a JSON " + what + " longer than " + maxLength + " characters", true);
    }
  }

  private char hex4() throws Malformed {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = next("a hex digit");
      int d = Character.digit(c, 16);
      if (d < 0 || c > 'f') {
        throw malformed("a \\u escape without four hex digits");
      }
      v = (v << 4) | d;
    }
    return (char) v;
  }

  /** Reads the rest of a number whose first character {@code first} was consumed. */
  private void number(char first) throws Malformed {
    char c = first;
    if (c == '-') {
      c = next("a digit");
      if (c < '0' || c > '9') {
        throw malformed("'-' without digits");
      }
    }
    int intLength = 1;
    if (c == '0') {
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        throw malformed("a number with a leading zero");
      }
    } else {
      intLength += digits();
    }
    int fraction = 0;
    int exponent = 0;
    boolean integer = true;
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      integer = false;
      fraction = digits();
      if (fraction == 0) {
        throw malformed("a decimal point without digits");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      integer = false;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      exponent = digits();
      if (exponent == 0) {
        throw malformed("an exponent without digits");
      }
    }
    int length = integer ? intLength : intLength + fraction + exponent;
    if (length > MAX_NUMBER_LENGTH) {
      throw new Malformed("a JSON number longer than " + MAX_NUMBER_LENGTH + " digits", true);
    }
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    return pos - start;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Reads the rest of a literal whose first character was consumed. */
  private void literal(String word) throws Malformed {
    for (int i = 1; i < word.length(); i++) {
      if (next(word) != word.charAt(i)) {
        throw malformed("an unknown literal");
      }
    }
    if (pos < text.length()) {
      char c = text.charAt(pos);
      if (c >= '0' && c != ']' && c != '}' && Character.isJavaIdentifierPart(c)) {
        throw malformed("an unknown literal");
      }
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The next character without consuming it, or 0 at the end (never valid there). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private char next(String expected) throws Malformed {
    if (pos == text.length()) {
      throw malformed("the end of the text where " + expected + " was expected");
    }
    return text.charAt(pos++);
  }

  private Malformed unexpected(char c, String expected) {
    return malformed("unexpected character U+" + String.format("%04X", (int) c) + " where "
        + expected + " was expected");
  }

  private Malformed malformed(String what) {
    return new Malformed(what + " at offset " + pos, false);
  }
}
