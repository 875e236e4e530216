package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/** HSTS behind a TLS-terminating proxy: X-Forwarded-Proto and Forwarded proto= from trusted proxies only. */
class ForwardedProtoTest {

  private final ClientIpResolver resolver = ClientIpResolver.trustedProxies("10.0.0.0/8");

  @Test
  void aTrustedProxysProtoCounts() {
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1").header("X-Forwarded-Proto", "https"))).isTrue();
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1").header("X-Forwarded-Proto", "http, HTTPS")))
        .isTrue();
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1").header("X-Forwarded-Proto", "https, http")))
        .isFalse();
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1")
        .header("Forwarded", "for=192.0.2.1;proto=http, for=198.51.100.2;proto=\"https\"")
        .header("X-Forwarded-Proto", "http"))).isTrue();
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1").header("Forwarded", "for=192.0.2.1")
        .header("X-Forwarded-Proto", "https"))).isTrue();
    assertThat(resolver.secure(FakeRequest.get("/").peer("10.0.0.1"))).isFalse();
  }

  @Test
  void anUntrustedPeerCannotClaimHttps() {
    assertThat(resolver.secure(FakeRequest.get("/").peer("192.0.2.9").header("X-Forwarded-Proto", "https"))).isFalse();
    assertThat(resolver.secure(FakeRequest.get("/").peer("192.0.2.9").header("Forwarded", "proto=https"))).isFalse();
    assertThat(ClientIpResolver.peer().secure(FakeRequest.get("/").header("X-Forwarded-Proto", "https"))).isFalse();
    assertThat(ClientIpResolver.peer().secure(FakeRequest.get("/").overTls())).isTrue();
  }

  @Test
  void theEdgeSendsHstsForARequestTheProxySaysWasHttps() {
    Edge edge = Edge.builder().clientIpResolver(resolver).securityHeaders(SecurityHeaders.legacy()).build();
    RecordingResponse viaProxy = new RecordingResponse();
    EdgeExchange e = edge.begin(FakeRequest.get("/").peer("10.0.0.1").header("X-Forwarded-Proto", "https"));
    e.writeHeaders(viaProxy);
    e.complete(200);
    assertThat(viaProxy.get("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");

    RecordingResponse forged = new RecordingResponse();
    EdgeExchange f = edge.begin(FakeRequest.get("/").peer("192.0.2.9").header("X-Forwarded-Proto", "https"));
    f.writeHeaders(forged);
    f.complete(200);
    assertThat(forged.containsHeader("Strict-Transport-Security")).isFalse();
  }
}
