package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

  private static final CorsPolicy POLICY =
      CorsPolicy.builder()
          .allowOrigins("https://app.example.com", "https://*.example.com")
          .allowMethods("GET", "post", "PUT", "PATCH")
          .allowHeaders("Content-Type", "X-Custom")
          .exposeHeaders("X-Request-Id", "X-RateLimit-Remaining")
          .allowCredentials()
          .maxAge(Duration.ofHours(1))
          .build();

  private static final String VARY_PREFLIGHT =
      "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

  private static List<String> lines(List<ResponseHeader> headers) {
    return headers.stream().map(ResponseHeader::toString).toList();
  }

  @Nested
  class Preflight {

    @Test
    void allowedPreflightHasEveryHeader() {
      PreflightDecision d =
          POLICY.preflight("https://app.example.com", "PUT", List.of("content-type,x-custom"));

      assertThat(d.allowed()).isTrue();
      assertThat(d.status()).isEqualTo(204);
      assertThat(d.refusal()).isNull();
      assertThat(d.reason()).isNull();
      assertThat(lines(d.headers()))
          .containsExactly(
              "Access-Control-Allow-Origin: https://app.example.com",
              "Access-Control-Allow-Credentials: true",
              "Access-Control-Allow-Methods: GET, POST, PUT, PATCH",
              "Access-Control-Allow-Headers: Content-Type, X-Custom",
              "Access-Control-Max-Age: 3600",
              VARY_PREFLIGHT);
    }

    @Test
    void patternMatchEchoesTheRequestOrigin() {
      PreflightDecision d = POLICY.preflight("https://eu.api.example.com", "GET", List.of());
      assertThat(d.headers().get(0))
          .isEqualTo(ResponseHeader.of("Access-Control-Allow-Origin", "https://eu.api.example.com"));
    }

    @Test
    void requestHeadersAreSplitTrimmedAndCaseInsensitive() {
      assertThat(
              POLICY
                  .preflight(
                      "https://app.example.com",
                      "POST",
                      List.of(" CONTENT-TYPE ,\tx-custom", "", ",,", "Content-Type"))
                  .allowed())
          .isTrue();
    }

    @Test
    void unlistedHeaderIsRefusedWithReason() {
      PreflightDecision d =
          POLICY.preflight("https://app.example.com", "POST", List.of("content-type, x-evil"));

      assertThat(d.allowed()).isFalse();
      assertThat(d.status()).isEqualTo(403);
      assertThat(d.refusal()).isEqualTo(CorsRefusal.HEADER_NOT_ALLOWED);
      assertThat(d.reason()).isEqualTo("a request header is not allowed: \"x-evil\"");
      assertThat(lines(d.headers())).containsExactly(VARY_PREFLIGHT);
    }

    @Test
    void headerPrefixOfAnAllowedHeaderIsNotAllowed() {
      assertThat(POLICY.preflight("https://app.example.com", "POST", List.of("x-cust")).refusal())
          .isEqualTo(CorsRefusal.HEADER_NOT_ALLOWED);
      assertThat(POLICY.preflight("https://app.example.com", "POST", List.of("x-customs")).refusal())
          .isEqualTo(CorsRefusal.HEADER_NOT_ALLOWED);
    }

    @Test
    void nonTokenHeaderNamesNeverMatch() {
      CorsPolicy p = CorsPolicy.builder().allowOrigins("https://a.com").allowHeaders("X-Key").build();
      assertThat(p.preflight("https://a.com", "GET", List.of("x-key")).allowed()).isTrue();
      // U+212A KELVIN SIGN lower-cases to 'k'.
      assertThat(p.preflight("https://a.com", "GET", List.of("x-\u212Aey")).refusal())
          .isEqualTo(CorsRefusal.HEADER_NOT_ALLOWED);
    }

    @Test
    void unlistedMethodIsRefusedWithReason() {
      PreflightDecision d = POLICY.preflight("https://app.example.com", "DELETE", List.of());

      assertThat(d.refusal()).isEqualTo(CorsRefusal.METHOD_NOT_ALLOWED);
      assertThat(d.reason()).isEqualTo("the method is not allowed: \"DELETE\"");
      assertThat(d).hasToString("403 (the method is not allowed: \"DELETE\") [" + VARY_PREFLIGHT + "]");
    }

    @Test
    void methodsCompareCaseSensitivelyLikeFetch() {
      // Fetch upper-cases "post" but sends "patch" as written; configuration upper-cased "post".
      assertThat(POLICY.preflight("https://app.example.com", "POST", List.of()).allowed()).isTrue();
      assertThat(POLICY.preflight("https://app.example.com", "PATCH", List.of()).allowed()).isTrue();
      assertThat(POLICY.preflight("https://app.example.com", "patch", List.of()).refusal())
          .isEqualTo(CorsRefusal.METHOD_NOT_ALLOWED);
    }

    @Test
    void originIsCheckedBeforeMethodAndHeaders() {
      assertThat(POLICY.preflight("https://evil.com", "DELETE", List.of("x-evil")).refusal())
          .isEqualTo(CorsRefusal.ORIGIN_NOT_ALLOWED);
      assertThat(POLICY.preflight(null, "GET", List.of()).refusal())
          .isEqualTo(CorsRefusal.ORIGIN_MISSING);
    }

    @Test
    void hostileHeaderNamesAreQuotedInTheReason() {
      PreflightDecision d =
          POLICY.preflight("https://app.example.com", "GET", List.of("x\r\nSet-Cookie: a=b"));
      assertThat(d.reason()).isEqualTo("a request header is not allowed: \"x\\r\\nSet-Cookie: a=b\"");
    }

    @Test
    void privateNetworkIsRefusedUnlessOptedIn() {
      PreflightDecision refused = POLICY.preflight("https://app.example.com", "GET", List.of(), true);
      assertThat(refused.refusal()).isEqualTo(CorsRefusal.PRIVATE_NETWORK_NOT_ALLOWED);

      CorsPolicy optedIn =
          CorsPolicy.builder().allowOrigins("https://app.example.com").allowPrivateNetwork().build();
      PreflightDecision allowed = optedIn.preflight("https://app.example.com", "GET", List.of(), true);
      assertThat(lines(allowed.headers()))
          .containsExactly(
              "Access-Control-Allow-Origin: https://app.example.com",
              "Access-Control-Allow-Methods: GET, HEAD, POST",
              "Access-Control-Allow-Private-Network: true",
              "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers,"
                  + " Access-Control-Request-Private-Network");
      PreflightDecision notRequested = optedIn.preflight("https://app.example.com", "GET", List.of());
      assertThat(lines(notRequested.headers()))
          .doesNotContain("Access-Control-Allow-Private-Network: true");
    }

    @Test
    void nullArguments() {
      assertThatThrownBy(() -> POLICY.preflight("https://app.example.com", null, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("requestMethod");
      assertThatThrownBy(() -> POLICY.preflight("https://app.example.com", "GET", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("requestHeaders");
      assertThatThrownBy(
              () -> POLICY.preflight("https://app.example.com", "GET", Arrays.asList("content-type", null)))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void recognisesPreflightRequests() {
      assertThat(CorsPolicy.isPreflight("OPTIONS", "https://a.com", "PUT")).isTrue();
      assertThat(CorsPolicy.isPreflight("OPTIONS", null, "PUT")).isFalse();
      assertThat(CorsPolicy.isPreflight("OPTIONS", "https://a.com", null)).isFalse();
      assertThat(CorsPolicy.isPreflight("options", "https://a.com", "PUT")).isFalse();
      assertThat(CorsPolicy.isPreflight("GET", "https://a.com", "PUT")).isFalse();
    }
  }

  @Nested
  class Actual {

    @Test
    void allowedResponseExposesHeaders() {
      assertThat(lines(POLICY.actual("https://app.example.com").headers()))
          .containsExactly(
              "Access-Control-Allow-Origin: https://app.example.com",
              "Access-Control-Allow-Credentials: true",
              "Access-Control-Expose-Headers: X-Request-Id, X-RateLimit-Remaining",
              "Vary: Origin");
    }

    @Test
    void varyOriginEvenWithoutOriginOrWhenRefused() {
      CorsDecision missing = POLICY.actual(null);
      assertThat(missing.refusal()).isEqualTo(CorsRefusal.ORIGIN_MISSING);
      assertThat(lines(missing.headers())).containsExactly("Vary: Origin");
      assertThat(lines(POLICY.actual("https://evil.com").headers())).containsExactly("Vary: Origin");
      assertThat(missing).hasToString("refused (the request has no Origin header) [Vary: Origin]");
    }

    @Test
    void minimalPolicyAddsOnlyOriginAndVary() {
      CorsPolicy minimal = CorsPolicy.builder().allowOrigins("http://localhost:3000").build();
      assertThat(lines(minimal.actual("http://localhost:3000").headers()))
          .containsExactly("Access-Control-Allow-Origin: http://localhost:3000", "Vary: Origin");
      assertThat(lines(minimal.preflight("http://localhost:3000", "POST", List.of()).headers()))
          .containsExactly(
              "Access-Control-Allow-Origin: http://localhost:3000",
              "Access-Control-Allow-Methods: GET, HEAD, POST",
              VARY_PREFLIGHT);
    }
  }

  @Nested
  class AnyOrigin {

    private final CorsPolicy publicApi =
        CorsPolicy.builder().allowAnyOrigin().exposeHeaders("ETag").maxAge(Duration.ZERO).build();

    @Test
    void sameAnswerForEveryCallerAndNoVary() {
      CorsDecision d = publicApi.actual("https://anyone.net");
      assertThat(lines(d.headers()))
          .containsExactly("Access-Control-Allow-Origin: *", "Access-Control-Expose-Headers: ETag");
      assertThat(publicApi.actual(null)).isSameAs(d);
      assertThat(publicApi.actual("null")).isSameAs(d);
      assertThat(publicApi.isOriginAllowed("https://x.y")).isTrue();
      assertThat(publicApi.isOriginAllowed(null)).isFalse();
    }

    @Test
    void preflightAnswersWithStar() {
      assertThat(lines(publicApi.preflight("https://anyone.net", "GET", List.of()).headers()))
          .containsExactly(
              "Access-Control-Allow-Origin: *",
              "Access-Control-Allow-Methods: GET, HEAD, POST",
              "Access-Control-Max-Age: 0",
              VARY_PREFLIGHT);
      assertThat(publicApi.preflight("https://anyone.net", "DELETE", List.of()).refusal())
          .isEqualTo(CorsRefusal.METHOD_NOT_ALLOWED);
    }
  }

  @Nested
  class Builder {

    @Test
    void starWithCredentialsIsRejectedAtBuild() {
      CorsPolicyBuilder b = CorsPolicy.builder().allowAnyOrigin().allowCredentials();
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("allowCredentials() cannot be combined with allowAnyOrigin()");
    }

    @Test
    void needsOrigins() {
      assertThatThrownBy(() -> CorsPolicy.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no origin is allowed: call allowOrigins(...) or allowAnyOrigin()");
    }

    @Test
    void rejectsBadOrigins() {
      assertBadOrigin("null", "origin \"null\" is the opaque origin null, which is never allowed");
      assertBadOrigin("*", "use allowAnyOrigin() to allow every origin with *");
      assertBadOrigin("https://trusted.com/", "origin \"https://trusted.com/\" must not end with '/'");
      assertBadOrigin("https://a@trusted.com", "must not contain user information");
      assertBadOrigin("trusted.com", "must start with a scheme followed by ://");
      assertBadOrigin("https://*foo.com", "is not of the only allowed form https://*.example.com");
      assertBadOrigin("https://foo.*.com", "is not of the only allowed form");
      assertBadOrigin("*.foo.com", "is not of the only allowed form");
      assertBadOrigin("http://*.foo.com", "must use https");
      assertBadOrigin("https://*.com", "must cover a domain of at least two labels");
      assertBadOrigin("https://*.1.2.3", "must cover a domain of at least two labels");
      assertBadOrigin("https://*.*.foo.com", "contains '*'");
      assertBadOrigin("https://*.foo.com/", "must not end with '/'");
    }

    private void assertBadOrigin(String origin, String message) {
      assertThatThrownBy(() -> CorsPolicy.builder().allowOrigins(origin))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(message);
    }

    @Test
    void rejectsDuplicateOriginsAfterNormalisation() {
      assertThatThrownBy(
              () -> CorsPolicy.builder().allowOrigins("https://a.com", "HTTPS://A.COM:443"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("origin \"HTTPS://A.COM:443\" is the same as \"https://a.com\"");
      assertThatThrownBy(
              () -> CorsPolicy.builder().allowOrigins("https://*.a.com", "https://*.A.com:443"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patternWithPortMatchesOnlyThatPort() {
      CorsPolicy p = CorsPolicy.builder().allowOrigins("https://*.a.com:8443").build();
      assertThat(p.isOriginAllowed("https://x.a.com:8443")).isTrue();
      assertThat(p.isOriginAllowed("https://x.a.com")).isFalse();
      assertThat(p.isOriginAllowed("https://a.com:8443")).isFalse();
    }

    @Test
    void rejectsBadMethodsAndHeaders() {
      assertThatThrownBy(() -> CorsPolicy.builder().allowMethods("*"))
          .hasMessage("list the methods: '*' is not supported");
      assertThatThrownBy(() -> CorsPolicy.builder().allowMethods("TRACE"))
          .hasMessage("method TRACE is forbidden by Fetch");
      assertThatThrownBy(() -> CorsPolicy.builder().allowMethods("GE T"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("method must be a non-empty HTTP token");
      assertThatThrownBy(() -> CorsPolicy.builder().allowMethods())
          .hasMessage("allowMethods needs at least one method");
      assertThatThrownBy(() -> CorsPolicy.builder().allowHeaders("*"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("allowHeaders: list the header names");
      assertThatThrownBy(() -> CorsPolicy.builder().exposeHeaders("X-A\r\n"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"X-A\\r\\n\"");
      assertThatThrownBy(() -> CorsPolicy.builder().maxAge(Duration.ofSeconds(-1)))
          .hasMessage("maxAge must be >= 0 but was PT-1S");
    }

    @Test
    void settingsAreMadeOnce() {
      assertThatThrownBy(() -> CorsPolicy.builder().allowOrigins("https://a.com").allowAnyOrigin())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("allowOrigins or allowAnyOrigin was already called");
      assertThatThrownBy(() -> CorsPolicy.builder().allowMethods("GET").allowMethods("PUT"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("allowMethods was already called");
      assertThatThrownBy(() -> CorsPolicy.builder().allowCredentials().allowCredentials())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> CorsPolicy.builder().maxAge(Duration.ZERO).maxAge(Duration.ZERO))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nullArguments() {
      assertThatThrownBy(() -> CorsPolicy.builder().allowOrigins((String) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("origin");
      assertThatThrownBy(() -> CorsPolicy.builder().maxAge(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("maxAge");
    }

    @Test
    void describesItself() {
      assertThat(POLICY)
          .hasToString(
              "CorsPolicy{origins=[https://app.example.com, https://*.example.com],"
                  + " methods=[GET, POST, PUT, PATCH], allowHeaders=[Content-Type, X-Custom],"
                  + " exposeHeaders=[X-Request-Id, X-RateLimit-Remaining], credentials=true,"
                  + " maxAgeSeconds=3600, privateNetwork=false}");
    }
  }
}
