package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HstsModeTest {

  private static List<String> names(SecurityHeaders headers, boolean secure) {
    List<String> out = new ArrayList<>();
    for (ResponseHeader h : headers.headersFor(secure, null)) {
      out.add(h.name());
    }
    return out;
  }

  private static SecurityHeadersBuilder withHsts() {
    return SecurityHeaders.builder().strictTransportSecurity(Duration.ofDays(365), true, false);
  }

  @Test
  void secureOnlyIsTheDefault() {
    SecurityHeaders plain = withHsts().build();
    SecurityHeaders explicit = withHsts().hsts(HstsMode.SECURE_ONLY).build();
    for (SecurityHeaders h : List.of(plain, explicit)) {
      assertThat(names(h, true)).contains("Strict-Transport-Security");
      assertThat(names(h, false)).doesNotContain("Strict-Transport-Security");
    }
  }

  @Test
  void alwaysSendsItOnPlainRequestsToo() {
    SecurityHeaders h = SecurityHeaders.builder().hsts(HstsMode.ALWAYS)
        .strictTransportSecurity(Duration.ofDays(365), true, false).build();
    assertThat(names(h, false)).contains("Strict-Transport-Security");
    assertThat(names(h, true)).contains("Strict-Transport-Security");
  }

  @Test
  void neverDropsTheProfilesHeader() {
    assertThat(names(SecurityHeaders.legacy(), true)).contains("Strict-Transport-Security");
    SecurityHeaders h = SecurityHeaders.legacy().toBuilder().hsts(HstsMode.NEVER).build();
    assertThat(names(h, true)).doesNotContain("Strict-Transport-Security");
  }

  @Test
  void alwaysWithoutAHeaderAndTwiceAreErrors() {
    assertThatThrownBy(() -> SecurityHeaders.builder().hsts(HstsMode.ALWAYS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a Strict-Transport-Security header");
    assertThatThrownBy(() -> withHsts().hsts(HstsMode.NEVER).hsts(HstsMode.ALWAYS))
        .isInstanceOf(IllegalStateException.class).hasMessage("hsts was already set to NEVER");
  }
}
