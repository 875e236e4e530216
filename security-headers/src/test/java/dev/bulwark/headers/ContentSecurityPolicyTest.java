package dev.bulwark.headers;

import static dev.bulwark.headers.CspDirective.BASE_URI;
import static dev.bulwark.headers.CspDirective.CONNECT_SRC;
import static dev.bulwark.headers.CspDirective.DEFAULT_SRC;
import static dev.bulwark.headers.CspDirective.FORM_ACTION;
import static dev.bulwark.headers.CspDirective.FRAME_ANCESTORS;
import static dev.bulwark.headers.CspDirective.IMG_SRC;
import static dev.bulwark.headers.CspDirective.OBJECT_SRC;
import static dev.bulwark.headers.CspDirective.SCRIPT_SRC;
import static dev.bulwark.headers.CspDirective.SCRIPT_SRC_ATTR;
import static dev.bulwark.headers.CspDirective.STYLE_SRC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

  /** Deterministic "random": every byte is {@code fill}. */
  static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte fill;

    FixedRandom(int fill) {
      this.fill = (byte) fill;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, fill);
    }
  }

  @Test
  void everyDirectiveInCanonicalOrder() {
    ContentSecurityPolicyBuilder b = ContentSecurityPolicy.builder();
    // Added in reverse order: output order is the enum's.
    CspDirective[] all = CspDirective.values();
    for (int i = all.length - 1; i >= 0; i--) {
      b.directive(all[i], "'self'");
    }
    ContentSecurityPolicy csp =
        b.sandbox("allow-scripts", "ALLOW-FORMS")
            .upgradeInsecureRequests(true)
            .reportUri("/csp-reports", "https://reports.example.com/csp")
            .reportTo("csp-endpoint")
            .build();

    assertThat(csp.headerValue(null))
        .isEqualTo(
            "default-src 'self'; child-src 'self'; connect-src 'self'; font-src 'self';"
                + " frame-src 'self'; img-src 'self'; manifest-src 'self'; media-src 'self';"
                + " object-src 'self'; script-src 'self'; script-src-elem 'self';"
                + " script-src-attr 'self'; style-src 'self'; style-src-elem 'self';"
                + " style-src-attr 'self'; worker-src 'self'; base-uri 'self';"
                + " frame-ancestors 'self'; form-action 'self'; sandbox allow-scripts allow-forms;"
                + " upgrade-insecure-requests; report-uri /csp-reports"
                + " https://reports.example.com/csp; report-to csp-endpoint");
    assertThat(csp.headerName()).isEqualTo("Content-Security-Policy");
    assertThat(csp.usesNonce()).isFalse();
    assertThat(csp.header(null)).isSameAs(csp.header("ignoredWhenNoNonceIsUsed"));
  }

  @Test
  void strictNoncePolicyWithStrictDynamic() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(SCRIPT_SRC, "'strict-dynamic'", "https:", "'unsafe-inline'")
            .nonce(SCRIPT_SRC)
            .directive(OBJECT_SRC, "'none'")
            .directive(BASE_URI, "'none'")
            .secureRandom(new FixedRandom(0xFB))
            .build();

    String nonce = csp.newNonce();

    assertThat(nonce).isEqualTo("+/v7+/v7+/v7+/v7+/v7+w==");
    assertThat(csp.headerValue(nonce))
        .isEqualTo(
            "object-src 'none'; script-src 'nonce-+/v7+/v7+/v7+/v7+/v7+w==' 'strict-dynamic' https:"
                + " 'unsafe-inline'; base-uri 'none'");
    assertThat(csp).hasToString(
        "object-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic' https: 'unsafe-inline';"
            + " base-uri 'none'");
    assertThat(csp.usesNonce()).isTrue();
    assertThat(csp.nonceDirectives()).containsExactly(SCRIPT_SRC);
  }

  @Test
  void nonceInScriptAndStyleUsesTheSameValue() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(DEFAULT_SRC, "'self'")
            .nonce(STYLE_SRC)
            .nonce(SCRIPT_SRC)
            .build();
    String nonce = "abcdefghijklmnopqrstuv";
    assertThat(csp.headerValue(nonce))
        .isEqualTo("default-src 'self'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'");
    assertThat(csp.header(nonce)).isEqualTo(ResponseHeader.of("Content-Security-Policy", csp.headerValue(nonce)));
  }

  @Test
  void nonceInThreeDirectivesUsesTheSameValue() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder().nonce(DEFAULT_SRC).nonce(STYLE_SRC).nonce(SCRIPT_SRC).build();
    String nonce = "abcdefghijklmnopqrstuv";
    assertThat(csp.headerValue(nonce)).isEqualTo("default-src 'nonce-" + nonce + "'; script-src 'nonce-"
        + nonce + "'; style-src 'nonce-" + nonce + "'");
  }

  @Test
  void noncesAreFreshBase64Of128Bits() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.builder().nonce(SCRIPT_SRC).build();
    Set<String> seen = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> seen.add(csp.newNonce()));

    assertThat(seen).hasSize(1000);
    assertThat(seen).allSatisfy(n -> assertThat(n).matches("[A-Za-z0-9+/]{22}=="));
  }

  @Test
  void nonceIsRequiredAndValidated() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.builder().nonce(SCRIPT_SRC).build();

    assertThatThrownBy(() -> csp.headerValue(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nonce is required");
    assertThatThrownBy(() -> csp.headerValue("short"))
        .hasMessage("nonce must be 22 to 256 base64 characters (at least 128 bits) but was \"short\"");
    assertThatThrownBy(() -> csp.headerValue("abcdefghijklmnopqrstuv'; script-src *"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> csp.headerValue("abcdefghijklmnopqrstuv\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> csp.headerValue("abcdefghijklmnopqrstuv==="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(csp.headerValue("abcdefghijklmnopqrstu-_=="))
        .isEqualTo("script-src 'nonce-abcdefghijklmnopqrstu-_=='");
  }

  @Test
  void hashesAreComputedFromTheExactScriptText() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(SCRIPT_SRC, "'self'")
            .hash(SCRIPT_SRC, "alert('Hello, world.');")
            .hash(SCRIPT_SRC, "")
            .hash(SCRIPT_SRC, "alert('Hello, world.');")
            .build();

    assertThat(csp.headerValue(null))
        .isEqualTo(
            "script-src 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
                + " 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'self'");
    assertThat(ContentSecurityPolicy.sha256Source("alert('Hello, world.');"))
        .isEqualTo("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    assertThat(csp.hashes(SCRIPT_SRC)).hasSize(2);
  }

  @Test
  void reportOnlyModeChangesTheHeaderName() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(DEFAULT_SRC, "'self'")
            .reportOnly(true)
            .reportTo("csp")
            .build();
    assertThat(csp.reportOnly()).isTrue();
    assertThat(csp.header(null))
        .isEqualTo(ResponseHeader.of("Content-Security-Policy-Report-Only", "default-src 'self'; report-to csp"));
  }

  @Test
  void sourcesAreNormalised() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(IMG_SRC, "'SELF'", "DATA:", "https://CDN.example.com:443/img/", "*.example.com", "*")
            .directive(CONNECT_SRC, "wss://live.example.com:*", "http://127.0.0.1:8080")
            .directive(STYLE_SRC, "'Unsafe-Inline'", "'SHA256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
            .build();
    assertThat(csp.headerValue(null))
        .isEqualTo(
            "connect-src wss://live.example.com:* http://127.0.0.1:8080;"
                + " img-src 'self' data: https://CDN.example.com:443/img/ *.example.com *;"
                + " style-src 'unsafe-inline' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    assertThat(csp.sources(IMG_SRC)).containsExactly("'self'", "data:", "https://CDN.example.com:443/img/", "*.example.com", "*");
    assertThat(csp.sources(OBJECT_SRC)).isEmpty();
  }

  @Test
  void toBuilderReplacesEachSettingOnce() {
    ContentSecurityPolicy base = SecurityHeaders.strict().contentSecurityPolicy();
    assertThat(base).isNotNull();
    ContentSecurityPolicy changed =
        base.toBuilder()
            .directive(FORM_ACTION, "'self'", "https://login.example.com")
            .remove(BASE_URI)
            .nonce(SCRIPT_SRC)
            .directive(SCRIPT_SRC, "'strict-dynamic'")
            .build();
    assertThat(changed.toString())
        .isEqualTo(
            "default-src 'self'; object-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic';"
                + " frame-ancestors 'none'; form-action 'self' https://login.example.com");
    assertThatThrownBy(() -> base.toBuilder().directive(FRAME_ANCESTORS, "'self'").directive(FRAME_ANCESTORS, "'none'"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("frame-ancestors was already set to ['self']");
    assertThat(base.toBuilder().build().headerValue(null)).isEqualTo(base.headerValue(null));
  }

  @Test
  void crossFieldRulesAreCheckedAtBuild() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the policy has no directive");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(SCRIPT_SRC, "'strict-dynamic'").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("'strict-dynamic' in script-src only trusts scripts loaded by a nonced or hashed script");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(SCRIPT_SRC, "'none'").nonce(SCRIPT_SRC).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("script-src is 'none' but also has a nonce or hash; 'none' must stand alone");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().sandbox().reportOnly(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("browsers ignore sandbox in a report-only policy; enforce it or leave it out");
    assertThat(ContentSecurityPolicy.builder().directive(SCRIPT_SRC, "'strict-dynamic'").hash(SCRIPT_SRC, "x").build().headerValue(null))
        .startsWith("script-src 'sha256-");
    assertThat(ContentSecurityPolicy.builder().sandbox().build().headerValue(null)).isEqualTo("sandbox");
  }

  @Test
  void settingsAreMadeOnce() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(IMG_SRC, "'self'").directive(IMG_SRC, "data:"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("img-src was already set to ['self']");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().nonce(SCRIPT_SRC).nonce(SCRIPT_SRC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nonce(SCRIPT_SRC) was already called");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportOnly(true).reportOnly(false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportTo("a").reportTo("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("report-to was already set to a");
  }

  @Test
  void nonceAndHashDirectivesAreChecked() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().nonce(IMG_SRC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nonces do not apply to img-src");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().nonce(SCRIPT_SRC_ATTR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().hash(FRAME_ANCESTORS, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hashes do not apply to frame-ancestors");
  }

  @Test
  void nullArguments() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(null, "'self'"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("directive");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(IMG_SRC, (String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().secureRandom(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("secureRandom");
  }
}
