package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeExchange#clientAddress()}: the client as the edge's resolver sees it, so that a
 * handler granting anything by address never trusts a proxy's peer address for every client.
 */
class ExchangeClientAddressTest {

  private final Edge behindProxy = Edge.builder().ticker(new ManualTicker())
      .clientIpResolver(ClientIpResolver.trustedProxies("127.0.0.1"))
      .route(Route.builder("/admin").name("admin").build())
      .route(Route.builder("/limited").name("limited").rateLimit(RateLimitGate.of("1/minute")).build())
      .build();

  @Test
  void behindATrustedProxyTheForwardedClientIsTheAddress() {
    EdgeExchange viaProxy = behindProxy.begin(FakeRequest.get("/admin").peer("127.0.0.1")
        .header("X-Forwarded-For", "203.0.113.9"));
    EdgeExchange local = behindProxy.begin(FakeRequest.get("/admin").peer("127.0.0.1"));
    EdgeExchange spoofed = behindProxy.begin(FakeRequest.get("/admin").peer("198.51.100.7")
        .header("X-Forwarded-For", "127.0.0.1"));

    assertThat(viaProxy.clientAddress()).isEqualTo("203.0.113.9");
    assertThat(local.clientAddress()).isEqualTo("127.0.0.1");
    assertThat(spoofed.clientAddress()).isEqualTo("198.51.100.7");
  }

  @Test
  void aRejectedExchangeKnowsItsClientToo() {
    behindProxy.begin(FakeRequest.get("/limited").peer("127.0.0.1").header("X-Forwarded-For", "203.0.113.9"));
    EdgeExchange refused = behindProxy.begin(FakeRequest.get("/limited").peer("127.0.0.1")
        .header("X-Forwarded-For", "203.0.113.9"));

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.clientAddress()).isEqualTo("203.0.113.9");
  }
}
