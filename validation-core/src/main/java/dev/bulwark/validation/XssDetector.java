package dev.bulwark.validation;

import java.util.Objects;

/**
 * Detects cross-site scripting payloads in untrusted input with an HTML5-style tokenizer.
 *
 * <h2>How</h2>
 * The input is tokenized from every context it may be pasted into: HTML text, a tag's attribute
 * list, and attribute values (unquoted, single-, double- and back-quoted). From a value context,
 * the first matching quote closes the value and the rest is parsed as the page would parse it.
 * Findings: script-capable elements ({@code <script>}, {@code <iframe>}, {@code <object>},
 * {@code <embed>}, {@code <base>}, {@code <style>}, {@code <svg>}, {@code <math>}...), any
 * {@code on*} event handler, {@code javascript:}/{@code vbscript:} URLs and scriptable
 * {@code data:} URLs after character references are decoded and whitespace and control characters
 * are stripped (<code>&amp;#x20;jav&amp;#x09;ascript&amp;colon;</code>), {@code srcdoc}, dangerous styles
 * ({@code expression(}, {@code behavior:}, {@code -moz-binding}, after CSS escapes and comments are
 * removed), {@code <meta http-equiv=refresh>}, stylesheet links, SVG {@code attributeName=on*},
 * IE conditional comments, and JavaScript string breakouts ({@code ';alert(1)//}).
 *
 * <p>Attributes are separated wherever a browser's tokenizer, or a legacy one, ends an attribute:
 * white space (form feed included), {@code /}, right after a quoted value, at a stray quote
 * ({@code <svg/onload=...>}, {@code <img src="x"onerror=...>}, {@code <a"onclick=...>},
 * {@code <img src=x/onerror=...>}).
 *
 * <p>Markup that cannot run script passes: {@code <b>}, {@code <a href="/path">},
 * {@code <img src=x.png>}, {@code "I <3 you"}, {@code "5 > 3 and 2 < 4"}, and a script scheme
 * followed by prose is not a URL ({@code "JavaScript: The Good Parts"}).
 *
 * <h2>Guarantees</h2>
 * Linear time and constant memory in the input length, no regular expressions, no allocation when
 * nothing is found, thread-safe. Fullwidth look-alikes ({@code ＜script＞}) are read as ASCII.
 *
 * <h2>Percent-encoding</h2>
 * The input is not URL-decoded as a whole; decode it once first if it comes from a URL. What is
 * still percent-encoded after that ({@code %3Cscript%3E}, {@code %253Cscript%253E}) reaches any
 * code that decodes again, so an input that holds an escape is also decoded (with {@code +} as a
 * space) and scanned again, up to three more rounds. A finding in a decoded form says so in its
 * {@link Detection#context() context}, and its {@link Detection#offset() offset} and
 * {@link Detection#match() match} refer to that decoded text.
 */
public final class XssDetector {

  private static final XssDetector INSTANCE = new XssDetector();

  private static final ThreadLocal<XssScanner> SCANNER = ThreadLocal.withInitial(XssScanner::new);

  private static final ThreadLocal<DecodedInput> DECODED = ThreadLocal.withInitial(DecodedInput::new);

  private static final int[] CONTEXTS = {
    XssScanner.TEXT, XssScanner.ATTRIBUTES, XssScanner.UNQUOTED, XssScanner.DOUBLE_QUOTED,
    XssScanner.SINGLE_QUOTED, XssScanner.BACK_QUOTED
  };

  private static final String[] CONTEXT_NAMES = {
    "HTML text", "attribute list", "unquoted attribute value", "double-quoted attribute value",
    "single-quoted attribute value", "back-quoted attribute value"
  };

  private XssDetector() {}

  /**
   * Returns the detector. It has no settings and is stateless, so there is one shared instance.
   *
   * @return the detector
   */
  public static XssDetector create() {
    return INSTANCE;
  }

  /**
   * Scans {@code input} for cross-site scripting.
   *
   * @param input the untrusted text
   * @return the finding with its reason, or {@link Detection#none()}
   * @throws NullPointerException if {@code input} is null
   */
  public Detection detect(CharSequence input) {
    Objects.requireNonNull(input, "input");
    int seen = signals(input);
    Detection d = scan(input, seen, 0);
    if (d.isAttack() || (seen & PERCENT) == 0 || !DecodedInput.hasEscape(input)) {
      return d;
    }
    DecodedInput decoded = DECODED.get();
    try {
      decoded.first(input);
      do {
        d = scan(decoded, signals(decoded), decoded.rounds());
      } while (!d.isAttack() && decoded.next());
      return d;
    } finally {
      decoded.clear();
    }
  }

  private static int signals(CharSequence input) {
    int seen = 0;
    for (int i = 0, n = input.length(); i < n; i++) {
      seen |= signal(Chars.at(input, i));
    }
    return seen;
  }

  /** Scans {@code input} from every relevant context; {@code rounds} is how often it was decoded. */
  private static Detection scan(CharSequence input, int seen, int rounds) {
    if ((seen & (LT | EQ | COLON | QUOTE | SEMI)) == 0) {
      return Detection.none(); // no '<', '=', ':', '&', quote, ';' or '(': nothing can run
    }
    XssScanner scanner = SCANNER.get();
    boolean scheme = (seen & COLON) != 0;
    boolean markup = (seen & (LT | EQ)) != 0;
    for (int c = 0; c < CONTEXTS.length; c++) {
      int context = CONTEXTS[c];
      if (!relevant(context, seen)) {
        continue;
      }
      if (scanner.scan(input, context, scheme, markup)) {
        return Detection.of(scanner.kind, input, scanner.start, scanner.end,
            Detection.decoded(CONTEXT_NAMES[c], rounds));
      }
    }
    if ((seen & (QUOTE | SEMI)) != 0) {
      long breakout = JsBreakout.find(input);
      if (breakout >= 0) {
        return Detection.of(Detection.Kind.XSS_SCRIPT_BREAKOUT, input, (int) (breakout >>> 32),
            (int) breakout, Detection.decoded("JavaScript string", rounds));
      }
    }
    return Detection.none();
  }

  /**
   * Tells whether {@code input} contains a cross-site scripting payload; the same as
   * {@code detect(input).isAttack()}.
   *
   * @param input the untrusted text
   * @return true if a payload was found
   * @throws NullPointerException if {@code input} is null
   */
  public boolean isXss(CharSequence input) {
    return detect(input).isAttack();
  }

  private static final int LT = 1;
  private static final int EQ = 2;
  private static final int COLON = 4;
  private static final int QUOTE = 8;
  private static final int SEMI = 16;
  private static final int SPACE = 32;
  private static final int DQ = 64;
  private static final int SQ = 128;
  private static final int BQ = 256;
  private static final int PERCENT = 512;

  private static int signal(char c) {
    return switch (c) {
      case '<' -> LT;
      case '=' -> EQ;
      case ':', '&' -> COLON;
      case '"' -> QUOTE | DQ;
      case '\'' -> QUOTE | SQ;
      case '`' -> QUOTE | BQ;
      case ';' -> SEMI;
      case ' ', '\t', '\n', '\r', '\f', '>' -> SPACE;
      case '%' -> PERCENT;
      default -> 0;
    };
  }

  private static boolean relevant(int context, int seen) {
    if ((seen & (LT | EQ | COLON)) == 0) {
      return false; // no tag, no attribute, no URL scheme
    }
    return switch (context) {
      case XssScanner.TEXT -> (seen & LT) != 0;
      case XssScanner.ATTRIBUTES -> (seen & EQ) != 0;
      case XssScanner.UNQUOTED -> (seen & (COLON | EQ)) != 0 || (seen & (LT | SPACE)) == (LT | SPACE);
      case XssScanner.DOUBLE_QUOTED -> (seen & DQ) != 0;
      case XssScanner.SINGLE_QUOTED -> (seen & SQ) != 0;
      default -> (seen & BQ) != 0;
    };
  }
}
