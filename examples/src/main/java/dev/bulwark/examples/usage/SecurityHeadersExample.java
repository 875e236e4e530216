package dev.bulwark.examples.usage;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CorsDecision;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Response headers for an HTML page and its API: the {@code strict()} profile with a
 * Content-Security-Policy that allows inline scripts only with this response's nonce, and a CORS
 * policy for one front-end origin with credentials. Both are built once, validated when built,
 * and shared; per response only the nonce is new.
 */
public final class SecurityHeadersExample {

  /** The strict profile, its CSP extended with a per-response nonce for scripts. */
  static final SecurityHeaders PAGE_HEADERS = SecurityHeaders.strict().toBuilder()
      .contentSecurityPolicy(Objects.requireNonNull(SecurityHeaders.strict().contentSecurityPolicy())
          .toBuilder().nonce(CspDirective.SCRIPT_SRC).build())
      .build();

  /** The front end at http://localhost:3000 may call the API with cookies. */
  static final CorsPolicy CORS = CorsPolicy.builder()
      .allowOrigins("http://localhost:3000")
      .allowMethods("GET", "POST")
      .allowHeaders("Content-Type")
      .allowCredentials()
      .maxAge(Duration.ofHours(1))
      .build();

  private SecurityHeadersExample() {}

  /**
   * Prints the headers of one page response and two CORS decisions.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    String nonce = PAGE_HEADERS.newNonce();
    System.out.println("<script nonce=\"" + nonce + "\">...</script> with:");
    pageHeaders(nonce).forEach(h -> System.out.println("  " + h.name() + ": " + h.value()));
    System.out.println("preflight from http://localhost:3000: " + preflight("http://localhost:3000"));
    System.out.println("request from https://evil.example: " + CORS.actual("https://evil.example"));
  }

  /**
   * Returns the headers of one page served over plain HTTP (so without HSTS).
   *
   * @param nonce this response's nonce, from {@code PAGE_HEADERS.newNonce()}; also written into
   *     the page's {@code <script nonce="...">} tags
   * @return the headers, in profile order
   */
  static List<ResponseHeader> pageHeaders(String nonce) {
    return PAGE_HEADERS.headersFor(false, nonce);
  }

  /**
   * Decides a preflight for a POST with a JSON body from {@code origin}.
   *
   * @param origin the {@code Origin} header
   * @return the decision: 204 with the {@code Access-Control-*} headers, or 403
   */
  static PreflightDecision preflight(String origin) {
    return CORS.preflight(origin, "POST", List.of("content-type"));
  }

  /**
   * Decides an actual request from {@code origin}.
   *
   * @param origin the {@code Origin} header
   * @return the headers to add to the response: {@code Access-Control-Allow-*} when allowed, only
   *     {@code Vary: Origin} when not
   */
  static List<String> actual(String origin) {
    CorsDecision d = CORS.actual(origin);
    List<String> lines = new ArrayList<>();
    for (ResponseHeader h : d.headers()) {
      lines.add(h.name() + ": " + h.value());
    }
    return lines;
  }
}
