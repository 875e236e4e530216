package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every header of every profile, exactly, on secure and plain requests. */
class SecurityHeadersProfilesTest {

  private static final String PERMISSIONS =
      "Permissions-Policy: accelerometer=(), autoplay=(), camera=(), display-capture=(),"
          + " encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(),"
          + " idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(),"
          + " picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(),"
          + " usb=(), xr-spatial-tracking=()";

  private static List<String> lines(List<ResponseHeader> headers) {
    return headers.stream().map(ResponseHeader::toString).toList();
  }

  @Test
  void strictOnSecureRequest() {
    assertThat(lines(SecurityHeaders.strict().headersFor(true, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: no-referrer",
            "Strict-Transport-Security: max-age=63072000; includeSubDomains",
            "Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self';"
                + " frame-ancestors 'none'; form-action 'self'",
            "Cross-Origin-Opener-Policy: same-origin",
            "Cross-Origin-Resource-Policy: same-origin",
            "X-XSS-Protection: 0",
            "X-Permitted-Cross-Domain-Policies: none",
            "X-DNS-Prefetch-Control: off",
            "Origin-Agent-Cluster: ?1",
            PERMISSIONS);
    assertThat(SecurityHeaders.strict().headersToRemove()).containsExactly("X-Powered-By", "Server");
  }

  @Test
  void strictOnPlainRequestHasNoHsts() {
    List<String> plain = lines(SecurityHeaders.strict().headersFor(false, null));
    List<String> secure = lines(SecurityHeaders.strict().headersFor(true, null));

    assertThat(plain).hasSize(11).noneMatch(h -> h.startsWith("Strict-Transport-Security"));
    assertThat(secure).containsAll(plain);
  }

  @Test
  void api() {
    assertThat(lines(SecurityHeaders.api().headersFor(true, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: no-referrer",
            "Strict-Transport-Security: max-age=63072000; includeSubDomains",
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
            "Cache-Control: no-store",
            "Cross-Origin-Resource-Policy: same-origin");
    assertThat(lines(SecurityHeaders.api().headersFor(false, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: no-referrer",
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
            "Cache-Control: no-store",
            "Cross-Origin-Resource-Policy: same-origin");
    assertThat(SecurityHeaders.api().headersToRemove()).containsExactly("X-Powered-By", "Server");
  }

  @Test
  void legacyReproducesTheWidelyUsedConfigurationExactly() {
    assertThat(lines(SecurityHeaders.legacy().headersFor(true, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "X-XSS-Protection: 1; mode=block",
            "Referrer-Policy: strict-origin-when-cross-origin",
            "Strict-Transport-Security: max-age=31536000; includeSubDomains",
            "Content-Security-Policy: default-src 'self'");
    assertThat(lines(SecurityHeaders.legacy().headersFor(false, null)))
        .containsExactly(
            "X-Frame-Options: DENY",
            "X-Content-Type-Options: nosniff",
            "X-XSS-Protection: 1; mode=block",
            "Referrer-Policy: strict-origin-when-cross-origin",
            "Content-Security-Policy: default-src 'self'");
    assertThat(SecurityHeaders.legacy().headersToRemove()).isEmpty();
  }

  @Test
  void noProfileSendsCoep() {
    for (SecurityHeaders profile :
        List.of(SecurityHeaders.strict(), SecurityHeaders.api(), SecurityHeaders.legacy())) {
      assertThat(profile.headersFor(true, null))
          .noneMatch(h -> h.hasName("Cross-Origin-Embedder-Policy"));
      assertThat(profile.usesNonce()).isFalse();
    }
  }

  @Test
  void profilesAreSharedAndTheirListsAllocationFree() {
    assertThat(SecurityHeaders.strict()).isSameAs(SecurityHeaders.strict());
    assertThat(SecurityHeaders.strict().headersFor(true, null))
        .isSameAs(SecurityHeaders.strict().headersFor(true, "ignoredWithoutNoncePolicy"));
  }
}
