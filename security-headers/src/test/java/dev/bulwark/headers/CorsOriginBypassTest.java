package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classic ways hand-written CORS checks are bypassed, each as a request that must be refused
 * (or, for the normalisation cases, allowed) by a policy built the obvious way.
 */
class CorsOriginBypassTest {

  private static final CorsPolicy POLICY =
      CorsPolicy.builder()
          .allowOrigins(
              "https://trusted.com",
              "http://127.0.0.1",
              "https://foo.com",
              "https://bar.com",
              "https://*.foo.com",
              "https://*.bar.com")
          .allowCredentials()
          .build();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // suffix / prefix / regex-dot confusions
        "https://trusted.com.attacker.io | ORIGIN_NOT_ALLOWED",
        "https://trustedXcom             | ORIGIN_NOT_ALLOWED",
        "https://trusted-com.attacker.io | ORIGIN_NOT_ALLOWED",
        "https://eviltrusted.com         | ORIGIN_NOT_ALLOWED",
        "https://trusted.co              | ORIGIN_NOT_ALLOWED",
        "https://sub.trusted.com         | ORIGIN_NOT_ALLOWED",
        "http://127.0.0.1.evil.com       | ORIGIN_NOT_ALLOWED",
        "http://127.0.0.10               | ORIGIN_NOT_ALLOWED",
        // suffix sharing: foo.com and bar.com never allow barfoo.com or foobar.com
        "https://barfoo.com              | ORIGIN_NOT_ALLOWED",
        "https://foobar.com              | ORIGIN_NOT_ALLOWED",
        "https://x.barfoo.com            | ORIGIN_NOT_ALLOWED",
        "https://foo.com.bar             | ORIGIN_NOT_ALLOWED",
        // scheme and port are part of the tuple
        "http://trusted.com              | ORIGIN_NOT_ALLOWED",
        "https://trusted.com:8443        | ORIGIN_NOT_ALLOWED",
        "http://127.0.0.1:8080           | ORIGIN_NOT_ALLOWED",
        "http://a.foo.com                | ORIGIN_NOT_ALLOWED",
        "https://a.foo.com:8443          | ORIGIN_NOT_ALLOWED",
        "wss://trusted.com               | ORIGIN_NOT_ALLOWED",
        // the opaque origin
        "null                            | ORIGIN_NULL",
        "Null                            | ORIGIN_NULL",
        // userinfo, paths and other things that are not origins
        "https://trusted.com@attacker.io | ORIGIN_MALFORMED",
        "https://attacker.io@trusted.com | ORIGIN_MALFORMED",
        "https://user:pw@trusted.com     | ORIGIN_MALFORMED",
        "https://trusted.com/            | ORIGIN_MALFORMED",
        "https://trusted.com/path        | ORIGIN_MALFORMED",
        "https://trusted.com?x           | ORIGIN_MALFORMED",
        "https://trusted.com#x           | ORIGIN_MALFORMED",
        "https://trusted.com.            | ORIGIN_MALFORMED",
        "trusted.com                     | ORIGIN_MALFORMED",
        "//trusted.com                   | ORIGIN_MALFORMED",
        "https://*.foo.com               | ORIGIN_MALFORMED",
        "*                               | ORIGIN_MALFORMED",
        "https://trusted%2Ecom           | ORIGIN_MALFORMED",
        "https://\u212Aey.foo.com        | ORIGIN_MALFORMED",
      })
  void refused(String origin, CorsRefusal expected) {
    CorsDecision actual = POLICY.actual(origin);
    assertThat(actual.allowed()).isFalse();
    assertThat(actual.refusal()).isEqualTo(expected);
    assertThat(actual.headers()).containsExactly(ResponseHeader.of("Vary", "Origin"));
    assertThat(POLICY.isOriginAllowed(origin)).isFalse();

    PreflightDecision preflight = POLICY.preflight(origin, "GET", List.of());
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.refusal()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://trusted.com",
        "HTTPS://TRUSTED.COM",
        "https://Trusted.Com",
        "https://trusted.com:443",
        "http://127.0.0.1",
        "http://127.0.0.1:80",
        "https://foo.com",
        "https://a.foo.com",
        "https://A.B.FOO.COM",
        "https://a.foo.com:443",
        "https://x-y.bar.com",
        "https://bar.com",
      })
  void allowedAndEchoedExactlyAsSent(String origin) {
    CorsDecision actual = POLICY.actual(origin);
    assertThat(actual.allowed()).isTrue();
    assertThat(actual.headers())
        .containsExactly(
            ResponseHeader.of("Access-Control-Allow-Origin", origin),
            ResponseHeader.of("Access-Control-Allow-Credentials", "true"),
            ResponseHeader.of("Vary", "Origin"));
    assertThat(POLICY.isOriginAllowed(origin)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://trusted.com", "http://127.0.0.1", "https://foo.com"})
  void canonicalOriginsGetSharedDecisions(String origin) {
    assertThat(POLICY.actual(origin)).isSameAs(POLICY.actual(origin));
    assertThat(POLICY.preflight(origin, "GET", List.of()))
        .isSameAs(POLICY.preflight(origin, "GET", List.of()));
  }
}
