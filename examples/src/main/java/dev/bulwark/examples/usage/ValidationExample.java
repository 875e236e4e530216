package dev.bulwark.examples.usage;

import dev.bulwark.validation.Detection;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.SqlInjectionDetector;
import dev.bulwark.validation.UrlPolicy;
import dev.bulwark.validation.ValidationResult;
import dev.bulwark.validation.Violation;
import dev.bulwark.validation.XssDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Checking untrusted input: an {@link InputPolicy} for a search query (size limits, NFKC
 * normalisation, SQL-injection and XSS detection in one call, never an exception for bad input),
 * the detectors on their own, and the SSRF-safe {@link UrlPolicy} for a URL the server would fetch.
 */
public final class ValidationExample {

  private ValidationExample() {}

  /**
   * Runs the example and prints each verdict.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run().forEach(System.out::println);
  }

  /**
   * Validates a few queries and URLs.
   *
   * @return one line per input
   */
  static List<String> run() {
    List<String> steps = new ArrayList<>();
    InputPolicy queries = InputPolicy.forQueries();
    for (String q : List.of("ｗｉｄｅ shoes", "1' OR '1'='1", "<img src=x onerror=alert(1)>")) {
      ValidationResult r = queries.validate("q", q);
      steps.add(r.isValid() ? "query ok: " + r.value("q").orElseThrow() : "query refused: " + codes(r));
    }

    Detection sqli = SqlInjectionDetector.create().detect("id=5; DROP TABLE users");
    steps.add("sql: " + sqli.kind() + " at " + sqli.offset());
    steps.add("xss: " + XssDetector.create().isXss("<a href=\"javascript:alert(1)\">x</a>"));

    UrlPolicy urls = UrlPolicy.defaults();
    for (String url : List.of("https://example.com/avatar.png", "http://0xa9fea9fe/latest/meta-data/")) {
      ValidationResult r = urls.check("avatar", url);
      steps.add(r.isValid() ? "url ok: " + url : "url refused: " + codes(r));
    }
    return steps;
  }

  private static List<Violation.Code> codes(ValidationResult result) {
    List<Violation.Code> codes = new ArrayList<>();
    for (Violation v : result.violations()) {
      codes.add(v.code());
    }
    return codes;
  }
}
