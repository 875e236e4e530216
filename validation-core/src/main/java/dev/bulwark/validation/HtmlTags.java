package dev.bulwark.validation;

/**
 * Element and attribute vocabulary for {@link XssScanner}: which elements run script or load
 * active content, which attributes take URLs, and the common event-handler names.
 */
final class HtmlTags {

  static final int UNKNOWN = -1;
  static final int OTHER = 0;
  static final int DANGEROUS = 1;
  static final int META = 2;
  static final int LINK = 3;

  /**
   * Elements that run script, load active content, change how the page resolves URLs, or switch the
   * parser into SVG/MathML where script vectors multiply.
   */
  private static final String[] DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "svg",
    "math", "xml", "import", "vmlframe", "handler", "listener", "isindex", "layer", "ilayer",
    "portal"
  };

  /** Namespace prefixes that make any element active: {@code <svg:x>}, {@code <xsl:stylesheet>}. */
  private static final String[] DANGEROUS_PREFIXES = {"svg", "math", "xsl"};

  /** Attributes whose value the browser treats as a URL (checked for {@code data:} URLs). */
  private static final String[] URL_ATTRIBUTES = {
    "href", "src", "data", "action", "formaction", "xlink:href", "poster", "background", "codebase",
    "dynsrc", "lowsrc", "srcset", "values", "to", "from", "by", "value", "archive", "code", "classid",
    "longdesc", "usemap", "cite", "icon", "manifest", "ping", "folder", "content"
  };

  /**
   * Event handlers common enough that an attribute-injection payload may use them without a call
   * ({@code " onerror=x}). Other {@code on*} names count in attribute contexts only with a call.
   */
  private static final String[] COMMON_EVENTS = {
    "onload", "onerror", "onclick", "ondblclick", "onmouseover", "onmouseout", "onmousemove",
    "onmousedown", "onmouseup", "onmouseenter", "onmouseleave", "onfocus", "onblur", "onfocusin",
    "onfocusout", "onchange", "oninput", "onsubmit", "onreset", "onselect", "onkeydown", "onkeyup",
    "onkeypress", "onscroll", "onwheel", "oncopy", "oncut", "onpaste", "onanimationstart",
    "onanimationend", "ontransitionend", "ontoggle", "onpageshow", "onbegin", "onstart", "onend",
    "onresize", "onunload", "onbeforeunload", "onhashchange", "onmessage", "onpointerover",
    "onpointerdown", "onpointerenter", "oncontextmenu", "ondrag", "ondrop", "onplay", "oninvalid",
    "onsearch", "onafterprint", "onbeforeprint", "onpropertychange", "onreadystatechange"
  };

  private HtmlTags() {}

  /**
   * Classifies an element name, ignoring ASCII case, control characters inside it
   * ({@code <scr\0ipt>}), junk after it ({@code <script<x>}) and namespace prefixes
   * ({@code <x:script>}, {@code <svg:anything>}).
   *
   * @param s the text
   * @param from start of the name
   * @param to end of the name (exclusive)
   * @return {@link #DANGEROUS}, {@link #META}, {@link #LINK} or {@link #OTHER}
   */
  static int classify(CharSequence s, int from, int to) {
    int colon = -1;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        colon = i;
        break;
      }
    }
    if (colon > from) {
      for (String prefix : DANGEROUS_PREFIXES) {
        if (matchesName(s, from, colon, prefix, true)) {
          return DANGEROUS;
        }
      }
      return classifyLocal(s, colon + 1, to);
    }
    return classifyLocal(s, from, to);
  }

  private static int classifyLocal(CharSequence s, int from, int to) {
    for (String tag : DANGEROUS_TAGS) {
      if (matchesName(s, from, to, tag, false)) {
        return DANGEROUS;
      }
    }
    if (matchesName(s, from, to, "meta", true)) {
      return META;
    }
    if (matchesName(s, from, to, "link", true)) {
      return LINK;
    }
    return OTHER;
  }

  /**
   * Tells whether {@code s[from, to)} spells {@code word}, skipping characters browsers have been
   * seen to ignore in names; unless {@code exact}, it may be followed by junk that cannot continue a
   * name ({@code script<}, but not {@code scripts}).
   */
  private static boolean matchesName(CharSequence s, int from, int to, String word, boolean exact) {
    int k = 0;
    int i = from;
    while (i < to) {
      char c = Chars.at(s, i);
      if (HtmlValues.ignorable(c)) {
        i++;
        continue;
      }
      if (k == word.length()) {
        return !exact && !Character.isLetterOrDigit(c) && c != '-' && c != '_';
      }
      if (Chars.lower(c) != word.charAt(k)) {
        return false;
      }
      k++;
      i++;
    }
    return k == word.length();
  }

  /**
   * Tells whether an attribute takes a URL.
   *
   * @param s the text
   * @param from start of the name
   * @param to end of the name (exclusive)
   * @return true for href, src, action and the like
   */
  static boolean isUrlAttribute(CharSequence s, int from, int to) {
    for (String name : URL_ATTRIBUTES) {
      if (equalsIgnoreCase(s, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether an attribute name is a common event handler.
   *
   * @param s the text
   * @param from start of the (local) name
   * @param to end of the name (exclusive)
   * @return true for onload, onerror, onclick and the like
   */
  static boolean isCommonEvent(CharSequence s, int from, int to) {
    for (String name : COMMON_EVENTS) {
      if (equalsIgnoreCase(s, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compares {@code s[from, to)} with a lower-case ASCII word, ignoring ASCII case.
   *
   * @param s the text
   * @param from start
   * @param to end (exclusive)
   * @param word the lower-case word
   * @return true if equal
   */
  static boolean equalsIgnoreCase(CharSequence s, int from, int to, String word) {
    return to - from == word.length() && Chars.regionMatchesLower(s, from, word);
  }
}
