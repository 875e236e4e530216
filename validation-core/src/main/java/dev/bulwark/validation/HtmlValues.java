package dev.bulwark.validation;

import dev.bulwark.core.internal.AsciiChars;

/**
 * Judges attribute values the way a browser will interpret them: after HTML character references
 * are decoded, and for URLs after the whitespace and control characters that URL parsers skip are
 * removed, so <code>&amp;#x20;jav&amp;#x09;ascript&amp;colon;</code> is seen as {@code javascript:}.
 *
 * <p>Instances hold a small ring buffer for the style matcher; they are not thread-safe and are
 * reused per thread by {@link XssScanner}. Every method reads its region once, left to right.
 */
final class HtmlValues {

  static final int NONE = 0;
  static final int SCRIPT_URL = 1;

  private static final String[] SCRIPT_SCHEMES = {"javascript:", "vbscript:", "livescript:"};

  /** Media types a {@code data:} URL may carry without being able to run script. */
  private static final String[] SAFE_DATA_TYPES = {
    "image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp", "image/bmp", "image/x-icon",
    "image/avif", "text/plain", ""
  };

  /** What a style must not contain once CSS escapes, comments and whitespace are removed. */
  private static final String[] STYLE_PATTERNS = {
    "expression(", "javascript:", "vbscript:", "behavior:", "behaviour:", "-moz-binding", "@import",
    "binding:", "url("
  };

  private static final int RING = 16;
  private final char[] ring = new char[RING];
  private int ringPos;
  private int ringCount;
  private boolean styleHit;

  /** After {@link #scheme} found a script scheme: the index just after its colon. */
  int schemeEnd;

  // The character decoded by the last call to decodeAt, and how many input characters it took.
  private char decoded;
  private int decodedLength;

  private void decodeAt(CharSequence s, int i, int to) {
    char c = s.charAt(i);
    if (c == '&') {
      long packed = HtmlEntities.decode(s, i, to);
      if (packed != 0) {
        decoded = Chars.fold(HtmlEntities.charOf(packed));
        decodedLength = HtmlEntities.lengthOf(packed);
        return;
      }
    }
    decoded = Chars.fold(c);
    decodedLength = 1;
  }

  /** Characters URL parsers drop, or that browsers have been seen to ignore inside a scheme. */
  static boolean ignorable(char c) {
    if (c <= ' ' || c == 0x7F) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    return c == 0xA0 || c == 0xAD || c == 0xFEFF || c == 0xFFFD || (c >= 0x200B && c <= 0x200F)
        || c == 0x2028 || c == 0x2029 || (c >= 0x80 && c <= 0x9F) || Character.isSpaceChar(c)
        || Character.isWhitespace(c);
  }

  /**
   * Tells whether a value is a script URL: {@code javascript:}, {@code vbscript:},
   * {@code livescript:}, or (for URL attributes) a {@code data:} URL whose media type can run
   * script.
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @param urlAttribute whether the attribute takes a URL (only then is {@code data:} judged)
   * @param typedDataOnly judge {@code data:} only when it names a media type (for a value with no
   *     known attribute, where "data: 5" is more likely prose)
   * @return {@link #SCRIPT_URL} or {@link #NONE}
   */
  int scheme(CharSequence s, int from, int to, boolean urlAttribute, boolean typedDataOnly) {
    int alive = (1 << SCRIPT_SCHEMES.length) - 1;
    boolean dataAlive = urlAttribute;
    int pos = 0;
    int i = from;
    while (i < to && (alive != 0 || dataAlive)) {
      decodeAt(s, i, to);
      i += decodedLength;
      char c = decoded;
      if (ignorable(c)) {
        continue;
      }
      c = Chars.lower(c);
      for (int k = 0; k < SCRIPT_SCHEMES.length; k++) {
        String scheme = SCRIPT_SCHEMES[k];
        if ((alive & (1 << k)) != 0) {
          if (scheme.charAt(pos) != c) {
            alive &= ~(1 << k);
          } else if (pos + 1 == scheme.length()) {
            schemeEnd = i;
            return proseAfterScheme(s, i, to) ? NONE : SCRIPT_URL;
          }
        }
      }
      if (dataAlive) {
        if ("data:".charAt(pos) != c) {
          dataAlive = false;
        } else if (pos == 4) {
          return unsafeDataType(s, i, to, typedDataOnly) ? SCRIPT_URL : NONE;
        }
      }
      pos++;
    }
    return NONE;
  }

  /** JavaScript keywords that may be followed by a space and an identifier in valid code. */
  private static final String[] JS_PREFIX_KEYWORDS = {
    "void", "new", "typeof", "delete", "await", "yield", "throw", "return", "let", "var", "const",
    "function", "class", "async", "case", "in", "instanceof", "of", "else", "do", "export",
    "import", "extends", "get", "set", "static"
  };

  /**
   * Whether a script scheme is followed by prose rather than code: a space, then a word, a space and
   * another word ({@code JavaScript: The Good Parts}). Two identifiers in a row are a syntax error,
   * so nothing runs, unless the first is a keyword such as {@code void} or {@code new}. Only a plain
   * space separates (URL parsers drop tabs and newlines, joining the words), and the first word is
   * letters only, so no character reference or escape can hide code in it.
   *
   * @param s the text
   * @param from just after the scheme's colon
   * @param to end of the value (exclusive)
   */
  static boolean proseAfterScheme(CharSequence s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    if (i == from) {
      return false;
    }
    int word = i;
    while (i < to && AsciiChars.isAlpha(s.charAt(i))) {
      i++;
    }
    if (i == word || i >= to || s.charAt(i) != ' ') {
      return false;
    }
    int wordEnd = i;
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    if (i >= to || !Character.isLetter(s.charAt(i))) {
      return false;
    }
    for (String keyword : JS_PREFIX_KEYWORDS) {
      if (HtmlTags.equalsIgnoreCase(s, word, wordEnd, keyword) && s.charAt(word) >= 'a') {
        return false; // void alert(1): JavaScript is case-sensitive, Void would be a name
      }
    }
    return true;
  }

  private boolean unsafeDataType(CharSequence s, int from, int to, boolean typedOnly) {
    int alive = (1 << SAFE_DATA_TYPES.length) - 1;
    int pos = 0;
    boolean slash = false;
    int i = from;
    while (i < to) {
      decodeAt(s, i, to);
      i += decodedLength;
      char c = decoded;
      if (ignorable(c)) {
        continue;
      }
      if (c == ';' || c == ',') {
        break;
      }
      c = Chars.lower(c);
      slash |= c == '/';
      for (int k = 0; k < SAFE_DATA_TYPES.length; k++) {
        String type = SAFE_DATA_TYPES[k];
        if ((alive & (1 << k)) != 0 && (pos >= type.length() || type.charAt(pos) != c)) {
          alive &= ~(1 << k);
        }
      }
      pos++;
    }
    for (int k = 0; k < SAFE_DATA_TYPES.length; k++) {
      if ((alive & (1 << k)) != 0 && SAFE_DATA_TYPES[k].length() == pos) {
        return false;
      }
    }
    return !typedOnly || slash;
  }

  /**
   * Tells whether a value, after decoding, contains a call or template ({@code (} or a backtick):
   * an event handler that does something.
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @return true if the value looks like script
   */
  boolean callsSomething(CharSequence s, int from, int to) {
    int i = from;
    while (i < to) {
      decodeAt(s, i, to);
      i += decodedLength;
      if (decoded == '(' || decoded == '`') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the decoded, trimmed, lower-cased value's first characters compared with {@code prefix}.
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @param prefix a lower-case prefix
   * @return true if the value starts with it
   */
  boolean startsWith(CharSequence s, int from, int to, String prefix) {
    int pos = 0;
    int i = from;
    while (i < to && pos < prefix.length()) {
      decodeAt(s, i, to);
      i += decodedLength;
      if (pos == 0 && ignorable(decoded)) {
        continue;
      }
      if (Chars.lower(decoded) != prefix.charAt(pos)) {
        return false;
      }
      pos++;
    }
    return pos == prefix.length();
  }

  /**
   * Tells whether the decoded value contains {@code word}, ignoring ASCII case.
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @param word a lower-case word without repeated prefixes (naive matching is exact for it)
   * @return true if found
   */
  boolean contains(CharSequence s, int from, int to, String word) {
    int pos = 0;
    int i = from;
    while (i < to) {
      decodeAt(s, i, to);
      i += decodedLength;
      char c = Chars.lower(decoded);
      if (c == word.charAt(pos)) {
        pos++;
        if (pos == word.length()) {
          return true;
        }
      } else {
        pos = c == word.charAt(0) ? 1 : 0;
      }
    }
    return false;
  }

  /**
   * Tells whether the decoded value contains {@code javascript:} or {@code vbscript:} anywhere,
   * ignoring the characters URL parsers skip ({@code x:javascript:alert(1)}).
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @return true if found
   */
  boolean containsScriptScheme(CharSequence s, int from, int to) {
    int js = 0;
    int vb = 0;
    int i = from;
    while (i < to) {
      decodeAt(s, i, to);
      i += decodedLength;
      if (ignorable(decoded)) {
        continue;
      }
      char c = Chars.lower(decoded);
      js = advance("javascript:", js, c);
      vb = advance("vbscript:", vb, c);
      if (js == 11 || vb == 9) {
        if (!proseAfterScheme(s, i, to)) {
          return true;
        }
        js = 0;
        vb = 0;
      }
    }
    return false;
  }

  private static int advance(String word, int matched, char c) {
    if (word.charAt(matched) == c) {
      return matched + 1;
    }
    return word.charAt(0) == c ? 1 : 0;
  }

  /**
   * Tells whether a style value can run code, load a resource, or escape its declaration: it
   * contains {@code expression(}, {@code javascript:}, {@code vbscript:}, {@code behavior:},
   * {@code -moz-binding}, {@code @import} or {@code url(} once HTML references are decoded and
   * whitespace is removed, or it contains CSS syntax that has no place in an inline declaration
   * list and is how such payloads are obfuscated or break out: a backslash escape
   * ({@code exp\72ession}), a comment ({@code exp/**}{@code /ression}), braces, brackets or angle
   * brackets.
   *
   * @param s the text
   * @param from start of the value
   * @param to end of the value (exclusive)
   * @return true if the style is dangerous
   */
  boolean dangerousStyle(CharSequence s, int from, int to) {
    ringPos = 0;
    ringCount = 0;
    styleHit = false;
    boolean slash = false;
    int i = from;
    while (i < to && !styleHit) {
      decodeAt(s, i, to);
      i += decodedLength;
      char c = decoded;
      if (c == '\\' || c == '{' || c == '}' || c == '[' || c == ']' || c == '<' || c == '>'
          || (slash && c == '*')) {
        return true;
      }
      slash = c == '/';
      emit(c);
    }
    return styleHit;
  }

  private void emit(char raw) {
    char c = Chars.fold(raw);
    if (ignorable(c)) {
      return;
    }
    c = Chars.lower(c);
    ring[ringPos] = c;
    ringPos = (ringPos + 1) % RING;
    ringCount++;
    for (String p : STYLE_PATTERNS) {
      int len = p.length();
      if (p.charAt(len - 1) != c || ringCount < len) {
        continue;
      }
      boolean match = true;
      for (int k = 0; k < len && match; k++) {
        match = ring[(ringPos - 1 - k + RING * 2) % RING] == p.charAt(len - 1 - k);
      }
      if (match) {
        styleHit = true;
        return;
      }
    }
  }
}
