package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityHeadersExampleTest {

  @Test
  void theStrictProfileCarriesThisResponsesNonceAndNoHstsOverPlainHttp() {
    String nonce = SecurityHeadersExample.PAGE_HEADERS.newNonce();

    List<ResponseHeader> headers = SecurityHeadersExample.pageHeaders(nonce);

    assertThat(nonce).matches("[A-Za-z0-9+/]{22}==");
    assertThat(headers).contains(
        ResponseHeader.of("X-Frame-Options", "DENY"),
        ResponseHeader.of("Content-Security-Policy", "default-src 'self'; object-src 'none'; script-src 'nonce-"
            + nonce + "'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"));
    assertThat(headers).noneMatch(h -> h.hasName("Strict-Transport-Security"));
    assertThat(SecurityHeadersExample.PAGE_HEADERS.newNonce()).isNotEqualTo(nonce);
  }

  @Test
  void thePreflightOfTheFrontEndIsAllowedWithCredentials() {
    PreflightDecision allowed = SecurityHeadersExample.preflight("http://localhost:3000");
    PreflightDecision refused = SecurityHeadersExample.preflight("https://evil.example");

    assertThat(allowed.status()).isEqualTo(204);
    assertThat(allowed.headers()).contains(
        ResponseHeader.of("Access-Control-Allow-Origin", "http://localhost:3000"),
        ResponseHeader.of("Access-Control-Allow-Credentials", "true"),
        ResponseHeader.of("Access-Control-Max-Age", "3600"));
    assertThat(refused.status()).isEqualTo(403);
  }

  @Test
  void anActualRequestFromAnotherOriginGetsOnlyVary() {
    assertThat(SecurityHeadersExample.actual("http://localhost:3000")).containsExactly(
        "Access-Control-Allow-Origin: http://localhost:3000",
        "Access-Control-Allow-Credentials: true",
        "Vary: Origin");
    assertThat(SecurityHeadersExample.actual("https://evil.example")).containsExactly("Vary: Origin");
  }
}
