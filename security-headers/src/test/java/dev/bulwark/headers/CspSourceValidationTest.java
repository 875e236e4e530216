package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CspSourceValidationTest {

  @Test
  void unquotedSelfSaysToWriteQuotedSelf() {
    assertThatThrownBy(
            () -> ContentSecurityPolicy.builder().directive(CspDirective.SCRIPT_SRC, "self"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "source \"self\" of script-src must be quoted: write 'self' (with the single quotes);"
                + " unquoted, it would name a host called self");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // unquoted keywords
        "DEFAULT_SRC     | none                      | must be quoted: write 'none'",
        "SCRIPT_SRC      | unsafe-inline             | must be quoted: write 'unsafe-inline'",
        "SCRIPT_SRC      | Strict-Dynamic            | must be quoted: write 'strict-dynamic'",
        "SCRIPT_SRC      | sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | must be quoted",
        "SCRIPT_SRC      | nonce-abc                 | is a nonce; call nonce(SCRIPT_SRC) instead",
        // quoting and keywords
        "SCRIPT_SRC      | 'self                     | has unbalanced single quotes",
        "SCRIPT_SRC      | ''                        | has unbalanced single quotes",
        "SCRIPT_SRC      | 'se'lf'                   | has unbalanced single quotes",
        "SCRIPT_SRC      | 'selfish'                 | is not a CSP keyword",
        "SCRIPT_SRC      | 'nonce-abcdefghijklmnopqrstuv' | is a fixed nonce",
        "SCRIPT_SRC      | 'sha256-abc'              | is not a valid sha256 hash",
        "SCRIPT_SRC      | 'sha1-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' | is not a CSP keyword",
        "SCRIPT_SRC      | 'sha384-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' | is not a valid sha384 hash",
        // keywords in directives where they mean nothing
        "IMG_SRC         | 'unsafe-inline'           | has no effect there",
        "FRAME_ANCESTORS | 'unsafe-inline'           | has no effect there",
        "STYLE_SRC       | 'unsafe-eval'             | has no effect there",
        "STYLE_SRC       | 'strict-dynamic'          | has no effect there",
        "SCRIPT_SRC_ATTR | 'strict-dynamic'          | has no effect there",
        "BASE_URI        | 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' | has no effect there",
        // injection and whitespace
        "SCRIPT_SRC      | 'self'; script-src *      | contains ';', which would end the directive or the policy",
        "SCRIPT_SRC      | 'self' https://a.com     | contains whitespace, a control character or non-ASCII",
        "SCRIPT_SRC      | https://a.com;img-src     | contains ';', which would end the directive or the policy",
        "SCRIPT_SRC      | https://a.com,https://b   | contains ',', which would end the directive or the policy",
        "SCRIPT_SRC      | ''                        | has unbalanced single quotes",
        "IMG_SRC         | https://é.com             | contains whitespace, a control character or non-ASCII",
        // host sources
        "IMG_SRC         | https://                  | is not a valid host source: the host is empty",
        "IMG_SRC         | 1https://a.com            | is not a valid host source: the scheme before :// is invalid",
        "IMG_SRC         | https://a..com            | is not a valid host source: the host has an empty label",
        "IMG_SRC         | https://a_b.com           | is not a valid host source: the host may contain only letters",
        "IMG_SRC         | https://*a.com            | '*' must be the whole host or the first label",
        "IMG_SRC         | https://a.*.com           | the host may contain only letters",
        "IMG_SRC         | https://a.com:0           | the port must be '*' or a number from 1 to 65535",
        "IMG_SRC         | https://a.com:70000       | the port must be '*' or a number from 1 to 65535",
        "IMG_SRC         | https://a.com:            | the port must be '*' or a number from 1 to 65535",
        "IMG_SRC         | https://a.com?x=1         | the host may contain only letters",
        "IMG_SRC         | https://a.com:80?x=1      | unexpected",
        "IMG_SRC         | https://a.com/%zz         | the path has a '%' not followed by two hex digits",
        "IMG_SRC         | https://a.com/a'b         | the path may contain only URL path characters",
        "IMG_SRC         | https://[::1]             | the host may contain only letters",
        "IMG_SRC         | https://user@a.com        | the host may contain only letters",
      })
  void invalidSourcesAreRejectedWithTheReason(CspDirective directive, String source, String reason) {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(directive, source))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("source ")
        .hasMessageContaining(" of " + directive.directiveName() + " ")
        .hasMessageContaining(reason);
  }

  @Test
  void controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(
            () ->
                ContentSecurityPolicy.builder()
                    .directive(CspDirective.IMG_SRC, "https://a.com\r\nSet-Cookie:x"))
        .hasMessageStartingWith("source \"https://a.com\\r\\nSet-Cookie:x\" of img-src contains");
  }

  @Test
  void noneMustStandAloneAndSourcesMustNotRepeat() {
    assertThatThrownBy(
            () -> ContentSecurityPolicy.builder().directive(CspDirective.IMG_SRC, "'none'", "'self'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'none' must be the only source of img-src but was given with ['none', 'self']");
    assertThatThrownBy(
            () -> ContentSecurityPolicy.builder().directive(CspDirective.IMG_SRC, "'self'", "'SELF'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source \"'SELF'\" appears twice in img-src");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(CspDirective.IMG_SRC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("img-src needs at least one source; use 'none' to allow nothing");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive(CspDirective.IMG_SRC, ""))
        .hasMessage("a source of img-src must not be empty");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*",
        "https:",
        "blob:",
        "example.com",
        "*.example.com",
        "https://*.example.com:*",
        "http://localhost:8080/path/file.js",
        "https://example.com./",
        "example.com/a~b_(c)!$&+=@:%2F",
      })
  void validHostAndSchemeSources(String source) {
    assertThat(
            ContentSecurityPolicy.builder()
                .directive(CspDirective.IMG_SRC, source)
                .build()
                .headerValue(null))
        .isEqualTo("img-src " + source);
  }

  @Test
  void otherSettingsAreValidated() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().sandbox("allow-everything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sandbox flag \"allow-everything\" is not one of [allow-downloads,");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportUri("javascript:alert(1)"))
        .hasMessage("report URI \"javascript:alert(1)\" must be an http(s) URL or a path starting with /");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportUri("//evil.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportUri("/a; script-src *"))
        .hasMessageContaining("must not contain whitespace, control characters, non-ASCII, ';' or ','");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportUri())
        .hasMessage("reportUri needs at least one URI");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportTo("csp endpoint"))
        .hasMessageStartingWith("report-to endpoint name must be a non-empty HTTP token");
  }
}
