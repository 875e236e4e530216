package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XssDetectorTest {

  private final XssDetector detector = XssDetector.create();

  @ParameterizedTest
  @ValueSource(strings = {
    "<b>bold</b> and <i>italic</i>",
    "<a href=\"https://example.com/path?x=1&y=2\">link</a>",
    "<img src=\"cat.png\" alt=\"a cat\">",
    "<p style=\"color: red; font-size: 12px\">hi</p>",
    "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
    "I <3 you",
    "5 > 3 and 2 < 4",
    "John Smith <john@example.com>",
    "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>",
    "onion rings and online=true",
    "Data: 5 rows returned",
    "mailto:someone@example.com",
    "It's 'fine'; call me later",
    "He said 'yes', then (quietly) left",
    "It's 'fine'; call(me) later",
    "He said \"hello\" - and then left.",
    "<!-- a comment -->",
    "Terms & Conditions &copy; 2024",
    "select the best option from the menu",
    "O'Brien",
    "",
  })
  void benignTextAndMarkupPass(String input) {
    assertThat(detector.detect(input)).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "<script>alert(1)</script>                           | XSS_DANGEROUS_TAG",
    "<SCRIPT/XSS SRC=//x.example/x.js>                   | XSS_DANGEROUS_TAG",
    "<iframe src=//evil>                                 | XSS_DANGEROUS_TAG",
    "<svg/onload=alert(1)>                               | XSS_DANGEROUS_TAG",
    "<math><maction>                                     | XSS_DANGEROUS_TAG",
    "<base href=//evil/>                                 | XSS_DANGEROUS_TAG",
    "<meta http-equiv=refresh content=0;url=//evil>      | XSS_DANGEROUS_TAG",
    "<link rel=stylesheet href=//evil/x.css>             | XSS_DANGEROUS_TAG",
    "＜script＞alert(1)＜/script＞                         | XSS_DANGEROUS_TAG",
    "<img src=x onerror=alert(1)>                        | XSS_EVENT_HANDLER",
    "<x onpointerrawupdate=alert(1)>                     | XSS_EVENT_HANDLER",
    "~\" onfocus=alert(1) autofocus x=\"~               | XSS_EVENT_HANDLER",
    "' onmouseover=alert(1) '                            | XSS_EVENT_HANDLER",
    "<a href=\"javascript:alert(1)\">x</a>                 | XSS_SCRIPT_URL",
    "<a href=\"&#x20;jav&#x09;ascript&colon;alert(1)\">    | XSS_SCRIPT_URL",
    "<a href=\"&#106;avascript:alert(1)\">                 | XSS_SCRIPT_URL",
    "<a href=vbscript:msgbox(1)>                         | XSS_SCRIPT_URL",
    "<object data=\"data:text/html;base64,PHNjcmlwdD4=\">  | XSS_DANGEROUS_TAG",
    "<a href=\"data:text/html,<script>alert(1)</script>\"> | XSS_SCRIPT_URL",
    "javascript:alert(1)                                 | XSS_SCRIPT_URL",
    "<iframe srcdoc=\"&lt;script&gt;\">                   | XSS_DANGEROUS_TAG",
    "<p srcdoc=\"&lt;script&gt;\">                        | XSS_DANGEROUS_ATTRIBUTE",
    "<div style=\"width:expression(alert(1))\">          | XSS_STYLE",
    "<div style=\"x:exp/**/ression(alert(1))\">          | XSS_STYLE",
    "<x style=\"behavior:url(x.htc)\">                    | XSS_STYLE",
    "<set attributeName=onmouseover to=alert(1)>         | XSS_DANGEROUS_ATTRIBUTE",
    "<!--[if gte IE 4]><b>x</b><![endif]-->               | XSS_CONDITIONAL_COMMENT",
    "';alert(1)//                                        | XSS_SCRIPT_BREAKOUT",
    "~\"-confirm(1)-\"~                                   | XSS_SCRIPT_BREAKOUT",
  })
  void attacksAreFoundWithTheirKind(String input, Detection.Kind kind) {
    Detection d = detector.detect(input);
    assertThat(d.kind()).as("%s -> %s", input, d).isEqualTo(kind);
    assertThat(d.kind().threat()).isEqualTo(Detection.Threat.XSS);
  }

  @Test
  void reasonNamesKindMatchOffsetAndContext() {
    Detection d = detector.detect("hello <img src=x onerror=alert(1)>");
    assertThat(d.kind()).isEqualTo(Detection.Kind.XSS_EVENT_HANDLER);
    assertThat(d.offset()).isEqualTo(17);
    assertThat(d.match()).isEqualTo("onerror=alert(1)");
    assertThat(d.context()).isEqualTo("HTML text");
  }

  @Test
  void breakoutFromAQuotedAttributeIsParsedAsThePageWould() {
    Detection d = detector.detect("\"><script>alert(1)</script>");
    assertThat(d.kind()).isEqualTo(Detection.Kind.XSS_DANGEROUS_TAG);
    assertThat(d.offset()).isEqualTo(2);
  }

  @Test
  void markupHiddenInAnAttributeValueSurfaces() {
    // Parsers disagree about where the value ends; innerHTML re-serialisation exposes it.
    assertThat(detector.isXss("<x foo='><img src=x onerror=alert(1)//'>")).isTrue();
  }

  @Test
  void harmlessDataUrlsInImagesPass() {
    assertThat(detector.isXss("<img src=\"data:image/gif;base64,R0lGOD\">")).isFalse();
    assertThat(detector.isXss("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">")).isTrue();
  }

  // Regression tests for issue 17 item 10 (detector blind spots), named after what broke.

  @ParameterizedTest
  @ValueSource(strings = {
    "<img src=x/onerror=alert(1)>", "<img src=x/onerror=alert`1`>", "<x/onclick=alert(1)>",
    "<img/src=\"x\"/onerror=alert(1)>", "<a href=/x/onmouseover=alert(1)>x</a>",
  })
  void attributeAfterSlashWasMissed(String input) {
    assertThat(detector.detect(input).kind()).as("%s", input)
        .isEqualTo(Detection.Kind.XSS_EVENT_HANDLER);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "<a\"onclick=alert(1)>x</a>", "<x title=\"a\"><a\"onclick=alert(1)>", "<x'onclick=alert(1)>",
    "<img src=\"x\"onerror=alert(1)>", "<img src='x'onerror=alert(1)>", "<a \"onclick=alert(1)>",
    "<img src=x\"onerror=alert(1)>", "<img\fsrc=x\fonerror=alert(1)>", "<img src=x\u000Bonerror=alert(1)>",
  })
  void attributeAfterQuoteOrControlCharacterWasMissed(String input) {
    assertThat(detector.detect(input).kind()).as("%s", input)
        .isEqualTo(Detection.Kind.XSS_EVENT_HANDLER);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "<a href=/search?q=online&x=onion>x</a>", "<a href=\"https://example.com/a/onion=1\">x</a>",
    "<img src=/img/online=1.png alt=x>",
  })
  void handlerLikeWordsInUrlsStillPass(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "JavaScript: The Good Parts", "javascript: The Definitive Guide",
    "Javascript: Understanding the Weird Parts", "Read 'JavaScript: The Good Parts' today",
    "<a href=\"javascript: The Good Parts\">book</a>",
  })
  void javascriptTitleInProseWasRefused(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "javascript:alert(1)", "javascript: alert(1)", "javascript: void alert(1)",
    "javascript: new Image().src='//x'", "javascript:name", "<a href=\"javascript: alert(1)\">x</a>",
  })
  void scriptUrlsWithSpacesAreStillFound(String input) {
    assertThat(detector.detect(input).kind()).as("%s", input).isEqualTo(Detection.Kind.XSS_SCRIPT_URL);
  }

  @Test
  void percentEncodedPayloadWasMissed() {
    Detection once = detector.detect("%3Cscript%3Ealert(1)%3C/script%3E");
    assertThat(once.kind()).isEqualTo(Detection.Kind.XSS_DANGEROUS_TAG);
    assertThat(once.context()).isEqualTo("HTML text, percent-decoded once");
    assertThat(once.match()).isEqualTo("<script");
    Detection twice = detector.detect("%253Cscript%253E");
    assertThat(twice.context()).isEqualTo("HTML text, percent-decoded twice");
    assertThat(detector.detect("%3Cimg+src%3Dx+onerror%3Dalert(1)%3E").kind())
        .isEqualTo(Detection.Kind.XSS_EVENT_HANDLER);
    assertThat(detector.isXss("caf%C3%A9 au lait %E2%82%AC5, 100%25 cotton")).isFalse();
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> detector.detect(null)).withMessage("input");
  }
}
