package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SecurityHeaders#fixedHeadersFor} and {@link SecurityHeaders#noncePoliciesFor} split headersFor. */
class FixedHeadersTest {

  private static final String NONCE = "AbCdEfGhIjKlMnOpQrStUw==";

  /** The fixed headers, then each nonce policy's header: what headersFor returns, in some order. */
  private static List<ResponseHeader> split(SecurityHeaders headers, boolean secure, String nonce) {
    List<ResponseHeader> all = new ArrayList<>(headers.fixedHeadersFor(secure));
    for (ContentSecurityPolicy policy : headers.noncePoliciesFor(secure)) {
      all.add(policy.header(nonce));
    }
    return all;
  }

  @Test
  void withoutANonceTheFixedHeadersAreAllOfThemAndTheSameInstance() {
    for (SecurityHeaders headers : List.of(SecurityHeaders.api(), SecurityHeaders.strict(), SecurityHeaders.legacy())) {
      for (boolean secure : new boolean[] {true, false}) {
        assertThat(headers.fixedHeadersFor(secure)).isSameAs(headers.headersFor(secure, null));
        assertThat(headers.fixedHeadersFor(secure)).isSameAs(headers.fixedHeadersFor(secure));
        assertThat(headers.noncePoliciesFor(secure)).isEmpty();
      }
    }
  }

  @Test
  void withNoncesTheSplitHoldsExactlyTheHeadersOfHeadersFor() {
    ContentSecurityPolicy enforced = ContentSecurityPolicy.builder()
        .directive(CspDirective.DEFAULT_SRC, "'self'")
        .nonce(CspDirective.SCRIPT_SRC)
        .build();
    ContentSecurityPolicy reportOnly = ContentSecurityPolicy.builder()
        .directive(CspDirective.DEFAULT_SRC, "'none'")
        .nonce(CspDirective.STYLE_SRC)
        .reportOnly(true)
        .build();
    SecurityHeaders headers = SecurityHeaders.strict().toBuilder()
        .contentSecurityPolicy(enforced)
        .contentSecurityPolicy(reportOnly)
        .build();
    for (boolean secure : new boolean[] {true, false}) {
      assertThat(split(headers, secure, NONCE))
          .containsExactlyInAnyOrderElementsOf(headers.headersFor(secure, NONCE));
      assertThat(headers.fixedHeadersFor(secure)).isSameAs(headers.fixedHeadersFor(secure))
          .noneMatch(h -> h.hasName("Content-Security-Policy") || h.hasName("Content-Security-Policy-Report-Only"));
      assertThat(headers.noncePoliciesFor(secure)).containsExactly(enforced, reportOnly);
    }
    assertThat(headers.fixedHeadersFor(true)).anyMatch(h -> h.hasName("Strict-Transport-Security"));
    assertThat(headers.fixedHeadersFor(false)).noneMatch(h -> h.hasName("Strict-Transport-Security"));
  }
}
