package dev.bulwark.headers;

import static dev.bulwark.headers.CspDirective.DEFAULT_SRC;
import static dev.bulwark.headers.CspDirective.SCRIPT_SRC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityHeadersBuilderTest {

  private static List<String> lines(List<ResponseHeader> headers) {
    return headers.stream().map(ResponseHeader::toString).toList();
  }

  private static final ContentSecurityPolicy NONCE_CSP =
      ContentSecurityPolicy.builder()
          .directive(DEFAULT_SRC, "'self'")
          .nonce(SCRIPT_SRC)
          .directive(SCRIPT_SRC, "'strict-dynamic'")
          .secureRandom(new ContentSecurityPolicyTest.FixedRandom(0))
          .build();

  @Test
  void changesOmitsAndAddsKeepingOrder() {
    SecurityHeaders headers =
        SecurityHeaders.legacy().toBuilder()
            .header("x-xss-protection", "0")
            .omit("Referrer-Policy")
            .header("Cross-Origin-Embedder-Policy", "require-corp")
            .strictTransportSecurity(Duration.ofDays(730), true, true)
            .removeFromResponse("X-Powered-By", "x-powered-by", "X-AspNet-Version")
            .build();

    assertThat(lines(headers.headersFor(true, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "x-xss-protection: 0",
            "Strict-Transport-Security: max-age=63072000; includeSubDomains; preload",
            "Content-Security-Policy: default-src 'self'",
            "Cross-Origin-Embedder-Policy: require-corp");
    assertThat(headers.headersToRemove()).containsExactly("X-Powered-By", "X-AspNet-Version");
  }

  @Test
  void nonceIsFilledInPerResponseForEnforcedAndReportOnlyPolicies() {
    ContentSecurityPolicy trial =
        ContentSecurityPolicy.builder().nonce(SCRIPT_SRC).reportOnly(true).reportUri("/csp").build();
    SecurityHeaders headers =
        SecurityHeaders.strict().toBuilder()
            .contentSecurityPolicy(NONCE_CSP)
            .contentSecurityPolicy(trial)
            .build();

    String nonce = headers.newNonce();
    List<ResponseHeader> response = headers.headersFor(false, nonce);

    assertThat(nonce).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA==");
    assertThat(headers.usesNonce()).isTrue();
    assertThat(lines(response))
        .contains(
            "Content-Security-Policy: default-src 'self'; script-src 'nonce-" + nonce
                + "' 'strict-dynamic'",
            "Content-Security-Policy-Report-Only: script-src 'nonce-" + nonce + "'; report-uri /csp")
        .hasSize(12);
    assertThat(lines(response).get(3)).startsWith("Content-Security-Policy: ");
    assertThat(lines(response).get(11)).startsWith("Content-Security-Policy-Report-Only: ");
    assertThat(headers.contentSecurityPolicy()).isSameAs(NONCE_CSP);
    assertThatThrownBy(() -> response.add(ResponseHeader.of("X", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void differentNoncesGiveDifferentHeaders() {
    SecurityHeaders headers = SecurityHeaders.builder().contentSecurityPolicy(NONCE_CSP).build();
    assertThat(headers.headersFor(true, "abcdefghijklmnopqrstuv").get(0).value())
        .isEqualTo("default-src 'self'; script-src 'nonce-abcdefghijklmnopqrstuv' 'strict-dynamic'");
    assertThat(headers.headersFor(true, "ABCDEFGHIJKLMNOPQRSTUV").get(0).value())
        .isEqualTo("default-src 'self'; script-src 'nonce-ABCDEFGHIJKLMNOPQRSTUV' 'strict-dynamic'");
    assertThatThrownBy(() -> headers.headersFor(true, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nonce is required");
  }

  @Test
  void newNonceWithoutNoncePolicyIsAnError() {
    assertThatThrownBy(() -> SecurityHeaders.strict().newNonce())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no Content-Security-Policy of these headers uses a nonce");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "DENY\r\nSet-Cookie: session=attacker",
        "DENY\n",
        "DENY\r",
        "a\u0000b",
        "a\tb",
        "a\u007Fb",
        "caf\u00E9",
        " DENY",
        "DENY ",
        "",
      })
  void controlCharactersAndBadSpacingAreRejected(String value) {
    assertThatThrownBy(() -> SecurityHeaders.builder().header("X-Custom", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value of header X-Custom must");
  }

  @Test
  void headerInjectionMessageIsEscaped() {
    assertThatThrownBy(
            () -> SecurityHeaders.builder().header("X-Custom", "a\r\nSet-Cookie: x=y"))
        .hasMessage(
            "value of header X-Custom must be visible ASCII without control characters (CR, LF,"
                + " TAB, NUL...) but was \"a\\r\\nSet-Cookie: x=y\"");
  }

  @Test
  void keywordHeadersOnlyTakeTheirKeywords() {
    assertThatThrownBy(() -> SecurityHeaders.builder().header("X-Frame-Options", "SAME-ORIGIN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value \"SAME-ORIGIN\" of header X-Frame-Options is not one of [deny, sameorigin]");
    assertThatThrownBy(() -> SecurityHeaders.builder().header("X-Frame-Options", "ALLOW-FROM https://a.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Referrer-Policy", "no-referer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value \"no-referer\" of header Referrer-Policy is not a list of referrer policies");
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Cross-Origin-Embedder-Policy", "require_corp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            lines(
                SecurityHeaders.builder()
                    .header("x-frame-options", "sameorigin")
                    .header("Referrer-Policy", "no-referrer, strict-origin-when-cross-origin")
                    .build()
                    .headersFor(false, null)))
        .containsExactly(
            "x-frame-options: sameorigin",
            "Referrer-Policy: no-referrer, strict-origin-when-cross-origin");
  }

  @Test
  void headersWithTheirOwnApiAreRejected() {
    assertThatThrownBy(() -> SecurityHeaders.builder().header("content-security-policy", "default-src *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("content-security-policy is validated and rendered by contentSecurityPolicy(ContentSecurityPolicy)");
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Strict-Transport-Security", "max-age=1"))
        .hasMessage("Strict-Transport-Security is set with strictTransportSecurity(Duration, boolean, boolean)");
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Access-Control-Allow-Origin", "*"))
        .hasMessage("Access-Control-Allow-Origin depends on the request; it comes from CorsPolicy");
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Bad Name", "x"))
        .hasMessage("header name must be a non-empty HTTP token (letters, digits, !#$%&'*+-.^_`|~) but was \"Bad Name\"");
  }

  @Test
  void hstsIsValidated() {
    assertThatThrownBy(() -> SecurityHeaders.builder().strictTransportSecurity(Duration.ofDays(30), true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preload requires includeSubDomains and a maxAge of at least 365 days but was PT720H");
    assertThatThrownBy(() -> SecurityHeaders.builder().strictTransportSecurity(Duration.ofDays(365), false, true))
        .hasMessage("preload requires includeSubDomains and a maxAge of at least 365 days but was PT8760H without includeSubDomains");
    assertThatThrownBy(() -> SecurityHeaders.builder().strictTransportSecurity(Duration.ofSeconds(-1), false, false))
        .hasMessage("maxAge must be >= 0 but was PT-1S");
    assertThat(
            lines(
                SecurityHeaders.builder()
                    .strictTransportSecurity(Duration.ZERO, false, false)
                    .build()
                    .headersFor(true, null)))
        .containsExactly("Strict-Transport-Security: max-age=0");
    assertThat(
            SecurityHeaders.builder()
                .strictTransportSecurity(Duration.ofMillis(1500), false, false)
                .build()
                .headersFor(false, null))
        .isEmpty();
  }

  @Test
  void eachHeaderIsSetOnce() {
    assertThatThrownBy(() -> SecurityHeaders.builder().header("X-A", "1").header("x-a", "2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("x-a was already set to X-A: 1");
    assertThatThrownBy(() -> SecurityHeaders.strict().toBuilder().omit("X-XSS-Protection").header("X-XSS-Protection", "0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("x-xss-protection was already omitted");
    assertThatThrownBy(() -> SecurityHeaders.builder().contentSecurityPolicy(NONCE_CSP).contentSecurityPolicy(NONCE_CSP))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecurityHeaders.builder().removeFromResponse().removeFromResponse("Server"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("removeFromResponse was already set to []");
  }

  @Test
  void aHeaderCannotBeBothSetAndRemoved() {
    assertThatThrownBy(() -> SecurityHeaders.builder().header("Server", "x").removeFromResponse("server").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Server is both set and listed in removeFromResponse");
  }

  @Test
  void toBuilderRoundTrips() {
    for (SecurityHeaders profile : List.of(SecurityHeaders.strict(), SecurityHeaders.api(), SecurityHeaders.legacy())) {
      SecurityHeaders copy = profile.toBuilder().build();
      assertThat(copy.headersFor(true, null)).isEqualTo(profile.headersFor(true, null));
      assertThat(copy.headersFor(false, null)).isEqualTo(profile.headersFor(false, null));
      assertThat(copy.headersToRemove()).isEqualTo(profile.headersToRemove());
      assertThat(copy).hasToString(profile.toString());
    }
  }

  @Test
  void omittingTheCspLeavesNoPolicy() {
    SecurityHeaders headers = SecurityHeaders.api().toBuilder().omit("content-security-policy").build();
    assertThat(headers.contentSecurityPolicy()).isNull();
    assertThat(headers.headersFor(true, null)).noneMatch(h -> h.hasName("Content-Security-Policy"));
  }

  @Test
  void describesItself() {
    assertThat(SecurityHeaders.legacy())
        .hasToString(
            "X-Frame-Options: DENY\n"
                + "X-Content-Type-Options: nosniff\n"
                + "X-XSS-Protection: 1; mode=block\n"
                + "Referrer-Policy: strict-origin-when-cross-origin\n"
                + "Strict-Transport-Security: max-age=31536000; includeSubDomains (secure only)\n"
                + "Content-Security-Policy: default-src 'self'\n"
                + "remove: []");
  }

  @Test
  void responseHeaderValidation() {
    assertThat(ResponseHeader.of("X-A", "b")).isEqualTo(ResponseHeader.of("x-a", "b")).hasSameHashCodeAs(ResponseHeader.of("x-a", "b"));
    assertThat(ResponseHeader.of("X-A", "b")).isNotEqualTo(ResponseHeader.of("X-A", "B"));
    assertThatThrownBy(() -> ResponseHeader.of("X-A\r\n", "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseHeader.of(null, "b")).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> ResponseHeader.of("a", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
